import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';
import { acceptEvents } from './accept-events.ts';
import { drainInbound } from './drain-inbound.ts';
import { notifyInbound } from './inbound-processor.ts';
import { startInboundWorker } from './inbound-worker.ts';
import { normalizeEvent } from './normalize-event.ts';

// The worker opens its own connections, so it needs a server; the embedded database is one session
// inside this thread and keeps its processor here (inbound-processing.test.ts).
const url = process.env.TEST_DATABASE_URL;
const skip = url ? false : 'the inbound worker runs on a PostgreSQL server only (set TEST_DATABASE_URL)';

const t = useTestApp();

const counts = async (workspaceId: string) => {
  const row = await sql<{ stored: number; queued: number }>`
    SELECT (SELECT count(*) FROM activities WHERE workspace_id = ${workspaceId})::int AS stored,
      (SELECT count(*) FROM inbound_batches WHERE workspace_id = ${workspaceId})::int AS queued`.execute(
    t.database.db,
  );
  return row.rows[0] ?? { stored: -1, queued: -1 };
};

/** Wait until `n` of the workspace's events are stored, failing with `what` after `ms`. */
async function waitStored(workspaceId: string, n: number, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await counts(workspaceId)).stored < n) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Queue one page view directly (as a request on a process without a processor would). */
async function queuePage(workspaceId: string, anonymousId: string, messageId: string): Promise<void> {
  const parsed = normalizeEvent({ anonymousId, messageId }, 'page', {
    receivedAt: new Date(),
    requestIp: null,
  });
  assert.ok(parsed.ok);
  await acceptEvents(t.database.db, workspaceId, [parsed.event]);
}

test('the worker thread processes what was queued before it started and what requests wake it for; after stop, events stay queued', {
  skip,
}, async () => {
  assert.ok(url);
  const ws = await t.trackedWorkspace('Inbound worker');
  const headers = ws.auth;
  const send = async (messageId: string) => {
    const res = await t.inject({
      method: 'POST',
      url: '/v1/batch',
      headers,
      payload: { batch: [{ type: 'page', anonymousId: 'w', messageId }] },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const waitFor = (n: number) => waitStored(ws.workspaceId, n, 15_000, `${n} events processed within 15 s`);

  await queuePage(ws.workspaceId, 'w', 'before-start');
  // A long poll interval: after its first look at start, only the requests' wake-ups move it.
  const worker = startInboundWorker(t.database, url, { pollMs: 60_000, poolSize: 2 });
  try {
    await waitFor(1);
    await send('woken-1');
    await send('woken-2');
    await waitFor(3);
    assert.deepEqual(await counts(ws.workspaceId), { stored: 3, queued: 0 });
  } finally {
    await worker.stop();
  }
  // Stopped and detached: requests still succeed, their events wait in the queue.
  await send('after-stop');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await counts(ws.workspaceId), { stored: 3, queued: 1 });
  await drainInbound(t.database.db, ws.workspaceId);
  assert.deepEqual(await counts(ws.workspaceId), { stored: 4, queued: 0 });
  const ids = await t.database.db
    .selectFrom('activities')
    .select('message_id')
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    ids.map((r) => r.message_id),
    ['before-start', 'woken-1', 'woken-2', 'after-stop'],
  );
});

test('a worker that dies hands processing to the main thread: nothing accepted is left unprocessed', {
  skip,
}, async () => {
  assert.ok(url);
  const ws = await t.workspace('Inbound worker fallback');
  const errors: string[] = [];
  const worker = startInboundWorker(t.database, url, {
    pollMs: 60_000,
    entry: new URL('data:text/javascript,throw new Error("worker failed to start")'),
    onError: (error) => errors.push(error instanceof Error ? error.message : String(error)),
  });
  try {
    const deadline = Date.now() + 10_000;
    while (errors.length < 2) {
      assert.ok(Date.now() < deadline, 'the failure is reported');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.match(errors.join('\n'), /worker failed to start/);
    assert.match(errors.join('\n'), /processing goes on in the main thread/);
    await queuePage(ws.workspaceId, 'f', 'after-failure');
    notifyInbound(t.database.db, ws.workspaceId, 1);
    await waitStored(ws.workspaceId, 1, deadline - Date.now(), 'processed by the main-thread processor');
    assert.deepEqual(await counts(ws.workspaceId), { stored: 1, queued: 0 });
  } finally {
    await worker.stop();
  }
});
