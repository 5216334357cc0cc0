import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trustProxyFromEnv } from './app.ts';
import { DEFAULT_LIMITS, parseDuration, parseRateLimit, resolveLimits } from './security-limits.ts';

test('limits are written MAX/WINDOW; durations take ms, s, m, h (bare numbers are seconds)', () => {
  assert.deepEqual(parseRateLimit('20/1m', 'X'), { max: 20, windowMs: 60_000 });
  assert.deepEqual(parseRateLimit(' 5000 / 10s ', 'X'), { max: 5000, windowMs: 10_000 });
  assert.equal(parseRateLimit('off', 'X').max, 0);
  assert.equal(parseDuration('500ms', 'X'), 500);
  assert.equal(parseDuration('2h', 'X'), 7_200_000);
  assert.equal(parseDuration('90', 'X'), 90_000);
  assert.throws(() => parseRateLimit('lots', 'OPENABM_LIMIT_WRITE_KEY'), /OPENABM_LIMIT_WRITE_KEY: "lots"/);
  assert.throws(() => parseRateLimit('5/0s', 'X'), /longer than 0/);
  assert.throws(() => parseDuration('soon', 'OPENABM_SIGNIN_LOCKOUT'), /OPENABM_SIGNIN_LOCKOUT/);
});

test('options win over the environment, which wins over the defaults', () => {
  const limits = resolveLimits(
    { signInLockoutMs: 1000 },
    { OPENABM_LIMIT_WRITE_KEY: '5000/1m', OPENABM_SIGNIN_LOCKOUT: '10m', OPENABM_LIMIT_SIGNIN_ACCOUNT: '' },
  );
  assert.equal(limits.signInLockoutMs, 1000);
  assert.deepEqual(limits.trackingPerWriteKey, { max: 5000, windowMs: 60_000 });
  assert.deepEqual(limits.signInFailuresPerAccount, DEFAULT_LIMITS.signInFailuresPerAccount);
  assert.deepEqual(resolveLimits({}, {}), DEFAULT_LIMITS);
});

test('OPENABM_TRUST_PROXY: loopback by default, true/false, or a list of addresses', () => {
  assert.equal(trustProxyFromEnv(undefined), 'loopback');
  assert.equal(trustProxyFromEnv('true'), true);
  assert.equal(trustProxyFromEnv('false'), false);
  assert.equal(trustProxyFromEnv('loopback, 10.0.0.0/8'), 'loopback, 10.0.0.0/8');
});
