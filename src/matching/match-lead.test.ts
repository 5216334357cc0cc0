import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountIndex } from './account-index.ts';
import { matchLead } from './match-lead.ts';
import { DEFAULT_MATCH_CONFIG, type MatchAccountInput } from './match-types.ts';

const accounts: MatchAccountInput[] = [
  { id: 'gm', name: 'General Motors Company', website: 'https://www.gm.com', country: 'US' },
  { id: 'gmills', name: 'General Mills, Inc.', website: 'generalmills.com', country: 'US' },
  { id: 'gd', name: 'General Dynamics Corporation', website: 'gd.com', domains: ['gdit.com'], country: 'US' },
  { id: 'nfoods', name: 'Nordic Foods A/S', website: 'nordicfoods.dk', country: 'DK' },
  { id: 'nfeeds', name: 'Nordic Feeds AB', website: 'nordicfeeds.se', country: 'SE' },
  { id: 'marel', name: 'Marel hf.', website: 'marel.com', country: 'IS' },
  { id: 'toyota', name: 'トヨタ自動車株式会社', website: 'toyota.co.jp', country: 'JP' },
  {
    id: 'shared-prospect',
    name: 'Globex Nordic',
    domains: ['globex.com'],
    lifecycle: 'prospect',
    contactCount: 50,
  },
  {
    id: 'shared-customer',
    name: 'Globex Inc',
    domains: ['globex.com'],
    lifecycle: 'customer',
    contactCount: 1,
  },
  { id: 'twin-a', name: 'Initech', domains: ['initech.com'], contactCount: 3 },
  { id: 'twin-b', name: 'Initech', domains: ['initech.com'], contactCount: 9 },
  { id: 'parent', name: 'Umbrella Group', domains: ['umbrella.com'] },
  { id: 'child', name: 'Umbrella Group', domains: ['umbrella.com'], parentId: 'parent' },
];
const index = AccountIndex.build(accounts);
const match = (lead: Parameters<typeof matchLead>[1]) => matchLead(index, lead);

describe('matcher', () => {
  test('domain and name agreeing is a strong match with evidence', () => {
    const r = match({ email: 'jane@gm.com', company: 'General Motors', country: 'USA' });
    assert.equal(r.status, 'matched');
    assert.equal(r.accountId, 'gm');
    assert.equal(r.method, 'domain_name');
    assert.ok(r.confidence >= 0.95);
    assert.ok(r.evidence.some((e) => e.includes('gm.com')));
    assert.ok(r.evidence.some((e) => e.includes('name similarity 1.00')));
  });
  test('subdomain and alias domains', () => {
    const sub = match({ email: 'a@eu.gdit.com' });
    assert.equal(sub.accountId, 'gd');
    assert.equal(sub.method, 'subdomain');
    const alias = match({ email: 'a@gdit.com' });
    assert.equal(alias.method, 'alias_domain');
    assert.equal(alias.status, 'matched');
    assert.equal(match({ website: 'https://www.nordicfoods.dk/shop' }).accountId, 'nfoods');
  });
  test('a single signal is weaker than agreeing signals; threshold decides strong vs weak', () => {
    const fuzzyOnly = match({ company: 'Genral Mills' });
    assert.equal(fuzzyOnly.status, 'weak');
    assert.equal(fuzzyOnly.accountId, 'gmills');
    assert.ok(fuzzyOnly.reason?.includes('below the threshold'));
    const withCountry = match({ company: 'Genral Mills', country: 'US' });
    assert.equal(withCountry.status, 'matched');
    assert.equal(withCountry.method, 'name_country');
    assert.ok(withCountry.confidence > fuzzyOnly.confidence);
    // An exact, distinctive name no other account resembles reaches the default threshold on its own.
    const exactOnly = match({ company: 'General Mills Inc' });
    assert.equal(exactOnly.status, 'matched');
    assert.ok(exactOnly.evidence.some((e) => e.includes('distinctive')));
    assert.equal(
      matchLead(index, { company: 'General Mills' }, { ...DEFAULT_MATCH_CONFIG, threshold: 0.85 }).status,
      'weak',
    );
    const strict = matchLead(
      index,
      { company: 'General Mills', country: 'US' },
      { ...DEFAULT_MATCH_CONFIG, threshold: 0.97 },
    );
    assert.equal(strict.status, 'weak');
  });
  test('free and disposable email domains never match on domain', () => {
    const free = match({ email: 'someone@gmail.com' });
    assert.equal(free.status, 'none');
    assert.match(free.reason ?? '', /free webmail/);
    const disposable = match({ email: 'x@mailinator.com' });
    assert.equal(disposable.status, 'none');
    assert.match(disposable.reason ?? '', /disposable/);
    const freeWithCompany = match({ email: 'someone@gmail.com', company: 'Marel ehf', country: 'Iceland' });
    assert.equal(freeWithCompany.accountId, 'marel');
    assert.equal(freeWithCompany.method, 'name_country');
  });
  test('near-miss names do not match', () => {
    for (const company of ['General Foods', 'General Electric', 'General']) {
      const r = match({ email: 'x@gmail.com', company, country: 'US' });
      assert.equal(r.status, 'none', company);
    }
    const feeds = match({ email: 'x@hotmail.com', company: 'Nordic Feeds', country: 'DK' });
    assert.notEqual(feeds.accountId, 'nfoods');
    const foods = match({ email: 'x@hotmail.com', company: 'Nordic Foods', country: 'DK' });
    assert.equal(foods.accountId, 'nfoods');
    assert.equal(match({ company: 'General Motors', country: 'US' }).accountId, 'gm');
    assert.equal(match({ company: 'General Dynamics', country: 'US' }).accountId, 'gd');
  });
  test('typos and legal forms in other languages still match the right account', () => {
    const r = match({ email: 'x@gmail.com', company: 'Nordik Foods ApS', country: 'Danmark' });
    assert.equal(r.accountId, 'nfoods');
    assert.equal(r.status, 'matched');
    assert.equal(match({ company: '株式会社トヨタ自動車', country: 'JP' }).accountId, 'toyota');
  });
  test('country disagreement weakens a name match', () => {
    const r = match({ company: 'Nordic Foods', country: 'SE' });
    assert.notEqual(r.status, 'matched');
  });
  test('a name that contradicts the domain makes the match weak, initials do not', () => {
    const r = match({ email: 'x@gm.com', company: 'Totally Different Co' });
    assert.equal(r.status, 'weak');
    assert.match(r.evidence.join(' '), /disagrees/);
    const initials = match({ email: 'x@gm.com', company: 'GM' });
    assert.equal(initials.status, 'matched');
  });
  test('tie-breakers: customer over prospect, most contacts, parent over child', () => {
    const shared = match({ email: 'a@globex.com' });
    assert.equal(shared.accountId, 'shared-customer');
    assert.match(shared.evidence.join(' '), /customer over prospect/);
    assert.equal(match({ email: 'a@initech.com', company: 'Initech' }).accountId, 'twin-b');
    assert.equal(match({ email: 'a@umbrella.com' }).accountId, 'parent');
    const byContacts = matchLead(
      index,
      { email: 'a@globex.com' },
      { ...DEFAULT_MATCH_CONFIG, tieBreakers: ['most_contacts'] },
    );
    assert.equal(byContacts.accountId, 'shared-prospect');
  });
  test('no-match reasons name the cause; garbage never throws', () => {
    assert.match(match({}).reason ?? '', /no email domain, website or company name/);
    assert.match(match({ email: 'not-an-email' }).reason ?? '', /no usable domain/);
    assert.match(
      match({ email: 'a@unknown-corp.example' }).reason ?? '',
      /no account has the domain|no usable domain/,
    );
    assert.match(
      match({ email: 'a@unknowncorp.com' }).reason ?? '',
      /no account has the domain unknowncorp\.com/,
    );
    assert.match(match({ company: '😀😀😀' }).reason ?? '', /no letters or digits/);
    assert.equal(
      match({ company: 'x'.repeat(10_000), email: `${'y'.repeat(5000)}@gm.com` }).status !== undefined,
      true,
    );
    assert.equal(match({ company: 'Zyxwvut Holdings', country: 'US' }).status, 'none');
  });
});

