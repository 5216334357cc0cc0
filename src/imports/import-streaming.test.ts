import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemContext } from '../auth/auth-context.ts';
import { useTestApp } from '../test/test-app.ts';
import { importCsv } from './import-csv.ts';

const ROWS = 50_000;

/** A CSV generated on the fly in 64 KB chunks: the file never exists in memory as a whole. */
async function* generatedCsv(rows: number): AsyncGenerator<Buffer> {
  yield Buffer.from('type,occurredAt,messageId,source\n');
  let chunk = '';
  for (let i = 0; i < rows; i += 1) {
    const minute = String(i % 60).padStart(2, '0');
    chunk += `page_view,2026-03-01T10:${minute}:00Z,stream-${i},test\n`;
    if (i === 777) chunk += 'page_view,not-a-time,stream-bad,test\n';
    if (chunk.length > 65_536) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

describe('streaming import', () => {
  const t = useTestApp({ withApp: false });

  test(`imports ${ROWS} generated rows batch by batch`, async () => {
    const ctx = systemContext((await t.workspace()).workspaceId);
    let progressCalls = 0;
    const summary = await importCsv(t.database.db, ctx, generatedCsv(ROWS), {
      kind: 'activities',
      batchSize: 10_000,
      onProgress: () => {
        progressCalls += 1;
      },
    });
    assert.deepEqual([summary.rows, summary.inserted, summary.rejected], [ROWS + 1, ROWS, 1]);
    assert.ok(progressCalls >= 5, 'progress is reported per batch');
    const stored = await t.database.db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), ROWS);
  });
});
