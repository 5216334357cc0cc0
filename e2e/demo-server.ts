import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { createApiKey } from '../src/auth/api-keys.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEMO_ADMIN_EMAIL } from '../src/demo/demo-users.ts';
import { type LoadedDemoWorld, loadDemoWorld } from '../src/demo/load-demo-world.ts';
import { type App, buildApp } from '../src/http/app.ts';
import { launchChromium } from '../src/test/launch-chromium.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What a browser test file shares: the demo world on disk, the server listening on it, and Chromium. */
export interface DemoServer {
  /** A temp directory holding the embedded data dir; tests may write files here too. */
  readonly dataDir: string;
  readonly database: Database;
  readonly app: App;
  /** The server's base URL, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  readonly world: LoadedDemoWorld;
  /** An admin API key of the demo workspace. */
  readonly adminKey: string;
  readonly browser: Browser;
}

/**
 * Register hooks that build the web app if `web/dist` is missing, load the demo world into an embedded
 * data dir, start the server on a free port and launch Chromium; and close all of it after the file.
 * Read the returned object's fields inside tests (they are set by the `before` hook).
 */
export function useDemoServer(options: {
  seed: number;
  accounts: number;
  password: string;
  /** Name of the admin API key (and the temp directory's prefix). */
  name: string;
}): DemoServer & {
  readonly api: (method: string, url: string, body?: unknown) => ReturnType<typeof JSON.parse>;
} {
  const state: Partial<{ -readonly [K in keyof DemoServer]: DemoServer[K] }> = {};
  before(async () => {
    ensureWebBuild();
    state.dataDir = mkdtempSync(path.join(tmpdir(), `openabm-${options.name}-`));
    const database = await openDatabase({ dataDir: state.dataDir });
    state.database = database;
    await migrateToLatest(database.db);
    const world = await loadDemoWorld(database, {
      seed: options.seed,
      accounts: options.accounts,
      password: options.password,
    });
    state.world = world;
    const adminId = world.users.find((u) => u.email === DEMO_ADMIN_EMAIL)?.id ?? null;
    state.adminKey = (
      await createApiKey(database.db, {
        workspaceId: world.workspaceId,
        role: 'admin',
        name: options.name,
        createdBy: adminId,
      })
    ).key;
    state.app = await buildApp({ database });
    state.base = await state.app.listen({ host: '127.0.0.1', port: 0 });
    state.browser = await launchChromium();
  });
  after(async () => {
    await state.browser?.close();
    await state.app?.close();
    await state.database?.close();
    if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  });
  const read = <K extends keyof DemoServer>(key: K): DemoServer[K] => {
    const value = state[key];
    if (value === undefined)
      throw new Error(`DemoServer.${key} is read before useDemoServer's before() hook ran`);
    return value;
  };
  /** Call the API as the admin key; a non-2xx answer fails the test with its status and body. */
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${read('base')}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${read('adminKey')}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    api,
    get dataDir() {
      return read('dataDir');
    },
    get database() {
      return read('database');
    },
    get app() {
      return read('app');
    },
    get base() {
      return read('base');
    },
    get world() {
      return read('world');
    },
    get adminKey() {
      return read('adminKey');
    },
    get browser() {
      return read('browser');
    },
  };
}

/**
 * Build the web app into web/dist when it is missing (CI builds it before the tests). Never rebuilt
 * when present: a build empties web/dist first, and browser tests running beside it would load a page
 * whose script is gone.
 */
export function ensureWebBuild(): void {
  if (existsSync(path.join(ROOT, 'web/dist/index.html'))) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  assert.equal(built.status, 0, 'npm run build failed');
}