describe('names written the way people write them, on free mail', () => {
  const real = AccountIndex.build([
    { id: 'omnicom', name: 'Omnicom Group Inc.', website: 'omnicomgroup.com' },
    { id: 'statefarm', name: 'State Farm Insurance Companies', website: 'statefarm.com' },
    { id: 'att', name: 'AT&T Inc.', website: 'att.com' },
    { id: 'amazon', name: 'Amazon.com, Inc.', website: 'amazon.com' },
    { id: 'allstate', name: 'Allstate Corporation (The)', website: 'allstate.com' },
    { id: 'graham-corp', name: 'Graham Corporation', website: 'graham-corp.com' },
    { id: 'graham-holdings', name: 'Graham Holdings Company', website: 'grahamholdings.com' },
    { id: 'cantor-iv', name: 'Cantor Equity Partners IV, Inc.', website: 'cantor4.com' },
    { id: 'rocket', name: 'Rocket Pharmaceuticals, Inc.', website: 'rocketpharma.com' },
    { id: 'stevanato', name: 'Stevanato Group S.p.A.', website: 'stevanatogroup.com' },
    { id: 'aon', name: 'Aon plc', website: 'aon.com' },
  ]);
  const free = (company: string) => matchLead(real, { email: 'pat@gmail.com', company });

  test('corporate words added or dropped, words run together, "and" for "&", one transposed letter', () => {
    const cases: [string, string, RegExp][] = [
      ['Omnicom', 'omnicom', /corporate words/],
      ['Omnicom Holdings Holdings', 'omnicom', /corporate words/],
      ['Omnicom Group International', 'omnicom', /corporate words/],
      ['StateFarmInsurance', 'statefarm', /written together or apart/],
      ['ATandT', 'att', /"and" for "&"/],
      ['AT and T', 'att', /name similarity 1\.00/],
      ['Amazon', 'amazon', /corporate words/],
      ['Allstate', 'allstate', /corporate words/],
      ['Rocket Pharmaceutiacls', 'rocket', /one letter \(typo\)/],
      ['StevanatoGroupSpA', 'stevanato', /written together or apart/],
    ];
    for (const [company, id, why] of cases) {
      const r = free(company);
      assert.equal(r.status, 'matched', company);
      assert.equal(r.accountId, id, company);
      assert.match(r.evidence.join(' '), why, company);
    }
  });
  test('a name identical to the account matches on free mail, legal form included', () => {
    const r = free('Graham Corporation');
    assert.equal(r.status, 'matched');
    assert.equal(r.accountId, 'graham-corp');
    assert.match(r.evidence.join(' '), /legal form included/);
  });
  test('names that two accounts share, other numbers and short words are not matched', () => {
    // "Graham" is the core of two accounts: not one company.
    assert.notEqual(free('Graham').status, 'matched');
    // A fund's number is another company, not a typo.
    assert.notEqual(free('Cantor Equity Partners V Corporation').status, 'matched');
    // Short words one letter apart are other names.
    assert.equal(free('Avon').accountId, null);
  });
});
