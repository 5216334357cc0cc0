import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { type AuthContext, systemContext } from '../auth/auth-context.ts';
import { useTestApp } from '../test/test-app.ts';
import { importCsv } from './import-csv.ts';
import { ImportFileError } from './read-csv.ts';

const csv = (lines: string[]) => [Buffer.from(`${lines.join('\n')}\n`)];

describe('CSV import', () => {
  const t = useTestApp({ withApp: false });
  const workspace = async (): Promise<AuthContext> => systemContext((await t.workspace()).workspaceId);

  test('a Salesforce account export: bad rows rejected with row and reason, the rest imported, re-import unchanged', async () => {
    const ctx = await workspace();
    const file = [
      'Id,Name,Website,Industry,NumberOfEmployees,AnnualRevenue,BillingCountry,BillingCity,OwnerId,CurrencyIsoCode',
      '001A,Acme GmbH,https://www.acme.de,Manufacturing,"1,200",5000000,Germany,Berlin,005X,EUR',
      '001B,Beta A/S,beta.dk,Software,many,,Denmark,,,',
      '001C,Gamma OÜ,gamma.ee,Software,12,"1 234,5",Estonia,Tallinn,,',
      '001A,Acme again,acme2.de,,,,,,,',
      '001D,Delta,delta.is,,,about a million,Iceland,,,',
    ];
    const chunks: string[] = [];
    const rejects = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const first = await importCsv(t.database.db, ctx, csv(file), {
      kind: 'accounts',
      fileName: 'sf.csv',
      rejects,
    });
    assert.deepEqual(
      [first.rows, first.inserted, first.updated, first.unchanged, first.rejected],
      [5, 2, 0, 0, 3],
    );
    const text = chunks.join('');
    assert.match(text, /^Id,Name,.*,_row,_reason\n/);
    assert.match(text, /001B,Beta A\/S,.*,3,"employeeCount: ""many"" is not a whole number"/);
    assert.match(text, /001A,Acme again,.*,5,duplicate of row 2 \(same salesforceId\)/);
    assert.match(text, /001D,Delta,.*,6,"annualRevenue: ""about a million"" is not an amount/);
    const acme = await t.database.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('salesforce_id', '=', '001A')
      .executeTakeFirstOrThrow();
    assert.equal(acme.domain, 'acme.de');
    assert.equal(acme.employee_count, 1200);
    assert.equal(acme.currency, 'EUR');
    assert.deepEqual(acme.external_ids, { salesforceOwnerId: '005X' });
    const gamma = await t.database.db
      .selectFrom('accounts')
      .select(['annual_revenue'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('salesforce_id', '=', '001C')
      .executeTakeFirstOrThrow();
    assert.equal(gamma.annual_revenue, 1234.5);
    const domains = await t.database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('account_id', '=', acme.id)
      .execute();
    assert.deepEqual(domains, [{ domain: 'acme.de', is_primary: true }]);

    const second = await importCsv(t.database.db, ctx, csv(file), { kind: 'accounts', fileName: 'sf.csv' });
    assert.deepEqual([second.inserted, second.updated, second.unchanged, second.rejected], [0, 0, 2, 3]);
    const again = await t.database.db
      .selectFrom('accounts')
      .select('updated_at')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', acme.id)
      .executeTakeFirstOrThrow();
    assert.equal(again.updated_at.getTime(), acme.updated_at.getTime());

    const stored = await t.database.db
      .selectFrom('imports')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', first.importId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'done');
    assert.deepEqual([stored.rows_total, stored.inserted, stored.rejected], [5, 2, 3]);
    assert.match(stored.rejects_csv ?? '', /duplicate of row 2/);
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('action', '=', 'import.accounts')
      .execute();
    assert.equal(audits.length, 2, 'one audit entry per import, not per row');
  });

  test('children that come before their parent are linked at the end of the import', async () => {
    const ctx = await workspace();
    const file = [
      'Id,Name,Website,ParentId',
      '001C1,Child One,child1.com,001P',
      '001C2,Child Two,child2.com,001P',
      '001X,Orphan,orphan.com,001NOPE',
      '001P,Parent Holding,parent.com,',
    ];
    const summary = await importCsv(t.database.db, ctx, csv(file), { kind: 'accounts', batchSize: 2 });
    assert.equal(summary.inserted, 4);
    assert.match(
      summary.warnings.join(),
      /1 account\(s\) name a parent that is not in the workspace \(row 4: 001NOPE\)/,
    );
    const rows = await t.database.db
      .selectFrom('accounts as c')
      .leftJoin('accounts as p', (j) =>
        j.onRef('p.id', '=', 'c.parent_id').onRef('p.workspace_id', '=', 'c.workspace_id'),
      )
      .select(['c.salesforce_id as child', 'p.salesforce_id as parent'])
      .where('c.workspace_id', '=', ctx.workspaceId)
      .orderBy('c.salesforce_id')
      .execute();
    assert.deepEqual(rows, [
      { child: '001C1', parent: '001P' },
      { child: '001C2', parent: '001P' },
      { child: '001P', parent: null },
      { child: '001X', parent: null },
    ]);
    const again = await importCsv(t.database.db, ctx, csv(file), { kind: 'accounts', batchSize: 2 });
    assert.equal(again.unchanged, 4);
  });

  test('contacts link to accounts by external id, else by exact email domain', async () => {
    const ctx = await workspace();
    await importCsv(
      t.database.db,
      ctx,
      csv(['Record ID,Company name,Company Domain Name', '9001,Acme,acme.com']),
      {
        kind: 'accounts',
      },
    );
    // A younger account with the same domain: email-domain linking picks the oldest.
    await importCsv(
      t.database.db,
      ctx,
      csv(['Record ID,Company name,Company Domain Name', '9002,Beta,beta.io', '9003,Acme Copy,acme.com']),
      { kind: 'accounts' },
    );
    const contacts = await importCsv(
      t.database.db,
      ctx,
      csv([
        'Email,First Name,Last Name,Associated Company IDs (Primary),Unsubscribed from all email',
        'ann@beta.io,Ann,A,9002,yes',
        'bob@acme.com,Bob,B,,',
        'cy@unknown.org,Cy,C,,',
        'dee@acme.com,Dee,D,9002;9001,no',
        'BOB@acme.com,Bob,Again,,',
        'not-an-email,X,Y,,',
      ]),
      { kind: 'contacts' },
    );
    assert.deepEqual([contacts.inserted, contacts.rejected], [4, 2]);
    const rows = await t.database.db
      .selectFrom('contacts as c')
      .leftJoin('accounts as a', (j) =>
        j.onRef('a.id', '=', 'c.account_id').onRef('a.workspace_id', '=', 'c.workspace_id'),
      )
      .select([
        'c.email',
        'c.email_domain',
        'c.match_method',
        'c.match_confidence',
        'c.unsubscribed',
        'a.name',
      ])
      .where('c.workspace_id', '=', ctx.workspaceId)
      .orderBy('c.email')
      .execute();
    assert.deepEqual(rows, [
      {
        email: 'ann@beta.io',
        email_domain: 'beta.io',
        match_method: 'external_id',
        match_confidence: 1,
        unsubscribed: true,
        name: 'Beta',
      },
      {
        email: 'bob@acme.com',
        email_domain: 'acme.com',
        match_method: 'domain',
        match_confidence: 0.82,
        unsubscribed: false,
        name: 'Acme',
      },
      {
        email: 'cy@unknown.org',
        email_domain: 'unknown.org',
        match_method: null,
        match_confidence: null,
        unsubscribed: false,
        name: null,
      },
      {
        email: 'dee@acme.com',
        email_domain: 'acme.com',
        match_method: 'external_id',
        match_confidence: 1,
        unsubscribed: false,
        name: 'Beta',
      },
    ]);
  });

  test('opportunities: Salesforce dates and booleans, won means closed, linked by AccountId', async () => {
    const ctx = await workspace();
    await importCsv(t.database.db, ctx, csv(['Id,Name,Website', '001A,Acme,acme.com']), { kind: 'accounts' });
    const summary = await importCsv(
      t.database.db,
      ctx,
      csv([
        'Id,Name,StageName,Amount,CloseDate,IsWon,IsClosed,AccountId,CreatedDate',
        '006A,Acme expansion,Closed Won,"25,000.00",3/31/2026,true,false,001A,2026-01-05T10:00:00.000Z',
        '006B,Acme pilot,Prospecting,,12/1/2026,false,false,001A,2026-02-01T00:00:00.000Z',
        '006C,Broken date,Prospecting,,31/12/2026,false,false,001A,',
      ]),
      { kind: 'opportunities' },
    );
    assert.deepEqual([summary.inserted, summary.rejected], [2, 1]);
    const rows = await t.database.db
      .selectFrom('opportunities')
      .select(['salesforce_id', 'amount', 'close_date', 'created_date', 'is_won', 'is_closed', 'account_id'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('salesforce_id')
      .execute();
    assert.equal(rows[0]?.is_closed, true);
    assert.equal(rows[0]?.amount, 25000);
    assert.equal(rows[0]?.close_date, '2026-03-31');
    assert.equal(rows[0]?.created_date, '2026-01-05');
    assert.ok(rows[0]?.account_id);
    assert.equal(rows[1]?.is_closed, false);
  });

  test('activities import twice stores each activity once', async () => {
    const ctx = await workspace();
    await importCsv(t.database.db, ctx, csv(['Email,Website,Name', 'ann@acme.com,acme.com,Acme']), {
      kind: 'contacts',
      map: { Website: '', Name: 'custom.company' },
    });
    const file = csv([
      'type,occurredAt,contactEmail,properties',
      'page_view,2026-03-01T10:00:00Z,ann@acme.com,"{""path"":""/pricing""}"',
      'email_open,2026-03-02 09:30,ann@acme.com,',
      'webinar,not a time,ann@acme.com,',
    ]);
    const first = await importCsv(t.database.db, ctx, file, { kind: 'activities' });
    assert.deepEqual([first.inserted, first.rejected], [2, 1]);
    const second = await importCsv(t.database.db, ctx, file, { kind: 'activities' });
    assert.deepEqual([second.inserted, second.unchanged, second.rejected], [0, 2, 1]);
    const stored = await t.database.db
      .selectFrom('activities')
      .select(['type', 'contact_id', 'properties'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('occurred_at')
      .execute();
    assert.equal(stored.length, 2);
    assert.ok(stored[0]?.contact_id);
    assert.deepEqual(stored[0]?.properties, { path: '/pricing' });
  });

  test('UTF-16 semicolon files and rows with invalid bytes', async () => {
    const ctx = await workspace();
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Name;Website;Country\nÞór ehf.;thor.is;Iceland\n', 'utf16le'),
    ]);
    const summary = await importCsv(t.database.db, ctx, [utf16], { kind: 'accounts' });
    assert.deepEqual([summary.encoding, summary.delimiter, summary.inserted], ['utf-16le', ';', 1]);
    const latin1 = Buffer.from('Name,Website\nCaf\xe9 Oy,cafe.fi\nPlain Oy,plain.fi\n', 'latin1');
    const mixed = await importCsv(t.database.db, ctx, [latin1], { kind: 'accounts' });
    assert.deepEqual([mixed.inserted, mixed.rejected], [1, 1]);
  });

  test('an empty file, a header-only file and a missing column are clear errors recorded as failed', async () => {
    const ctx = await workspace();
    await assert.rejects(
      importCsv(t.database.db, ctx, [Buffer.from('')], { kind: 'accounts' }),
      /The file is empty/,
    );
    await assert.rejects(
      importCsv(t.database.db, ctx, [Buffer.from('Name,Website\n')], { kind: 'accounts' }),
      /header but no data rows/,
    );
    await assert.rejects(
      importCsv(t.database.db, ctx, csv(['Website,Industry', 'a.com,x']), { kind: 'accounts' }),
      (e: unknown) =>
        e instanceof ImportFileError && /Missing required column for accounts: name/.test(e.message),
    );
    const failed = await t.database.db
      .selectFrom('imports')
      .select(['status', 'error'])
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    assert.equal(failed.length, 3);
    assert.ok(failed.every((f) => f.status === 'failed' && f.error));
    const count = await t.database.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  test('a dry run reports the outcome and keeps nothing', async () => {
    const ctx = await workspace();
    const summary = await importCsv(
      t.database.db,
      ctx,
      csv(['Name,Website', 'Acme,acme.com', 'Beta,beta.com']),
      {
        kind: 'accounts',
        dryRun: true,
      },
    );
    assert.deepEqual([summary.dryRun, summary.inserted], [true, 2]);
    const rows = await t.database.db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    assert.equal(rows.length, 0);
  });
});
