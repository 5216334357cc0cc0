import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { type App, buildApp } from '../http/app.ts';
import { createTopic } from '../signals/intent/topics.ts';
import { recomputeWorkspace } from '../signals/recompute-workspace.ts';
import { storeIpRanges } from '../signals/reverse-ip/store-ip-ranges.ts';
import { ensureSignalSettings } from '../signals/signal-config.ts';
import { createTestWorkspace, openTestDatabase } from '../test/test-database.ts';
import { acceptEvents } from './accept-events.ts';
import { drainInbound } from './drain-inbound.ts';
import { toInboundPayload } from './inbound-payload.ts';
import { startInboundProcessor } from './inbound-processor.ts';
import { normalizeEvent } from './normalize-event.ts';
import { createWriteKey } from './write-keys.ts';

let database: Database;
let app: App;

before(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database });
});
after(async () => {
  await app.close();
  await database.close();
});

async function setup() {
  const ws = await createTestWorkspace(database, 'Inbound');
  const { key } = await createWriteKey(database.db, { workspaceId: ws.workspaceId, name: 'web' });
  const auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
  const send = async (batch: unknown[]) => {
    const res = await app.inject({ method: 'POST', url: '/v1/batch', headers: auth, payload: { batch } });
    assert.equal(res.statusCode, 200, res.body);
    return res;
  };
  return { ...ws, send };
}

const count = async (table: 'activities' | 'inbound_failures', workspaceId: string) => {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.n;
};

/** Events waiting in the inbound queue (each row is one accepted request). */
const queued = async (workspaceId: string) => {
  const row = await database.db
    .selectFrom('inbound_batches')
    .select(sql<number>`coalesce(sum(events), 0)`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.n;
};

const daysAgo = (days: number) => new Date(Date.now() - days * 86400_000).toISOString();

test('accepted events wait in the queue; a drain stores each messageId once and empties it', async () => {
  const ws = await setup();
  const page = (id: string) => ({ type: 'page', anonymousId: 'q', messageId: id });
  await ws.send([page('a'), page('b'), page('a')]);
  assert.equal(await count('activities', ws.workspaceId), 0, 'nothing processed before the drain');
  assert.equal(await queued(ws.workspaceId), 3);
  const first = await drainInbound(database.db, ws.workspaceId);
  assert.deepEqual([first.processed, first.stored, first.duplicates], [3, 2, 1]);
  // A client retry of an event already stored, across batches.
  await ws.send([page('b'), page('c')]);
  const second = await drainInbound(database.db, ws.workspaceId, { batchSize: 1 });
  assert.deepEqual([second.processed, second.stored, second.duplicates], [2, 1, 1]);
  const ids = await database.db
    .selectFrom('activities')
    .select('message_id')
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    ids.map((r) => r.message_id),
    ['a', 'b', 'c'],
  );
  assert.equal(await queued(ws.workspaceId), 0);
});

