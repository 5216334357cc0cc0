import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { upsertAccounts } from '../accounts/upsert-accounts.ts';
import { systemContext } from '../auth/auth-context.ts';
import { importCsv } from '../imports/import-csv.ts';
import { useTestApp } from '../test/test-app.ts';
import { exportRecords, writeExport } from './export-records.ts';

function sink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('export', () => {
  const t = useTestApp({ withApp: false });

  test('pages through every record in id order (keyset) and only the workspace own', async () => {
    const ctx = systemContext((await t.workspace()).workspaceId);
    const other = systemContext((await t.workspace()).workspaceId);
    await upsertAccounts(t.database.db, other, [{ name: 'Not mine', domain: 'other-ws.com' }]);
    const records = Array.from({ length: 23 }, (_, i) => ({ name: `Firma ${i}`, domain: `firma${i}.de` }));
    await upsertAccounts(t.database.db, ctx, records);
    const seen: string[] = [];
    for await (const r of exportRecords(t.database.db, ctx.workspaceId, 'accounts', 5))
      seen.push(String(r.id));
    assert.equal(seen.length, 23);
    assert.deepEqual(seen, [...seen].sort());
  });

  test('a CSV export imports back into the same workspace as unchanged', async () => {
    const ctx = systemContext((await t.workspace()).workspaceId);
    await upsertAccounts(t.database.db, ctx, [
      {
        name: 'Round Trip GmbH',
        domain: 'round.de',
        domains: ['round.at'],
        technologies: ['SAP', 'Salesforce'],
        custom: { seg: 'A' },
        employeeCount: 40,
      },
      { name: 'Zweite AG', domain: 'zweite.ch', isTarget: true, tier: 1 },
    ]);
    const csv = sink();
    assert.equal(await writeExport(t.database.db, ctx.workspaceId, 'accounts', 'csv', csv.out), 2);
    assert.match(csv.text(), /^id,name,domain,domains,website/);
    assert.match(csv.text(), /Round Trip GmbH,round\.de,round\.at,.*SAP;Salesforce/);
    const back = await importCsv(t.database.db, ctx, [Buffer.from(csv.text())], { kind: 'accounts' });
    assert.deepEqual([back.inserted, back.updated, back.unchanged, back.rejected], [0, 0, 2, 0]);
    const json = sink();
    await writeExport(t.database.db, ctx.workspaceId, 'accounts', 'json', json.out);
    const parsed: unknown = JSON.parse(json.text());
    assert.ok(Array.isArray(parsed) && parsed.length === 2);
  });
});
