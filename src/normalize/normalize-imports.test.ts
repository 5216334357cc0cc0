import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { systemContext } from '../auth/auth-context.ts';
import { importCsv } from '../imports/import-csv.ts';
import { drainInbound } from '../ingest/drain-inbound.ts';
import { createWriteKey } from '../ingest/write-keys.ts';
import { useTestApp } from '../test/test-app.ts';

const fixture = (name: string, domain = '') =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').replaceAll('{{DOMAIN}}', domain);

/** Exports from HubSpot, Salesforce and LinkedIn land in one dialect: codes, the taxonomy, users. */
describe('normalisation at the door: imports, API and tracking', () => {
  const t = useTestApp();

  /** Two named users in a workspace, as owners are written in CRM exports. */
  async function addOwners(workspaceId: string) {
    const domain = `owners-${Math.random().toString(36).slice(2, 8)}.example`;
    const ids: Record<string, string> = {};
    for (const [key, name, local] of [
      ['sigga', 'Sigríður Jónsdóttir', 'sigga'],
      ['hans', 'Hans Müller', 'hans.mueller'],
    ] as const) {
      const user = await t.database.db
        .insertInto('users')
        .values({ email: `${local}@${domain}`, name })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.database.db
        .insertInto('workspace_members')
        .values({ workspace_id: workspaceId, user_id: user.id, role: 'sales' })
        .execute();
      ids[key] = user.id;
    }
    return { domain, ids };
  }

  const accountsOf = (workspaceId: string) =>
    t.database.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();

  test('a HubSpot company and contact export: ISO codes, the taxonomy, owners, E.164; originals and warnings kept', async () => {
    const ws = await t.workspace('HubSpot');
    const { domain, ids } = await addOwners(ws.workspaceId);
    const ctx = systemContext(ws.workspaceId);
    const summary = await importCsv(
      t.database.db,
      ctx,
      [Buffer.from(fixture('hubspot-companies.csv', domain))],
      {
        kind: 'accounts',
      },
    );
    assert.deepEqual([summary.inserted, summary.rejected], [3, 0]);
    assert.equal(summary.mapping['Company owner'], 'owner');
    assert.equal(summary.mapping['Phone Number'], 'phone');
    assert.deepEqual(summary.unmapped, ['Create Date']);
    assert.deepEqual(summary.unrecognised, { country: 1, industry: 1, phone: 1, owner: 1 });
    assert.deepEqual(
      summary.valueWarnings.map((w) => [w.row, w.field, w.value]),
      [
        [4, 'country', 'Atlantis'],
        [4, 'industry', 'UNDERWATER_BASKET_WEAVING'],
        [4, 'phone', 'call reception'],
        [4, 'owner', 'Nobody Known'],
      ],
    );
    assert.match(
      summary.warnings.join('\n'),
      /country: 1 value\(s\) not recognised, imported and kept as given \("Atlantis"\)/,
    );

    const [atlantis, marel, northwind] = await accountsOf(ws.workspaceId);
    assert.ok(atlantis && marel && northwind);
    assert.deepEqual(
      [marel.country, marel.country_raw, marel.industry, marel.industry_raw, marel.owner_id, marel.owner_raw],
      ['IS', 'Iceland', 'Software', 'COMPUTER_SOFTWARE', ids.sigga, null],
    );
    assert.deepEqual([marel.phone, marel.phone_raw], ['+3545638000', '+354 563 8000']);
    assert.deepEqual([marel.annual_revenue, marel.currency], [1_200_000, 'USD']);
    assert.deepEqual(
      [northwind.country, northwind.region, northwind.region_code, northwind.industry, northwind.owner_id],
      ['US', 'California', 'US-CA', 'Financial Services', ids.hans],
    );
    assert.equal(northwind.phone, '+14155550132');
    // Not recognised: the canonical column is empty, the value as given is kept.
    assert.deepEqual(
      [atlantis.country, atlantis.country_raw, atlantis.industry, atlantis.industry_raw],
      [null, 'Atlantis', null, 'UNDERWATER_BASKET_WEAVING'],
    );
    assert.deepEqual([atlantis.phone, atlantis.phone_raw], [null, 'call reception']);
    assert.deepEqual([atlantis.owner_id, atlantis.owner_raw], [null, 'Nobody Known']);

    // The filter and the API see the HubSpot row as the demo's own rows.
    const listed = await t.call('GET', '/accounts?country.in=IS', ws.keys.admin);
    assert.equal(listed.statusCode, 200, listed.body);
    const rows = listed.json().data;
    assert.deepEqual(
      rows.map((a: { name: string }) => a.name),
      ['Marel'],
    );
    assert.deepEqual(rows[0].originals, {
      country: 'Iceland',
      industry: 'COMPUTER_SOFTWARE',
      phone: '+354 563 8000',
    });
    const software = await t.call('GET', '/accounts?industry=Software', ws.keys.admin);
    assert.deepEqual(
      software.json().data.map((a: { name: string }) => a.name),
      ['Marel'],
    );

    // Importing the same file again changes nothing.
    const again = await importCsv(
      t.database.db,
      ctx,
      [Buffer.from(fixture('hubspot-companies.csv', domain))],
      {
        kind: 'accounts',
      },
    );
    assert.deepEqual([again.unchanged, again.updated], [3, 0]);

    const contacts = await importCsv(t.database.db, ctx, [Buffer.from(fixture('hubspot-contacts.csv'))], {
      kind: 'contacts',
    });
    assert.deepEqual([contacts.inserted, contacts.rejected], [2, 0]);
    assert.deepEqual(contacts.unrecognised, { owner: 1 });
    const people = await t.database.db
      .selectFrom('contacts')
      .select(['email', 'country', 'country_raw', 'phone', 'phone_raw', 'owner_id', 'owner_raw'])
      .where('workspace_id', '=', ws.workspaceId)
      .orderBy('email')
      .execute();
    assert.deepEqual(people, [
      {
        email: 'anna@marel.is',
        country: 'IS',
        country_raw: 'Ísland',
        phone: '+3545638001',
        phone_raw: '563 8001',
        owner_id: ids.sigga ?? null,
        owner_raw: null,
      },
      {
        email: 'bob@northwind-traders.com',
        country: 'US',
        country_raw: 'USA',
        phone: '+14155550100',
        phone_raw: '+1 415 555 0100',
        owner_id: null,
        owner_raw: 'someone@elsewhere.example',
      },
    ]);
  });

  test('a Salesforce account report: German and Canadian regions, amounts with symbols, owners as "Last, First"', async () => {
    const ws = await t.workspace('Salesforce');
    const { ids } = await addOwners(ws.workspaceId);
    const summary = await importCsv(
      t.database.db,
      systemContext(ws.workspaceId),
      [Buffer.from(fixture('salesforce-accounts.csv'))],
      { kind: 'accounts' },
    );
    assert.deepEqual([summary.inserted, summary.rejected], [3, 0], summary.warnings.join('\n'));
    assert.equal(summary.mapping['Account Owner'], 'owner');
    assert.equal(summary.mapping['Billing State/Province'], 'region');
    assert.deepEqual(summary.unrecognised, { owner: 1 });
    const [bavaria, maple, sakura] = await accountsOf(ws.workspaceId);
    assert.ok(bavaria && maple && sakura);
    assert.deepEqual(
      [bavaria.country, bavaria.region_code, bavaria.industry, bavaria.industry_raw, bavaria.owner_id],
      ['DE', 'DE-BY', 'Manufacturing', 'Machinery', ids.hans],
    );
    assert.deepEqual(
      [bavaria.annual_revenue, bavaria.currency, bavaria.phone],
      [1_200_000, 'EUR', '+49891234567'],
    );
    assert.deepEqual(
      [maple.country, maple.region_code, maple.currency, maple.annual_revenue, maple.phone, maple.owner_id],
      ['CA', 'CA-QC', 'CAD', 4_500_000, '+15145550188', ids.hans],
    );
    assert.deepEqual(
      [sakura.country, sakura.region_code, sakura.industry, sakura.currency, sakura.phone, sakura.owner_raw],
      ['JP', null, 'Hardware & Electronics', 'JPY', '+81312345678', 'Unknown Person'],
    );
  });

  test('a LinkedIn Matched Audiences company list maps and normalises', async () => {
    const ws = await t.workspace('LinkedIn');
    const summary = await importCsv(
      t.database.db,
      systemContext(ws.workspaceId),
      [Buffer.from(fixture('linkedin-companies.csv'))],
      { kind: 'accounts' },
    );
    assert.deepEqual([summary.inserted, summary.rejected], [3, 0], summary.warnings.join('\n'));
    assert.deepEqual(summary.unmapped, []);
    const [kyoto, lone, reykjavik] = await accountsOf(ws.workspaceId);
    assert.ok(kyoto && lone && reykjavik);
    assert.deepEqual([kyoto.country, kyoto.country_raw, kyoto.industry], ['JP', '日本', 'Life Sciences']);
    assert.deepEqual([lone.country, lone.region_code, lone.industry], ['US', 'US-TX', 'Logistics']);
    assert.deepEqual(lone.custom, { postalCode: '73301', stockSymbol: 'LSL' });
    assert.deepEqual(
      [reykjavik.country, reykjavik.country_raw, reykjavik.industry],
      ['IS', null, 'Software'],
    );
  });

  test('the API normalises create, update and bulk upsert the same way and answers with warnings', async () => {
    const ws = await t.workspace('API');
    const { ids } = await addOwners(ws.workspaceId);
    const created = await t.call('POST', '/accounts', ws.keys.admin, {
      name: 'Össur',
      country: 'Ísland',
      industry: 'Medical Equipment Manufacturing',
      currency: 'kr',
      phone: '515 1300',
      owner: 'sigríður jónsdóttir',
    });
    assert.equal(created.statusCode, 201, created.body);
    const account = created.json();
    assert.deepEqual(
      [account.country, account.industry, account.currency, account.phone, account.ownerId, account.warnings],
      ['IS', 'Medical Devices', 'ISK', '+3545151300', ids.sigga, undefined],
    );
    assert.deepEqual(account.originals, {
      country: 'Ísland',
      industry: 'Medical Equipment Manufacturing',
      currency: 'kr',
      phone: '515 1300',
    });
    const patched = await t.call('PATCH', `/accounts/${account.id}`, ws.keys.admin, {
      industry: 'Quantum Gastronomy',
      region: 'Höfuðborgarsvæðið',
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json().warnings, [
      {
        field: 'industry',
        value: 'Quantum Gastronomy',
        message: '"Quantum Gastronomy" is not an industry we know; kept as given in industryRaw',
      },
    ]);
    assert.equal(patched.json().industry, null);
    assert.equal(patched.json().originals.industry, 'Quantum Gastronomy');
    assert.equal(patched.json().country, 'IS', 'fields not in the patch stay');

    const bulk = await t.call('POST', '/contacts/bulk', ws.keys.admin, {
      records: [
        { email: 'jon@ossur.example', country: 'Iceland', phone: '5151300', owner: 'HANS MÜLLER' },
        { email: 'kim@ossur.example', country: 'Narnia', phone: '12' },
      ],
    });
    assert.equal(bulk.statusCode, 200, bulk.body);
    const results = bulk.json().results;
    assert.equal(results[0].warnings, undefined);
    assert.deepEqual(
      results[1].warnings.map((w: { field: string }) => w.field),
      ['country', 'phone'],
    );
    const jon = await t.call('GET', `/contacts/${results[0].id}`, ws.keys.admin);
    assert.deepEqual(
      [jon.json().country, jon.json().phone, jon.json().ownerId],
      ['IS', '+3545151300', ids.hans],
    );
    const opp = await t.call('POST', '/opportunities', ws.keys.admin, {
      name: 'Renewal',
      stage: 'Proposal',
      amount: 1000,
      currency: '€',
      salesforceId: '006N1',
    });
    assert.equal(opp.statusCode, 201, opp.body);
    assert.deepEqual([opp.json().currency, opp.json().originals], ['EUR', { currency: '€' }]);
    const tooLong = await t.call('POST', '/accounts', ws.keys.admin, {
      name: 'X',
      currency: 'x'.repeat(101),
    });
    assert.equal(tooLong.statusCode, 400);
  });

  test('tracking: identify and group traits are normalised the same way', async () => {
    const ws = await t.workspace('Tracking');
    const { key } = await createWriteKey(t.database.db, { workspaceId: ws.workspaceId, name: 'web' });
    const sent = await t.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      payload: {
        batch: [
          {
            type: 'identify',
            userId: 'u-1',
            traits: { email: 'gunna@hekla-software.is', country: 'Ísland', phone: '563 8002' },
            messageId: 'n-1',
          },
          {
            type: 'group',
            userId: 'u-1',
            groupId: 'g-1',
            traits: {
              name: 'Hekla Software',
              industry: 'COMPUTER_SOFTWARE',
              country: 'Iceland',
              phone: '+354 563 8000',
            },
            messageId: 'n-2',
          },
        ],
      },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    await drainInbound(t.database.db, ws.workspaceId);
    const contact = await t.database.db
      .selectFrom('contacts')
      .select(['country', 'country_raw', 'phone', 'phone_raw'])
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(contact, {
      country: 'IS',
      country_raw: 'Ísland',
      phone: '+3545638002',
      phone_raw: '563 8002',
    });
    const account = await t.database.db
      .selectFrom('accounts')
      .select(['industry', 'industry_raw', 'country', 'phone'])
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(account, {
      industry: 'Software',
      industry_raw: 'COMPUTER_SOFTWARE',
      country: 'IS',
      phone: '+3545638000',
    });
  });
});
