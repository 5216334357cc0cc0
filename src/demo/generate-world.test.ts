import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AccountFieldsSchema } from '../accounts/account-fields.ts';
import { ActivityFieldsSchema } from '../activities/activity-fields.ts';
import { ContactFieldsSchema } from '../contacts/contact-fields.ts';
import { emailDomain, normalizeDomain } from '../matching/normalize-domain.ts';
import { normalizeRecord } from '../normalize/normalize-record.ts';
import { normalizePhone } from '../normalize/phone.ts';
import { OpportunityFieldsSchema } from '../opportunities/opportunity-fields.ts';
import { generateAccounts, generateFixture, generateWorld } from './generate-world.ts';
import { demoLegalForms } from './legal-forms.ts';
import { DEMO_WIN_DRIVERS, meetsDriver } from './win-drivers.ts';
import { ACCOUNT_CSV, csvLine } from './world-csv.ts';
import type { DemoAccountBundle } from './world-types.ts';

const AS_OF = '2026-06-15';

function worldHash(seed: number, accounts: number): string {
  const hash = createHash('sha256');
  for (const bundle of generateWorld({ seed, accounts, asOf: AS_OF })) hash.update(JSON.stringify(bundle));
  return hash.digest('hex');
}

// One larger world shared by the statistical tests (about 5,000 opportunities).
const big: DemoAccountBundle[] = [...generateWorld({ seed: 2026, accounts: 11_000, asOf: AS_OF })];
const bigAccounts = big.map((b) => b.account);

