import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../http/app.ts';
import { useTestApp } from '../test/test-app.ts';

const PASSWORD = 'correct horse battery';
const LOCKOUT_MS = 1500;

// Each describe builds its own app (its own limits) on this database.
const t = useTestApp({ withApp: false });

/** A fresh user's e-mail (one per test, so the per-account counters never overlap). */
async function newUser(): Promise<string> {
  const ws = await t.workspace('SignIn');
  const user = await t.database.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', ws.userIds.marketer)
    .executeTakeFirstOrThrow();
  return user.email;
}

function signIn(
  app: App,
  email: string,
  password: string,
  address: string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: address,
    headers,
  });
}

function retryAfter(res: { headers: Record<string, unknown> }): number {
  const value = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(value) && value >= 1, `Retry-After ${String(res.headers['retry-after'])}`);
  return value;
}

describe('sign-in lockout per account', () => {
  let app: App;
  before(async () => {
    app = await t.appWith({
      limits: {
        signInFailuresPerAccount: { max: 3, windowMs: 60_000 },
        signInLockoutMs: LOCKOUT_MS,
        signInPerAddress: { max: 1000, windowMs: 60_000 },
      },
    });
  });

  test('3 wrong passwords lock the account: the right one is refused with 429 and Retry-After until the lockout ends', async () => {
    const email = await newUser();
    for (let i = 0; i < 3; i++) {
      const res = await signIn(app, email, `wrong-${i}`, '198.51.100.1');
      assert.equal(res.statusCode, 401, res.body);
    }
    const locked = await signIn(app, email, PASSWORD, '198.51.100.1');
    assert.equal(locked.statusCode, 429, locked.body);
    assert.match(String(locked.headers['content-type']), /application\/problem\+json/);
    assert.equal(locked.json().status, 429);
    assert.match(locked.json().detail, /this account/);
    assert.ok(retryAfter(locked) <= Math.ceil(LOCKOUT_MS / 1000));
    assert.equal(locked.cookies.length, 0, 'no session during a lockout');
    // The lock is the account's, whatever address asks.
    const elsewhere = await signIn(app, email, PASSWORD, '198.51.100.2');
    assert.equal(elsewhere.statusCode, 429);
    // Another account from the same address is not affected.
    const other = await signIn(app, await newUser(), PASSWORD, '198.51.100.1');
    assert.equal(other.statusCode, 200, other.body);

    await sleep(LOCKOUT_MS + 100);
    const unlocked = await signIn(app, email, PASSWORD, '198.51.100.1');
    assert.equal(unlocked.statusCode, 200, unlocked.body);
    assert.ok(unlocked.cookies.some((c) => c.name === 'oabm_session'));
  });

  test('a success resets the count of failures', async () => {
    const email = await newUser();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) {
        assert.equal((await signIn(app, email, 'wrong', '198.51.100.3')).statusCode, 401);
      }
      assert.equal((await signIn(app, email, PASSWORD, '198.51.100.3')).statusCode, 200);
    }
  });

  test('the e-mail is case-folded, and unknown e-mails lock the same way (no hint that an account exists)', async () => {
    const email = await newUser();
    for (const spelling of [email.toUpperCase(), email, ` ${email}`.trim()]) {
      assert.equal((await signIn(app, spelling, 'wrong', '198.51.100.4')).statusCode, 401);
    }
    assert.equal((await signIn(app, email, PASSWORD, '198.51.100.4')).statusCode, 429);
    const ghost = `nobody-${Date.now()}@example.test`;
    for (let i = 0; i < 3; i++) assert.equal((await signIn(app, ghost, 'x', '198.51.100.4')).statusCode, 401);
    assert.equal((await signIn(app, ghost, 'x', '198.51.100.4')).statusCode, 429);
  });

  test('parallel guesses cannot slip past the limit', async () => {
    const email = await newUser();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(app, email, `guess-${i}`, '198.51.100.5')),
    );
    const codes = answers.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 401).length, 3, codes.join(','));
    assert.equal(codes.filter((c) => c === 429).length, 17, codes.join(','));
  });
});

describe('sign-in limit per client address', () => {
  let app: App;
  before(async () => {
    app = await t.appWith({
      limits: {
        signInPerAddress: { max: 5, windowMs: 1200 },
        signInFailuresPerAccount: { max: 100, windowMs: 60_000 },
      },
    });
  });

  test('the 6th attempt a window from one address is a 429; another address is not affected; the window ends', async () => {
    const email = await newUser();
    const address = '203.0.113.10';
    for (let i = 0; i < 5; i++) {
      // Different accounts: spraying one password over many accounts is what this limit stops.
      const res = await signIn(app, `user${i}@example.test`, 'wrong', address);
      assert.equal(res.statusCode, 401, res.body);
    }
    const limited = await signIn(app, email, PASSWORD, address);
    assert.equal(limited.statusCode, 429, limited.body);
    assert.match(String(limited.headers['content-type']), /application\/problem\+json/);
    assert.match(limited.json().detail, /this address/);
    retryAfter(limited);
    // Invalid bodies count too (the limit runs before validation).
    assert.equal(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {}, remoteAddress: address }))
        .statusCode,
      429,
    );
    // A forwarded-for header from an untrusted peer does not change the address.
    const spoofed = await signIn(app, email, PASSWORD, address, { 'x-forwarded-for': '192.0.2.77' });
    assert.equal(spoofed.statusCode, 429);
    assert.equal((await signIn(app, email, PASSWORD, '203.0.113.11')).statusCode, 200);

    await sleep(1300);
    assert.equal((await signIn(app, email, PASSWORD, address)).statusCode, 200);
  });

  test('behind a trusted proxy, the forwarded client address is the one limited', async () => {
    const proxied = await t.appWith({ limits: { signInPerAddress: { max: 2, windowMs: 60_000 } } });
    const email = await newUser();
    // Requests from loopback (a local reverse proxy) carry the client's address.
    const from = (client: string) => ({ 'x-forwarded-for': client });
    for (let i = 0; i < 2; i++) {
      assert.equal((await signIn(proxied, email, 'wrong', '127.0.0.1', from('192.0.2.1'))).statusCode, 401);
    }
    assert.equal((await signIn(proxied, email, PASSWORD, '127.0.0.1', from('192.0.2.1'))).statusCode, 429);
    assert.equal((await signIn(proxied, email, PASSWORD, '127.0.0.1', from('192.0.2.2'))).statusCode, 200);
  });
});
