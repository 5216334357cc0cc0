import { after, before } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../db/database.ts';
import { type App, type AppOptions, buildApp } from '../http/app.ts';
import { createWriteKey } from '../ingest/write-keys.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from './test-database.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A workspace that also has a tracking write key, as the tracking endpoints (/v1/batch, /t.js) take it. */
export interface TrackedWorkspace extends TestWorkspace {
  writeKey: string;
  /** `Authorization: Basic` header for the write key, as the Segment and RudderStack clients send it. */
  auth: { authorization: string };
}

/** `Authorization: Basic` header for a tracking write key (the key is the user name, no password). */
export function basicAuth(writeKey: string): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
}

/**
 * What a test file shares: one database (embedded, or the server named by TEST_DATABASE_URL), one app
 * built on it, and a fresh workspace with a user and API key per role. Read the fields inside tests
 * (they are set by the `before` hook that {@link useTestApp} registers).
 */
export class TestApp {
  #database: Database | undefined;
  #app: App | undefined;
  #ws: TestWorkspace | undefined;
  #base: string | undefined;
  readonly #extraApps: App[] = [];

  get database(): Database {
    return ready(this.#database, 'database');
  }
  get app(): App {
    return ready(this.#app, 'app');
  }
  /** The app's base URL (http://127.0.0.1:port) when useTestApp was given `listen: true`. */
  get base(): string {
    return ready(this.#base, 'base');
  }
  /** The file's main workspace. */
  get ws(): TestWorkspace {
    return ready(this.#ws, 'ws');
  }

  /** @internal Called by useTestApp's hooks. */
  async open(options: Omit<AppOptions, 'database'>, withApp: boolean, listen: boolean): Promise<void> {
    this.#database = await openTestDatabase();
    if (withApp) this.#app = await buildApp({ ...options, database: this.#database });
    if (this.#app && listen) this.#base = await this.#app.listen({ host: '127.0.0.1', port: 0 });
    this.#ws = await createTestWorkspace(this.#database);
  }

  /** @internal */
  async close(): Promise<void> {
    for (const app of this.#extraApps) await app.close();
    await this.#app?.close();
    await this.#database?.close();
  }

  /** Another fresh workspace (for isolation tests). */
  workspace(name = 'Other'): Promise<TestWorkspace> {
    return createTestWorkspace(this.database, name);
  }

  /** Another fresh workspace with a tracking write key (for /v1/batch, /t.js and the tracking clients). */
  async trackedWorkspace(name = 'Tracked'): Promise<TrackedWorkspace> {
    const ws = await this.workspace(name);
    const { key } = await createWriteKey(this.database.db, { workspaceId: ws.workspaceId, name: 'web' });
    return { ...ws, writeKey: key, auth: basicAuth(key) };
  }

  /**
   * Another app on the same database with other options (limits, trustProxy…), closed with the fixture.
   * For files whose tests need the app configured differently than the file's own.
   */
  async appWith(options: Omit<AppOptions, 'database'>): Promise<App> {
    const app = await buildApp({ ...options, database: this.database });
    this.#extraApps.push(app);
    return app;
  }

  /**
   * Call the REST API: `path` is under /api/v1, `key` an API key of the role the test acts as.
   *
   * @example
   * const res = await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Acme' });
   * const list = await t.call('GET', '/accounts', t.ws.keys.sales);
   */
  call(
    method: HttpMethod,
    path: string,
    key: string,
    payload?: InjectOptions['payload'],
  ): Promise<LightMyRequestResponse> {
    const options: InjectOptions = { method, url: `/api/v1${path}`, headers: bearer(key) };
    if (payload !== undefined) options.payload = payload;
    return this.app.inject(options);
  }

  /** Any request to the app, as `app.inject` takes it (tracking endpoints, raw bodies, public routes). */
  inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject(options);
  }
}

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`TestApp.${name} is read before useTestApp's before() hook ran`);
  return value;
}

/**
 * Register `before`/`after` hooks that open the test database, build the app and create a workspace,
 * and close them after the file's tests. Call at the top of a test file or inside a `describe`.
 *
 * @example
 * const t = useTestApp();
 * test('creates an account', async () => {
 *   const res = await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Acme' });
 *   assert.equal(res.statusCode, 201);
 * });
 *
 * @param options.app   options for buildApp (limits, trustProxy…)
 * @param options.withApp false for tests that need only the database and a workspace
 * @param options.listen  true to also serve the app on a free local port (`t.base`), for real HTTP
 *   clients and browsers
 *
 * Node 20 runs a file's top-level `before` hooks concurrently: a top-level hook of the file must not
 * read `t` (put such set-up inside a `describe`, or in the tests).
 */
export function useTestApp(
  options: { app?: Omit<AppOptions, 'database'>; withApp?: boolean; listen?: boolean } = {},
): TestApp {
  const t = new TestApp();
  before(() => t.open(options.app ?? {}, options.withApp ?? true, options.listen ?? false));
  after(() => t.close());
  return t;
}