test('the background processor is woken by accepted requests and picks up what was left before it started', async () => {
  const ws = await setup();
  const parsed = normalizeEvent({ anonymousId: 'left', messageId: 'left-1' }, 'page', {
    receivedAt: new Date(),
    requestIp: null,
  });
  assert.ok(parsed.ok);
  await acceptEvents(database.db, ws.workspaceId, [parsed.event]);
  const processor = startInboundProcessor(database, { pollMs: 60_000 });
  try {
    await ws.send([{ type: 'page', anonymousId: 'woken', messageId: 'woken-1' }]);
    const deadline = Date.now() + 10_000;
    while ((await count('activities', ws.workspaceId)) < 2) {
      assert.ok(Date.now() < deadline, 'processed within 10 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await processor.stop();
  }
  assert.equal(await queued(ws.workspaceId), 0);
});

test('an event that keeps failing is moved to inbound_failures after 3 attempts; the rest of its batch is stored', async () => {
  const ws = await setup();
  // Valid JSON and a parsable date for the validator, but outside PostgreSQL's timestamp range.
  await ws.send([
    { type: 'track', event: 'Good', anonymousId: 'f', messageId: 'good-1' },
    {
      type: 'track',
      event: 'Ancient',
      anonymousId: 'f',
      messageId: 'bad',
      timestamp: '-010000-01-01T00:00:00Z',
    },
    { type: 'track', event: 'Good', anonymousId: 'f', messageId: 'good-2' },
  ]);
  const result = await drainInbound(database.db, ws.workspaceId);
  assert.equal(result.stored, 2);
  assert.equal(result.failed, 1);
  assert.equal(await queued(ws.workspaceId), 0);
  const failure = await database.db
    .selectFrom('inbound_failures')
    .select(['message_id', 'error'])
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  assert.equal(failure.message_id, 'bad');
  assert.ok(failure.error.length > 0);
  // An unreadable event (e.g. written by a future version) is set aside at once; the rest of its
  // request is stored.
  const good = normalizeEvent({ anonymousId: 'f', messageId: 'after-future' }, 'page', {
    receivedAt: new Date(),
    requestIp: null,
  });
  assert.ok(good.ok);
  const payload = JSON.stringify([{ v: 2, messageId: 'future' }, toInboundPayload(good.event)]);
  await sql`INSERT INTO inbound_batches (workspace_id, events, payload)
    VALUES (${ws.workspaceId}, 2, ${payload})`.execute(database.db);
  const again = await drainInbound(database.db, ws.workspaceId);
  assert.deepEqual([again.processed, again.stored, again.failed], [2, 1, 1]);
  const failures = await database.db
    .selectFrom('inbound_failures')
    .select(['message_id', 'position'])
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('failed_at')
    .orderBy('message_id')
    .execute();
  assert.deepEqual(
    failures.map((f) => [f.message_id, f.position]),
    [
      ['bad', 1],
      ['future', 0],
    ],
  );
});

test('events of a workspace that no longer exists are dropped', async () => {
  const gone = randomUUID();
  const parsed = normalizeEvent({ anonymousId: 'x', messageId: 'x' }, 'page', {
    receivedAt: new Date(),
    requestIp: null,
  });
  assert.ok(parsed.ok);
  await acceptEvents(database.db, gone, [parsed.event]);
  const result = await drainInbound(database.db, gone);
  assert.equal(result.processed, 1);
  assert.equal(await queued(gone), 0);
});

/** Every stored aggregate of a workspace (key, value), scores decayed to one instant; zero rows left out. */
async function aggregates(workspaceId: string) {
  const decayed = (t: string) =>
    sql.raw(
      `${t}.score * power(2::float8, -extract(epoch FROM now() - ${t}.as_of)::float8 / 86400 / s.half_life_days)`,
    );
  const rows = await sql<{ key: string; value: number | null }>`
    SELECT 'contact ' || e.contact_id AS key, ${decayed('e')} AS value
      FROM contact_engagement e JOIN signal_settings s USING (workspace_id)
      WHERE e.workspace_id = ${workspaceId} AND abs(e.score) > 1e-9
    UNION ALL SELECT 'account ' || e.account_id || ' last ' || e.last_activity_at, ${decayed('e')}
      FROM account_engagement e JOIN signal_settings s USING (workspace_id)
      WHERE e.workspace_id = ${workspaceId} AND abs(e.score) > 1e-9
    UNION ALL SELECT 'momentum ' || e.account_id || ' ' || coalesce(e.momentum_on::text, ''), e.momentum
      FROM account_engagement e
      WHERE e.workspace_id = ${workspaceId} AND abs(e.score) > 1e-9
    UNION ALL SELECT 'persona ' || e.account_id || ' ' || e.persona_key, ${decayed('e')}
      FROM account_persona_engagement e JOIN signal_settings s USING (workspace_id)
      WHERE e.workspace_id = ${workspaceId} AND abs(e.score) > 1e-9
    UNION ALL SELECT 'week ' || account_id || ' ' || week_start || ' events ' || events, points
      FROM account_weekly_activity WHERE workspace_id = ${workspaceId}
    UNION ALL SELECT 'topic ' || account_id || ' ' || topic_id || ' ' || week_start || ' events ' || events, null
      FROM account_topic_weekly WHERE workspace_id = ${workspaceId} AND events <> 0
    UNION ALL SELECT 'stage ' || account_id || ' ' || stage, null FROM account_stages WHERE workspace_id = ${workspaceId}
    ORDER BY 1`.execute(database.db);
  return rows.rows;
}

/** Same keys, values equal to 1e-6 relative (the tolerance of the scoring tests: recompute sums in another order and time base). */
function assertSameAggregates(
  actual: { key: string; value: number | null }[],
  expected: { key: string; value: number | null }[],
) {
  assert.deepEqual(
    actual.map((r) => r.key),
    expected.map((r) => r.key),
  );
  actual.forEach((row, i) => {
    const want = expected[i]?.value ?? null;
    if (row.value === null || want === null) assert.equal(row.value, want, row.key);
    else
      assert.ok(
        Math.abs(row.value - want) <= 1e-6 * Math.max(1, Math.abs(want)),
        `${row.key}: ${row.value} ≉ ${want}`,
      );
  });
}

test('history moved by identify (off an IP-guessed account) and by group is re-scored: scores equal a full recompute', async () => {
  const ws = await setup();
  const { db } = database;
  await ensureSignalSettings(db, ws.workspaceId);
  await db
    .updateTable('signal_settings')
    .set({ tier_multipliers: JSON.stringify({ '1': 2 }) })
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  const [ipAccount, realAccount] = await db
    .insertInto('accounts')
    .values([
      { workspace_id: ws.workspaceId, name: 'Office Network Co', tier: 1 },
      { workspace_id: ws.workspaceId, name: 'Real Employer', domain: 'employer-moved.com', tier: 1 },
    ])
    .returning('id')
    .execute();
  assert.ok(ipAccount && realAccount);
  await db
    .insertInto('account_domains')
    .values({
      workspace_id: ws.workspaceId,
      account_id: realAccount.id,
      domain: 'employer-moved.com',
      is_primary: true,
    })
    .execute();
  await storeIpRanges(
    db,
    ws.workspaceId,
    [
      {
        line: 1,
        family: 4,
        start: 0xcb007100n,
        end: 0xcb0071ffn,
        accountId: ipAccount.id,
        domain: null,
        confidence: 0.7,
        excluded: false,
        asn: null,
        country: null,
        label: null,
      },
    ],
    { source: 'test', replace: true },
  );
  await createTopic(db, ws.workspaceId, { name: 'Pricing', urlPatterns: ['*/pricing*'] });
  const ip = { ip: '203.0.113.50' };
  const page = (anon: string, id: string, path: string, days: number) => ({
    type: 'page',
    anonymousId: anon,
    messageId: id,
    timestamp: daysAgo(days),
    properties: { url: `https://site.test${path}` },
    context: ip,
  });
  const drain = () => drainInbound(db, ws.workspaceId);

  // Anonymous visits from the office network: scored for the IP-guessed account.
  // (This week and the weeks before, so the momentum of both accounts depends on what moves.)
  await ws.send([
    page('v1', 'v1-a', '/pricing', 9),
    page('v1', 'v1-b', '/blog', 8),
    page('v1', 'v1-c', '/pricing', 0.001),
    page('v2', 'v2-a', '/pricing', 0.002),
    page('v2', 'v2-b', '/blog', 10),
  ]);
  await drain();
  const ipBefore = await db
    .selectFrom('account_engagement')
    .select('score')
    .where('workspace_id', '=', ws.workspaceId)
    .where('account_id', '=', ipAccount.id)
    .executeTakeFirstOrThrow();
  // A person with a free-mail address (no account yet) browses, then names their company.
  await ws.send([
    {
      type: 'identify',
      userId: 'u3',
      anonymousId: 'v3',
      messageId: 'v3-id',
      timestamp: daysAgo(6),
      traits: { email: 'dee@gmail.com', title: 'Director of IT' },
    },
  ]);
  await drain();
  await ws.send([
    { ...page('v3', 'v3-a', '/pricing', 5), userId: 'u3' },
    { ...page('v3', 'v3-b', '/docs', 4), userId: 'u3' },
  ]);
  await drain();
  // v1 identifies at the real employer: its three visits move off the IP-guessed account.
  await ws.send([
    {
      type: 'identify',
      anonymousId: 'v1',
      messageId: 'v1-id',
      timestamp: daysAgo(1),
      traits: { email: 'lee@employer-moved.com', title: 'VP Marketing' },
      context: ip,
    },
  ]);
  const moved = await drain();
  assert.equal(moved.reattributed, 3);
  await ws.send([
    { type: 'group', userId: 'u3', groupId: realAccount.id, messageId: 'v3-group', timestamp: daysAgo(1) },
  ]);
  const grouped = await drain();
  assert.equal(grouped.reattributed, 3, 'the identify and the two page views of u3');

  const ipAfter = await db
    .selectFrom('account_engagement')
    .select('score')
    .where('workspace_id', '=', ws.workspaceId)
    .where('account_id', '=', ipAccount.id)
    .executeTakeFirstOrThrow();
  assert.ok(ipAfter.score < ipBefore.score / 2, 'the moved visits no longer count for the IP account');
  const incremental = await aggregates(ws.workspaceId);
  assert.ok(incremental.some((r) => r.key.startsWith(`account ${realAccount.id}`)));
  await recomputeWorkspace(db, ws.workspaceId, { topics: true });
  assertSameAggregates(incremental, await aggregates(ws.workspaceId));
});

test('properties with line breaks, quotes, backslashes and non-ASCII text are stored exactly as sent, in stream order', async () => {
  const ws = await setup();
  const tricky = {
    note: 'line one\nline two\r\nline three',
    quote: 'say "hi" \\ {braces} , commas',
    nested: { list: ['a\nb', 'ü €', '\u2028 separator'], deep: { empty: '' } },
  };
  await ws.send([
    { type: 'track', event: 'Noted', anonymousId: 'lb', messageId: 'lb-1', properties: tricky },
    { type: 'track', event: 'Plain', anonymousId: 'lb', messageId: 'lb-2', properties: { n: 1 } },
    { type: 'track', event: 'Noted', anonymousId: 'lb', messageId: 'lb-"3"\n', properties: tricky },
  ]);
  await drainInbound(database.db, ws.workspaceId);
  const rows = await database.db
    .selectFrom('activities')
    .select(['message_id', 'properties'])
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    rows.map((r) => r.message_id),
    ['lb-1', 'lb-2', 'lb-"3"'],
    'messageIds kept as sent (trimmed, as every Segment id is)',
  );
  for (const i of [0, 2]) {
    const stored = rows[i]?.properties;
    assert.ok(stored && typeof stored === 'object' && !Array.isArray(stored));
    assert.deepEqual(
      { note: stored.note, quote: stored.quote, nested: stored.nested },
      tricky,
      `row ${i}'s properties round-trip`,
    );
  }
  const plain = rows[1]?.properties;
  assert.ok(plain && typeof plain === 'object' && !Array.isArray(plain));
  assert.equal(plain.n, 1);
});

test('a contact identify creates gets function, seniority and personas from its title, as through the API', async () => {
  const ws = await setup();
  const title = 'Chief Financial Officer';
  await ws.send([
    { type: 'identify', userId: 'u-cfo', messageId: 'cfo-1', traits: { email: 'cfo@tracked.test', title } },
    // A known person whose title arrives later: the title is filled in and classified.
    { type: 'identify', userId: 'u-late', messageId: 'late-1', traits: { email: 'late@tracked.test' } },
  ]);
  await drainInbound(database.db, ws.workspaceId);
  await ws.send([
    {
      type: 'identify',
      userId: 'u-late',
      messageId: 'late-2',
      traits: { email: 'late@tracked.test', title },
    },
  ]);
  await drainInbound(database.db, ws.workspaceId);
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: { authorization: `Bearer ${ws.keys.admin}` },
    payload: { email: 'cfo@api.test', title },
  });
  assert.equal(created.statusCode, 201, created.body);
  const derived = async (email: string) => {
    const contact = await database.db
      .selectFrom('contacts')
      .select([
        'id',
        sql<string | null>`job_function`.as('job_function'),
        sql<string | null>`seniority`.as('seniority'),
      ])
      .where('workspace_id', '=', ws.workspaceId)
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const personas = await database.db
      .selectFrom('contact_personas')
      .innerJoin('personas', (j) =>
        j
          .onRef('personas.id', '=', 'contact_personas.persona_id')
          .onRef('personas.workspace_id', '=', 'contact_personas.workspace_id'),
      )
      .select('personas.name')
      .where('contact_personas.workspace_id', '=', ws.workspaceId)
      .where('contact_personas.contact_id', '=', contact.id)
      .orderBy('personas.name')
      .execute();
    return { fn: contact.job_function, seniority: contact.seniority, personas: personas.map((p) => p.name) };
  };
  const viaApi = await derived('cfo@api.test');
  assert.equal(viaApi.fn, 'finance');
  assert.ok(viaApi.personas.includes('Finance Leader'), JSON.stringify(viaApi));
  assert.deepEqual(await derived('cfo@tracked.test'), viaApi);
  assert.deepEqual(await derived('late@tracked.test'), viaApi);
});
