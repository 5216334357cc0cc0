import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { rngFor } from '../demo/prng.ts';
import { drainInbound } from '../ingest/drain-inbound.ts';
import { isRecord } from '../records/json-value.ts';
import { casesOf, type FuzzCase, type FuzzOperation, operationsOf } from '../test/route-fuzz-cases.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from '../test/test-database.ts';
import { type App, buildApp } from './app.ts';

const SEED = 20260107;

/** Statuses that need no field: the answer's detail gives the reason. */
const REASON_STATUSES = new Set([401, 403, 404, 405, 413, 414, 415, 429]);

/** Titles that say nothing by themselves: an answer with one must name a field. */
const GENERIC_TITLES = new Set([
  'Bad request',
  'Validation failed',
  'Conflict',
  'Unprocessable content',
  'Invalid value',
]);

/**
 * The routes hidden from the OpenAPI document: the Segment-compatible tracking API (a valid body
 * each), the email tracking links and the tracking snippet.
 */
function trackingOperations(): FuzzOperation[] {
  const context = { ip: '203.0.113.9', page: { url: 'https://fuzzco.com/pricing' }, userAgent: 'fuzz' };
  const bodies: Record<string, unknown> = {
    track: {
      userId: 'fuzz-user',
      event: 'Fuzzed',
      properties: { plan: 'pro', nested: { list: [1, 'b'] } },
      context,
      timestamp: '2026-01-05T10:00:00.000Z',
    },
    identify: { userId: 'fuzz-user', traits: { email: 'u@fuzzco.com', name: 'U' }, context },
    group: { userId: 'fuzz-user', groupId: 'g1', traits: { name: 'Fuzz', domain: 'fuzzco.com' } },
    page: { anonymousId: 'anon-1', name: 'Home', properties: { url: 'https://fuzzco.com/' } },
    screen: { userId: 'fuzz-user', name: 'Main' },
    alias: { userId: 'fuzz-user-2', previousId: 'anon-1' },
    batch: { batch: [{ type: 'track', userId: 'fuzz-user', event: 'Batched', properties: { n: 1 } }] },
    import: { batch: [{ type: 'identify', userId: 'fuzz-user', traits: { title: 'CFO' } }] },
  };
  const events = Object.entries(bodies).map(
    ([name, body]): FuzzOperation => ({
      method: 'POST',
      path: `/v1/${name}`,
      pathParams: [],
      query: [],
      body,
      auth: 'write-key',
    }),
  );
  // The public email tracking links and the snippet (no credentials needed; the key is harmless).
  const links = ['/e/o/{*}', '/e/c/{*}', '/t.js'].map(
    (path): FuzzOperation => ({
      method: 'GET',
      path,
      pathParams: path.includes('{*}') ? ['*'] : [],
      query: [],
      body: undefined,
      auth: 'write-key',
    }),
  );
  return [...events, ...links];
}

/** Why an answer breaks the contract (no 5xx; every 4xx a problem naming a field or a reason), or null. */
function contractBreach(
  c: FuzzCase,
  baseValid: boolean,
  status: number,
  type: string | undefined,
  body: string,
): string | null {
  if (status >= 500) return `answered ${status}`;
  if (status < 400) return null;
  if (!type?.startsWith('application/problem+json'))
    return `answered ${status} as ${type ?? 'no content type'}`;
  const problem: unknown = JSON.parse(body);
  if (!isRecord(problem) || typeof problem.title !== 'string') return `answered ${status} without a title`;
  if (/violates|constraint|relation "|invalid byte sequence|syntax for type/i.test(body)) {
    return `answered ${status} with database text`;
  }
  if (REASON_STATUSES.has(status)) {
    return typeof problem.detail === 'string' && problem.detail
      ? null
      : `answered ${status} without a reason`;
  }
  const errors = Array.isArray(problem.errors) ? problem.errors.filter(isRecord) : [];
  const paths = errors.map((e) => e.path).filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (paths.length === 0) {
    // A conflict with the workspace's state (a list not yet approved, too little history to train)
    // names no field: its own title and detail are the reason.
    const stateProblem = status === 409 || (status === 422 && !GENERIC_TITLES.has(problem.title));
    if (stateProblem && typeof problem.detail === 'string' && problem.detail) return null;
    return `answered ${status} without naming a field`;
  }
  // A malformed change to a request that was valid must be answered by naming where the change is.
  const location = c.at.split('.')[0] ?? '';
  const named = (p: string) => p.startsWith(location) || (location === 'params' && p === 'url');
  if (baseValid && c.at.includes('.') && paths.every((p) => p === 'body')) {
    return `answered ${status} naming only the body, not the field`;
  }
  if (status === 400 && baseValid && c.at && !paths.some(named)) {
    return `answered ${status} naming ${paths.join(', ')}, not a field of ${location}`;
  }
  return null;
}