describe('demo world generator', () => {
  test('the same seed gives a byte-identical world; another seed a different one', () => {
    const first = worldHash(7, 400);
    assert.equal(worldHash(7, 400), first);
    assert.notEqual(worldHash(8, 400), first);
    const names = [...generateAccounts(7, 50, AS_OF)].map((a) => a.name);
    assert.deepEqual(
      [...generateAccounts(7, 50, AS_OF)].map((a) => a.name),
      names,
    );
    // A prefix of a bigger world is the smaller world.
    assert.deepEqual(
      [...generateAccounts(7, 80, AS_OF)].slice(0, 50).map((a) => a.id),
      [...generateAccounts(7, 50, AS_OF)].map((a) => a.id),
    );
  });

  test('companies carry real legal forms of their country (GLEIF ISO 20275)', () => {
    const forms = demoLegalForms();
    const expected: Record<string, string[]> = {
      IS: ['ehf.', 'hf.'],
      DK: ['ApS', 'A/S'],
      EE: ['OÜ', 'AS'],
      JP: ['株式会社'],
      CN: ['有限公司', '股份有限公司'],
      DE: ['GmbH', 'AG'],
    };
    for (const [country, wanted] of Object.entries(expected)) {
      const known = (forms.get(country) ?? []).map((f) => f.form);
      const used = new Set(
        bigAccounts
          .filter((a) => a.country === country && !a.parentId)
          .map((a) => String(a.custom.legalForm)),
      );
      for (const form of wanted) {
        assert.ok(known.includes(form), `${country} knows ${form}`);
        assert.ok(used.has(form), `some ${country} company is a ${form}`);
        assert.ok(
          bigAccounts.some((a) => a.country === country && a.name.includes(form)),
          `a ${country} name shows ${form}`,
        );
      }
    }
    assert.ok(
      bigAccounts.some((a) => /^株式会社/.test(a.name)),
      'Japanese names with the form in front (前株)',
    );
    assert.ok(bigAccounts.some((a) => a.country === 'CN' && /[\u4e00-\u9fff]{4,}有限公司$/.test(a.name)));
    assert.ok(
      bigAccounts.some((a) => a.country === 'IS' && /[ðþæ]/i.test(a.name)),
      'Icelandic letters',
    );
    assert.ok(
      bigAccounts.some((a) => a.country === 'DK' && /[æøå]/i.test(a.name)),
      'Danish letters',
    );
    assert.ok(
      bigAccounts.some((a) => a.domain.startsWith('xn--')),
      'some internationalised domains',
    );
    for (const suffix of ['.is', '.dk', '.ee', '.co.jp', '.com.cn', '.de']) {
      assert.ok(
        bigAccounts.some((a) => a.domain.endsWith(suffix)),
        `domains on ${suffix}`,
      );
    }
  });

  test('parents and subsidiaries are consistent', () => {
    const byId = new Map(bigAccounts.map((a) => [a.id, a]));
    const children = bigAccounts.filter((a) => a.parentId);
    assert.ok(children.length > 100, `${children.length} subsidiaries`);
    for (const child of children) {
      const parent = byId.get(child.parentId ?? '');
      assert.ok(parent, 'parent exists');
      assert.ok(parent.index < child.index, 'parent comes first in the stream');
      assert.equal(parent.parentId, null);
      assert.notEqual(child.country, parent.country);
      assert.equal(child.industry, parent.industry);
      assert.equal(child.parentSalesforceId, parent.salesforceId);
      assert.equal(child.domain.split('.')[0], parent.domain.split('.')[0], 'shared brand label');
      assert.ok(parent.domains.length >= 2, 'group parents hold a group domain too');
    }
  });

  test('ids, domains and emails are unique; domains normalise; records fit the API schemas', () => {
    const ids = new Set<string>();
    const domains = new Set<string>();
    const emails = new Set<string>();
    let contacts = 0;
    let onOwnDomain = 0;
    for (const { account, contacts: people, opportunities, activities } of big) {
      assert.ok(!ids.has(account.id));
      ids.add(account.id);
      assert.equal(normalizeDomain(account.website), account.domain);
      for (const d of account.domains) {
        assert.ok(!domains.has(d), `domain ${d} used once`);
        domains.add(d);
      }
      for (const c of people) {
        assert.ok(!emails.has(c.email), `email ${c.email} used once`);
        emails.add(c.email);
        contacts++;
        if (account.domains.includes(normalizeDomain(c.email) ?? '')) onOwnDomain++;
        assert.ok(emailDomain(c.email));
      }
      if (account.index % 50 === 0) {
        const { index, id, ownerEmail, parentSalesforceId, createdAt, ...fields } = account;
        AccountFieldsSchema.parse(fields);
        // Demo data is already in the normalised dialect (src/normalize): nothing to rewrite or report.
        const normal = normalizeRecord(
          'accounts',
          { country: fields.country, industry: fields.industry, currency: fields.currency },
          {},
        );
        assert.deepEqual(
          [normal.record.country, normal.record.industry, normal.record.currency],
          [fields.country, fields.industry, fields.currency],
        );
        assert.deepEqual(normal.warnings, []);
        for (const c of people) {
          if (c.phone) assert.ok(normalizePhone(c.phone, c.country).known, c.phone);
          ContactFieldsSchema.parse({
            email: c.email,
            firstName: c.firstName,
            lastName: c.lastName,
            title: c.title,
            phone: c.phone,
            country: c.country,
            accountId: c.accountId,
            unsubscribed: c.unsubscribed,
            bounced: c.bounced,
            doNotContact: c.doNotContact,
            consentBasis: c.consentBasis,
            salesforceId: c.salesforceId,
          });
        }
        for (const o of opportunities) {
          const { id: _, ownerEmail: __, winProbability, accountSalesforceId, ...rest } = o;
          OpportunityFieldsSchema.parse(rest);
        }
        for (const a of activities) {
          ActivityFieldsSchema.parse({
            type: a.type,
            occurredAt: a.occurredAt,
            accountId: a.accountId,
            contactId: a.contactId,
            properties: a.properties,
            source: a.source,
            messageId: a.messageId,
          });
        }
      }
    }
    const perAccount = contacts / big.length;
    assert.ok(perAccount > 7 && perAccount < 14, `about ten contacts per account (${perAccount.toFixed(1)})`);
    assert.ok(onOwnDomain / contacts > 0.9, 'most contacts are on their company domain');
    assert.ok(onOwnDomain < contacts, 'a few use free mail');
  });

  test('titles are in the country language', () => {
    const titles = (country: string) =>
      new Set(
        big.filter((b) => b.account.country === country).flatMap((b) => b.contacts.map((c) => c.title)),
      );
    const expectations: Record<string, string[]> = {
      DK: ['Administrerende direktør', 'Økonomichef'],
      IS: ['Fjármálastjóri', 'Framkvæmdastjóri'],
      EE: ['Turundusjuht', 'Juhatuse liige'],
      JP: ['営業部長', '代表取締役社長'],
      CN: ['财务总监'],
      DE: ['Geschäftsführer', 'Leiter Marketing'],
    };
    for (const [country, wanted] of Object.entries(expectations)) {
      const seen = titles(country);
      for (const title of wanted) assert.ok(seen.has(title), `${country} has "${title}"`);
    }
    assert.ok(titles('CN').has('首席执行官') || titles('CN').has('首席執行官'));
    assert.ok(
      big.some(
        (b) => b.account.country === 'JP' && b.contacts.some((c) => /[\u4e00-\u9fff]/.test(c.lastName)),
      ),
    );
  });

  test('the documented drivers really move the win rate', () => {
    const accounts = new Map(bigAccounts.map((a) => [a.id, a]));
    const opportunities = big.flatMap((b) => b.opportunities);
    assert.ok(opportunities.length >= 5000, `${opportunities.length} opportunities`);
    const closed = opportunities.filter((o) => o.isClosed);
    const driversMet = (accountId: string) => {
      const account = accounts.get(accountId);
      return account ? DEMO_WIN_DRIVERS.drivers.filter((d) => meetsDriver(account, d)).length : 0;
    };
    const rate = (list: typeof closed) => list.filter((o) => o.isWon).length / Math.max(1, list.length);
    const none = closed.filter((o) => driversMet(o.accountId) === 0);
    const many = closed.filter((o) => driversMet(o.accountId) >= 2);
    assert.ok(none.length > 200 && many.length > 200);
    assert.ok(
      rate(many) - rate(none) > 0.25,
      `win rate ${rate(many).toFixed(2)} with ≥2 drivers vs ${rate(none).toFixed(2)} with none`,
    );
    for (const driver of DEMO_WIN_DRIVERS.drivers) {
      const meets = (o: (typeof closed)[number]) => {
        const account = accounts.get(o.accountId);
        return account ? meetsDriver(account, driver) : false;
      };
      const gap = rate(closed.filter(meets)) - rate(closed.filter((o) => !meets(o)));
      assert.ok(gap > 0.05, `${driver.id} raises the win rate (gap ${gap.toFixed(3)})`);
    }
    for (const a of bigAccounts) {
      const won = big[a.index]?.opportunities.some((o) => o.isWon) ?? false;
      assert.equal(won, a.lifecycle !== 'prospect', `${a.name}: lifecycle follows won deals`);
    }
  });

  test('activities cover 90 days, on known contacts, and surging accounts spike in the last week', () => {
    const asOf = Date.parse(AS_OF);
    const week = (b: DemoAccountBundle) =>
      b.activities.filter((a) => Date.parse(a.occurredAt) > asOf - 7 * 86_400_000).length;
    for (const b of big.slice(0, 2000)) {
      const contactIds = new Set(b.contacts.map((c) => c.id));
      for (const a of b.activities) {
        const t = Date.parse(a.occurredAt);
        assert.ok(t < asOf && t >= asOf - 92 * 86_400_000, a.occurredAt);
        assert.equal(a.accountId, b.account.id);
        if (a.contactId) assert.ok(contactIds.has(a.contactId));
      }
    }
    const mean = (list: number[]) => list.reduce((s, x) => s + x, 0) / Math.max(1, list.length);
    const surging = big.filter((b) => b.engagement === 'surging').map(week);
    const quiet = big.filter((b) => b.engagement === 'light').map(week);
    assert.ok(mean(surging) > 5 * mean(quiet), `last-week activity ${mean(surging)} vs ${mean(quiet)}`);
    const types = new Set<string>(big.flatMap((b) => b.activities.map((a) => a.type)));
    for (const t of [
      'page_view',
      'email_open',
      'email_click',
      'form_fill',
      'webinar_registered',
      'webinar_attended',
      'ad_click',
      'meeting',
    ]) {
      assert.ok(types.has(t), t);
    }
  });

  test('generateFixture holds the same world in memory; CSV rows round-trip', () => {
    const fixture = generateFixture(5, { accounts: 40, asOf: AS_OF });
    const streamed = [...generateWorld({ seed: 5, accounts: 40, asOf: AS_OF })];
    assert.equal(fixture.accounts.length, 40);
    assert.deepEqual(
      fixture.contacts,
      streamed.flatMap((b) => b.contacts),
    );
    assert.deepEqual(
      fixture.activities.length,
      streamed.reduce((s, b) => s + b.activities.length, 0),
    );
    const account = fixture.accounts[0];
    assert.ok(account);
    const tricky = { ...account, name: 'Fuji "Data", Co., Ltd.\nTokyo' };
    const rows: unknown = parse(csvLine(ACCOUNT_CSV.row(tricky)));
    assert.ok(Array.isArray(rows) && Array.isArray(rows[0]));
    assert.equal(rows[0][2], tricky.name);
    assert.equal(rows[0].length, ACCOUNT_CSV.header.length);
  });
});
