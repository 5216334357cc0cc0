import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { createImportRecord, finishImportRecord, recordImportProgress } from './import-store.ts';

const accountRows = (from: number, to: number) => {
  let text = '';
  for (let i = from; i < to; i += 1) text += `Progress Co ${i},progress-${i}.com,${10 + (i % 90)}\n`;
  return text;
};

describe('import progress', () => {
  const t = useTestApp();

  const getImport = async (id: string) => {
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}`,
      headers: bearer(t.ws.keys.marketer),
    });
    return { status: res.statusCode, body: res.json() };
  };

  /** Poll GET /imports/{id} until `done` holds (or fail after `ms`). */
  async function until(id: string, done: (body: Record<string, unknown>) => boolean, ms = 15_000) {
    const deadline = Date.now() + ms;
    let last: unknown = null;
    while (Date.now() < deadline) {
      const res = await getImport(id);
      if (res.status === 200) {
        last = res.body;
        if (done(res.body)) return res.body;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`import ${id} never reached the expected state; last seen ${JSON.stringify(last)}`);
  }

  test('a running import shows rows read, counts so far, elapsed time and rows/s, then its final state', async () => {
    const importId = randomUUID();
    const body = new PassThrough();
    const posted = t.inject({
      method: 'POST',
      url: `/api/v1/imports/accounts?importId=${importId}&fileName=progress.csv`,
      headers: { ...bearer(t.ws.keys.marketer), 'content-type': 'text/csv' },
      payload: body,
    });
    // 6,000 rows plus a bad one: the first batches (5,000 rows on a server, 1,000 embedded) are
    // written, the rest waits for more bytes.
    body.write(`Account Name,Website,Employees\n${accountRows(0, 3000)}Bad Row Ltd,bad-row.com,lots\n`);
    body.write(accountRows(3000, 6000));
    // (The parser may hold back the last line until more bytes or the end arrive.)
    const running = await until(
      importId,
      (b) => Number(b.rowsTotal) >= 5999 && Number(b.inserted) >= 5000,
    ).catch((error: unknown) => {
      body.end();
      throw error;
    });
    assert.equal(running.status, 'running');
    assert.equal(running.rejected, 1);
    assert.equal(running.finishedAt, null);
    assert.equal(running.fileName, 'progress.csv');
    assert.equal(typeof running.elapsedSeconds, 'number');
    assert.ok(Number(running.elapsedSeconds) > 0, 'elapsed time is counted while running');
    assert.ok(Number(running.rowsPerSecond) > 0, 'rows per second while running');
    // The list shows the running import as well.
    const list = await t.inject({
      method: 'GET',
      url: '/api/v1/imports',
      headers: bearer(t.ws.keys.marketer),
    });
    assert.equal(list.json().data.find((i: { id: string }) => i.id === importId)?.status, 'running');

    body.end(accountRows(6000, 7000));
    const res = await posted;
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().importId, importId);
    const done = (await getImport(importId)).body;
    assert.equal(done.status, 'done');
    assert.deepEqual(
      [done.rowsTotal, done.inserted, done.updated, done.unchanged, done.rejected],
      [7001, 7000, 0, 0, 1],
    );
    assert.ok(done.finishedAt);
    assert.ok(done.rowsPerSecond > 0);
    // Elapsed time stops at the finish.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await getImport(importId)).body.elapsedSeconds, done.elapsedSeconds);
  });

  test('a dry run reports progress the same way; the chosen id must be a new UUID', async () => {
    const importId = randomUUID();
    const csv = `Account Name,Website,Employees\n${accountRows(10_000, 10_020)}`;
    const post = (id: string) =>
      t.inject({
        method: 'POST',
        url: `/api/v1/imports/accounts?dryRun=true&importId=${id}`,
        headers: { ...bearer(t.ws.keys.marketer), 'content-type': 'text/csv' },
        payload: csv,
      });
    assert.equal((await post(importId)).statusCode, 200);
    const dry = (await getImport(importId)).body;
    assert.deepEqual([dry.status, dry.dryRun, dry.rowsTotal, dry.inserted], ['done', true, 20, 20]);
    assert.equal((await post(importId)).statusCode, 409, 'a taken id is refused');
    assert.equal((await post('not-a-uuid')).statusCode, 400);
    assert.equal((await getImport(randomUUID())).status, 404);
  });

  test('a late progress write never overwrites the final counts', async () => {
    const { db } = t.database;
    const id = await createImportRecord(db, t.ws.workspaceId, {
      kind: 'accounts',
      fileName: null,
      dryRun: false,
      startedBy: 'test',
    });
    const counts = { inserted: 1, updated: 2, unchanged: 3, rejected: 4 };
    await recordImportProgress(db, t.ws.workspaceId, id, { rowsRead: 10, counts });
    assert.equal((await getImport(id)).body.rowsTotal, 10);
    await finishImportRecord(db, t.ws.workspaceId, id, { status: 'done', rowsTotal: 20, counts });
    await recordImportProgress(db, t.ws.workspaceId, id, {
      rowsRead: 15,
      counts: { ...counts, inserted: 0 },
    });
    const final = (await getImport(id)).body;
    assert.deepEqual([final.rowsTotal, final.inserted], [20, 1]);
  });
});
