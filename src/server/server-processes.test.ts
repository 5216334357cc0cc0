import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { openDatabase } from '../db/database.ts';
import { LOCK_FILE } from './data-dir-lock.ts';

/**
 * `openabm serve` and `openabm demo` as a user runs them: child processes on temporary data
 * directories, talked to over HTTP and through other `openabm` commands.
 */
const run = promisify(execFile);
const BIN = path.resolve('bin/openabm.js');
const pgUrl = process.env.TEST_DATABASE_URL;
const root = mkdtempSync(path.join(tmpdir(), 'openabm-server-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The environment of an embedded run (no DATABASE_URL), or of a run on the test server. */
function env(onServer: boolean): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete e.DATABASE_URL;
  if (onServer && pgUrl) e.DATABASE_URL = pgUrl;
  return e;
}

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args], { env: env(false), timeout: 90_000 });
  return stdout;
}

/** The exit code and stderr of a command that is expected to fail. */
async function cliFails(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [BIN, ...args], { env: env(false), timeout: 90_000 });
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && 'stderr' in error) {
      return { code: Number(error.code), stderr: String(error.stderr) };
    }
    throw error;
  }
  assert.fail(`openabm ${args.join(' ')} succeeded`);
}

interface Served {
  child: ChildProcess;
  base: string;
  stdout: string;
  exited: Promise<number | null>;
}

/** Start an openabm server process; resolves once it prints the URL it listens on. */
function start(args: string[], onServer: boolean): Promise<Served> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: env(onServer),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const found = () => {
      // serve announces itself on stderr; demo prints its URL, key and sign-in on stdout.
      const match = /(?:serving|URL:)\s+(http:\/\/\S+)/.exec(`${stdout}\n${stderr}`);
      if (match?.[1] && (args[0] !== 'demo' || /Workspace:.*\n/.test(stdout))) {
        resolve({ child, base: match[1], stdout, exited });
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      found();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      found();
    });
    child.once('exit', (code) => reject(new Error(`openabm ${args[0]} exited (${code}): ${stderr}`)));
  });
}

async function stop(server: Served): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(`openabm demo processes tracked events (${pgUrl ? 'PostgreSQL' : 'embedded'})`, {
  timeout: 300_000,
}, () => {
  let demo: Served;
  let adminKey: string;
  before(async () => {
    const dir = path.join(root, 'demo');
    demo = await start(['demo', '--port', '0', '--accounts', '30', '--seed', '11', '--data', dir], true);
    adminKey = /API key:\s+(oabm_\S+)/.exec(demo.stdout)?.[1] ?? '';
    assert.ok(adminKey, 'the demo prints an admin key');
  });
  after(async () => {
    assert.equal(await stop(demo), 0, 'the demo stops cleanly on SIGTERM');
  });

  test('a batch posted with a write key becomes a contact, an account and a score', async () => {
    const api = (url: string, init: RequestInit = {}) =>
      fetch(`${demo.base}${url}`, {
        ...init,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json', ...init.headers },
      });
    const created = await api('/api/v1/write-keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'test' }),
    });
    assert.equal(created.status, 201);
    const { key } = (await created.json()) as { key: string };
    const run = Math.random().toString(36).slice(2, 10);
    const domain = `newco-${run}.com`;
    const email = `pat@${domain}`;
    const userId = `user-${run}`;
    const sent = await fetch(`${demo.base}/v1/batch`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        batch: [
          { type: 'identify', userId, traits: { email, firstName: 'Pat', title: 'VP Marketing' } },
          { type: 'group', userId, groupId: `acct-${run}`, traits: { name: `Newco ${run}`, domain } },
          { type: 'track', userId, event: 'Demo Requested', properties: { plan: 'enterprise' } },
          { type: 'page', userId, name: 'Pricing', properties: { url: `https://openabm.dev/pricing` } },
        ],
      }),
    });
    assert.equal(sent.status, 200, await sent.text());

    // Nothing drains the queue but the demo's own inbound processor.
    const contact = await until('the contact and its account', async () => {
      const res = await api(`/api/v1/contacts?email=${encodeURIComponent(email)}`);
      const body = (await res.json()) as { data: { id: string; accountId: string | null }[] };
      const found = body.data[0];
      return found?.accountId ? { id: found.id, accountId: found.accountId } : null;
    });
    const account = await until('the account’s engagement score', async () => {
      const res = await api(`/api/v1/accounts/${contact.accountId}`);
      const body = (await res.json()) as {
        name: string;
        domain: string | null;
        engagementScore: number | null;
      };
      return (body.engagementScore ?? 0) > 0 ? body : null;
    });
    assert.equal(account.name, `Newco ${run}`);
    assert.equal(account.domain, domain);
  });
});

describe('a served embedded data directory', { timeout: 300_000 }, () => {
  const dir = path.join(root, 'served');
  let server: Served;
  let workspaceSlug: string;
  before(async () => {
    // Before any server: the command opens the directory itself (and gives it back).
    workspaceSlug =
      (await cli('workspace', 'create', '--name', 'Served Co', '--data', dir)).trim().split('\t')[1] ?? '';
    assert.ok(workspaceSlug);
    assert.equal(existsSync(path.join(dir, LOCK_FILE)), false, 'a finished command leaves no lock');
    server = await start(['serve', '--port', '0', '--quiet', '--data', dir], false);
  });

  test('commands run while it serves go through the server, which sees their writes at once', async () => {
    const key = (await cli('apikey', 'create', '--role', 'admin', '--data', dir)).trim();
    assert.match(key, /^oabm_/);
    const me = await fetch(`${server.base}/api/v1/accounts?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(me.status, 200, 'a key created by the CLI authenticates against the running server');

    await cli(
      'user',
      'create',
      '--email',
      'first@served.example',
      '--role',
      'admin',
      '--password',
      'pw-123456789',
      '--data',
      dir,
    );
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@served.example', password: 'pw-123456789' }),
    });
    assert.equal(login.status, 200, 'a user created by the CLI signs in');

    const listed = await cli('workspace', 'list', '--data', dir);
    assert.match(listed, new RegExp(`\\t${workspaceSlug}\\t`));
  });

  test('a second server on the same directory refuses, naming the process that holds it', async () => {
    const pid = server.child.pid;
    assert.ok(pid);
    for (const command of [
      ['serve', '--port', '0', '--data', dir],
      ['demo', '--port', '0', '--data', dir],
    ]) {
      const refused = await cliFails(...command);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, new RegExp(`in use by openabm process ${pid} \\(serve`));
      assert.match(refused.stderr, new RegExp(`kill ${pid}`));
    }
  });

  test('after the server stops, the writes made through it are in the directory and the lock is gone', async () => {
    assert.equal(await stop(server), 0);
    assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
    assert.equal(existsSync(path.join(dir, '.s.PGSQL.5432')), false);
    const database = await openDatabase({ dataDir: dir });
    try {
      const keys = await database.db.selectFrom('api_keys').select('id').execute();
      const users = await database.db.selectFrom('users').select('email').execute();
      assert.equal(keys.length, 1);
      assert.deepEqual(
        users.map((u) => u.email),
        ['first@served.example'],
      );
    } finally {
      await database.close();
    }
  });
});
