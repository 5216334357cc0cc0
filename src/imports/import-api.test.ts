import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

describe('bulk upsert and import API', () => {
  const t = useTestApp();

  const post = (url: string, payload: Record<string, unknown>, key = t.ws.keys.marketer) =>
    t.inject({ method: 'POST', url, headers: bearer(key), payload });

  test('bulk accounts: inserted, then unchanged, then updated — with per-record results', async () => {
    const records = [
      {
        name: 'Bulk One',
        domain: 'https://www.bulk-one.com/x',
        salesforceId: 'B1',
        domains: ['bulk-one.de'],
      },
      { name: 'Bulk Two', salesforceId: 'B2', employeeCount: 10 },
    ];
    const first = await post('/api/v1/accounts/bulk', { key: 'salesforceId', records });
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json();
    assert.deepEqual(body.counts, { inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    assert.equal(body.results[0].outcome, 'inserted');
    assert.match(body.results[0].id, /^[0-9a-f-]{36}$/);
    const domains = await t.database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('account_id', '=', body.results[0].id)
      .orderBy('domain')
      .execute();
    assert.deepEqual(domains, [
      { domain: 'bulk-one.com', is_primary: true },
      { domain: 'bulk-one.de', is_primary: false },
    ]);
    const same = await post('/api/v1/accounts/bulk', { key: 'salesforceId', records });
    assert.deepEqual(same.json().counts, { inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
    const changed = await post('/api/v1/accounts/bulk', {
      key: 'salesforceId',
      records: [
        { ...records[1], employeeCount: 11 },
        { name: 'Bulk One', salesforceId: 'B1', domain: 'bulk-one.com', domains: [] },
      ],
    });
    assert.deepEqual(changed.json().counts, { inserted: 0, updated: 2, unchanged: 0, rejected: 0 });
    const left = await t.database.db
      .selectFrom('account_domains')
      .select('domain')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('account_id', '=', body.results[0].id)
      .execute();
    assert.deepEqual(left, [{ domain: 'bulk-one.com' }]);
  });

  test('an invalid record fails the whole request with its field path; nothing is written', async () => {
    const res = await post('/api/v1/contacts/bulk', {
      records: [{ email: 'ok@valid-bulk.com' }, { email: 'nope' }, { email: 'x@y.com', unknownField: 1 }],
    });
    assert.equal(res.statusCode, 400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes('body.records.1.email'), paths.join());
    const stored = await t.database.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('email', '=', 'ok@valid-bulk.com')
      .execute();
    assert.equal(stored.length, 0);
  });

  test('a rejected record (duplicate key) rolls back the whole request with 422', async () => {
    const res = await post('/api/v1/contacts/bulk', {
      key: 'email',
      records: [{ email: 'first@dup.com' }, { email: 'second@dup.com' }, { email: 'FIRST@dup.com' }],
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [
      { path: 'body.records.2.email', message: 'duplicate of row 0 (same email)' },
    ]);
    const stored = await t.database.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('email', 'like', '%@dup.com')
      .execute();
    assert.equal(stored.length, 0);
  });

  test('bulk opportunities link by account external id; a won deal is closed', async () => {
    await post('/api/v1/accounts/bulk', { records: [{ name: 'Opp Account', salesforceId: 'OA1' }] });
    const res = await post('/api/v1/opportunities/bulk', {
      records: [
        { name: 'Deal', stage: 'Closed Won', isWon: true, salesforceId: 'OP1', accountSalesforceId: 'OA1' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const opp = await t.database.db
      .selectFrom('opportunities')
      .select(['is_closed', 'is_won', 'account_id'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('salesforce_id', '=', 'OP1')
      .executeTakeFirstOrThrow();
    assert.deepEqual([opp.is_closed, opp.is_won, typeof opp.account_id], [true, true, 'string']);
  });

  test('limits and roles: more than 10,000 records, an empty list, a sales key', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `A${i}` }));
    const tooMany = await post('/api/v1/accounts/bulk', { records: many });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().detail, /body\.records: .*10000/);
    assert.equal((await post('/api/v1/accounts/bulk', { records: [] })).statusCode, 400);
    assert.equal(
      (await post('/api/v1/accounts/bulk', { records: [{ name: 'x' }] }, t.ws.keys.sales)).statusCode,
      403,
    );
    const unknownKey = await post('/api/v1/accounts/bulk', { key: 'email', records: [{ name: 'x' }] });
    assert.equal(unknownKey.statusCode, 400);
  });

  test('CSV upload: summary and import id, history, rejects as CSV', async () => {
    const file =
      'Company name,Company Domain Name,Number of Employees\nUpload One,upload-one.com,5\nUpload Two,upload-two.com,five\n';
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/imports/accounts?fileName=companies.csv',
      headers: { ...bearer(t.ws.keys.marketer), 'content-type': 'text/csv' },
      payload: file,
    });
    assert.equal(res.statusCode, 200, res.body);
    const summary = res.json();
    assert.deepEqual([summary.inserted, summary.rejected, summary.rows], [1, 1, 2]);
    const list = await t.inject({
      method: 'GET',
      url: '/api/v1/imports',
      headers: bearer(t.ws.keys.marketer),
    });
    assert.ok(list.json().data.some((i: { id: string }) => i.id === summary.importId));
    const one = await t.inject({
      method: 'GET',
      url: `/api/v1/imports/${summary.importId}`,
      headers: bearer(t.ws.keys.admin),
    });
    assert.deepEqual(
      [one.json().status, one.json().fileName, one.json().hasRejects],
      ['done', 'companies.csv', true],
    );
    const rejects = await t.inject({
      method: 'GET',
      url: `/api/v1/imports/${summary.importId}/rejects`,
      headers: bearer(t.ws.keys.marketer),
    });
    assert.match(String(rejects.headers['content-type']), /text\/csv/);
    assert.match(
      rejects.body,
      /Upload Two,upload-two.com,five,3,"employeeCount: ""five"" is not a whole number"/,
    );
    const dry = await t.inject({
      method: 'POST',
      url: '/api/v1/imports/accounts?dryRun=true&map=Company%20name%3Dname%2CNumber%20of%20Employees%3D',
      headers: { ...bearer(t.ws.keys.marketer), 'content-type': 'text/csv' },
      payload: file,
    });
    assert.deepEqual([dry.json().dryRun, dry.json().unchanged, dry.json().updated], [true, 1, 0]);
  });

  test('CSV upload errors: empty file, wrong content type, unknown kind, sales role, other workspace', async () => {
    const upload = (url: string, payload: string, type = 'text/csv', key = t.ws.keys.marketer) =>
      t.inject({ method: 'POST', url, headers: { ...bearer(key), 'content-type': type }, payload });
    const empty = await upload('/api/v1/imports/accounts', '');
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().detail, 'The file is empty');
    assert.match(empty.json().importId, /^[0-9a-f-]{36}$/);
    const json = await upload('/api/v1/imports/accounts', '{"a":1}', 'application/json');
    assert.equal(json.statusCode, 415);
    assert.equal((await upload('/api/v1/imports/widgets', 'Name\nx\n')).statusCode, 400);
    assert.equal(
      (await upload('/api/v1/imports/accounts', 'Name\nx\n', 'text/csv', t.ws.keys.sales)).statusCode,
      403,
    );
    const other = await t.workspace('Other');
    const theirs = await upload(
      '/api/v1/imports/accounts',
      'Name,Website\nTheirs,theirs.com\n',
      'text/csv',
      other.keys.admin,
    );
    const peek = await t.inject({
      method: 'GET',
      url: `/api/v1/imports/${theirs.json().importId}`,
      headers: bearer(t.ws.keys.admin),
    });
    assert.equal(peek.statusCode, 404);
  });

  test('preview: encoding, delimiter, mapping, unmapped columns and the first rows', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `A00${i};Firma ${i};firma${i}.de;${i === 3 ? 'viele' : i}`,
    );
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/imports/accounts/preview',
      headers: { ...bearer(t.ws.keys.marketer), 'content-type': 'text/csv' },
      payload: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(`Id;Name;Website;Mitarbeiter\n${rows.join('\n')}\n`),
      ]),
    });
    assert.equal(res.statusCode, 200, res.body);
    const preview = res.json();
    assert.deepEqual([preview.encoding, preview.bom, preview.delimiter], ['utf-8', true, ';']);
    assert.deepEqual(preview.unmapped, ['Mitarbeiter']);
    assert.deepEqual(preview.missing, []);
    assert.equal(preview.rows.length, 20);
    assert.deepEqual(preview.rows[0], {
      row: 2,
      record: { salesforceId: 'A000', name: 'Firma 0', website: 'firma0.de' },
      error: null,
    });
    const mapped = await t.inject({
      method: 'POST',
      url: `/api/v1/imports/accounts/preview?map=${encodeURIComponent('Mitarbeiter=employeeCount')}`,
      headers: { ...bearer(t.ws.keys.marketer), 'content-type': 'text/csv' },
      payload: `Id;Name;Website;Mitarbeiter\n${rows.join('\n')}\n`,
    });
    assert.match(mapped.json().rows[3].error, /employeeCount: "viele" is not a whole number/);
  });
});