describe('route fuzz: every operation of the OpenAPI document and the tracking API', () => {
  let database: Database;
  let app: App;
  let ws: TestWorkspace;
  let writeKey: string;
  const ids = new Map<string, string>();

  const api = async (method: 'POST', url: string, payload: object): Promise<Record<string, unknown>> => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers: bearer(ws.keys.admin), payload });
    assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
    const out: unknown = res.json();
    assert.ok(isRecord(out));
    return out;
  };
  const idOf = (record: Record<string, unknown>): string => {
    assert.equal(typeof record.id, 'string');
    return String(record.id);
  };

  before(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database });
    ws = await createTestWorkspace(database, 'Fuzz');
    const account = idOf(await api('POST', '/accounts', { name: 'Fuzz Account', domain: 'fuzzco.com' }));
    for (const hint of ['accounts', 'accountId', 'id']) ids.set(hint, account);
    const contact = idOf(await api('POST', '/contacts', { email: 'c@fuzzco.com', accountId: account }));
    for (const hint of ['contacts', 'contactId', 'review']) ids.set(hint, contact);
    const opportunity = idOf(
      await api('POST', '/opportunities', { name: 'Fuzz deal', accountId: account, stage: 'Discovery' }),
    );
    for (const hint of ['opportunities', 'opportunityId']) ids.set(hint, opportunity);
    ids.set('notes', idOf(await api('POST', `/accounts/${account}/notes`, { body: 'Fuzz note' })));
    ids.set(
      'personas',
      idOf(
        await api('POST', '/personas', {
          name: 'Fuzz persona',
          committeeRole: 'champion',
          functions: ['marketing'],
        }),
      ),
    );
    ids.set('topics', idOf(await api('POST', '/intent/topics', { name: 'Fuzz topic', keywords: ['fuzz'] })));
    ids.set('saved-views', idOf(await api('POST', '/saved-views', { page: 'accounts', name: 'Fuzz view' })));
    const list = idOf(await api('POST', '/target-lists', { period: '2026', name: 'Fuzz list' }));
    for (const hint of ['target-lists', 'listId', 'copyFromListId']) ids.set(hint, list);
    const key = await api('POST', '/write-keys', { name: 'fuzz' });
    assert.equal(typeof key.key, 'string');
    writeKey = String(key.key);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('no 5xx, and every 4xx is a problem naming the field (or giving the reason)', async () => {
    const started = performance.now();
    const doc: unknown = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const rng = rngFor(SEED, 'route-fuzz');
    const randomId = () => {
      const hex = Array.from({ length: 32 }, () => (rng.uint32() % 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
    };
    const idFor = (hint: string) => ids.get(hint) ?? randomId();
    const operations = [...operationsOf(doc, idFor), ...trackingOperations()];
    // Self-service routes that would lock the fuzzing admin out are aimed at ids that do not exist.
    const guarded = /\/(users|api-keys|write-keys)\/\{id\}$/;
    const breaches: string[] = [];
    let requests = 0;
    const slow: string[] = [];
    for (const operation of operations) {
      const segments = operation.path.split('/');
      const pathValue = (name: string) => {
        if (operation.method === 'DELETE' || guarded.test(operation.path)) return randomId();
        const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
        return ids.get(before) ?? ids.get(name) ?? randomId();
      };
      let baseValid = false;
      for (const c of casesOf(operation, pathValue, rng)) {
        const headers: Record<string, string> =
          operation.auth === 'write-key'
            ? { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` }
            : bearer(ws.keys.admin);
        if (c.contentType) headers['content-type'] = c.contentType;
        const sent = performance.now();
        const res = await app.inject({
          method: operation.method,
          url: c.url,
          headers,
          ...(c.payload !== undefined ? { payload: c.payload } : {}),
        });
        requests += 1;
        const took = performance.now() - sent;
        if (took > 200)
          slow.push(`${took.toFixed(0)} ms ${operation.method} ${operation.path} ${c.what} ${c.at}`);
        if (!c.at) baseValid = res.statusCode < 400;
        const breach = contractBreach(
          c,
          baseValid,
          res.statusCode,
          res.headers['content-type']?.toString(),
          res.body,
        );
        if (breach) {
          breaches.push(
            `${operation.method} ${operation.path} — ${c.what} at ${c.at || '(none)'}: ${breach}: ${res.body.slice(0, 300)}`,
          );
        }
      }
    }
    await drainInbound(database.db, ws.workspaceId);
    const stillAdmin = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(ws.keys.admin),
    });
    assert.equal(stillAdmin.statusCode, 200, 'the fuzzing admin key still works');
    const seconds = (performance.now() - started) / 1000;
    if (process.env.FUZZ_REPORT === '1') {
      for (const operation of operations) console.log(`covered: ${operation.method} ${operation.path}`);
    }
    console.log(`route fuzz: ${operations.length} operations, ${requests} requests, ${seconds.toFixed(1)} s`);
    if (process.env.FUZZ_REPORT === '1') for (const line of slow) console.log(`slow: ${line}`);
    for (const breach of breaches) console.log(`breach: ${breach}`);
    assert.equal(breaches.length, 0, `${breaches.length} answers break the contract (listed above)`);
  });
});
