/** A number of requests allowed per time window; `max: 0` turns the limit off. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Rate limits of the public entry points; every field has a default (see `DEFAULT_LIMITS`). */
export interface SecurityLimits {
  /** Sign-in requests per client address (every attempt counts). */
  signInPerAddress: RateLimit;
  /** Failed sign-ins per account (the e-mail signed in to) before the account is locked. */
  signInFailuresPerAccount: RateLimit;
  /** How long an account stays locked after too many failed sign-ins; a success unlocks it. */
  signInLockoutMs: number;
  /** Tracking API requests (`/v1/*`) per write key; an event batch is one request. */
  trackingPerWriteKey: RateLimit;
  /** `/t.js` and e-mail open/click requests per client address. */
  trackingPerAddress: RateLimit;
}

const MINUTE = 60_000;

/**
 * Defaults: sign-in is throttled hard (20 attempts a minute per address, 10 failures in 15 minutes lock
 * the account for 5 minutes); tracking is generous (120,000 requests a minute per write key — the ingestion
 * benchmark sends about 24,000 batches a minute — and 6,000 a minute per address, for e-mail image
 * proxies that open many messages from one address).
 */
export const DEFAULT_LIMITS: SecurityLimits = {
  signInPerAddress: { max: 20, windowMs: MINUTE },
  signInFailuresPerAccount: { max: 10, windowMs: 15 * MINUTE },
  signInLockoutMs: 5 * MINUTE,
  trackingPerWriteKey: { max: 120_000, windowMs: MINUTE },
  trackingPerAddress: { max: 6_000, windowMs: MINUTE },
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: 60 * MINUTE };

/** A duration such as `500ms`, `30s`, `15m`, `1h` (a bare number is seconds) in milliseconds. */
export function parseDuration(text: string, name: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match?.[1]) throw new Error(`${name}: "${text}" is not a duration (e.g. 30s, 15m, 1h)`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000));
}

/** A limit written `MAX/WINDOW`, e.g. `20/1m` (20 requests a minute); `off` or `0` disables it. */
export function parseRateLimit(text: string, name: string): RateLimit {
  const trimmed = text.trim();
  if (trimmed === 'off' || trimmed === '0') return { max: 0, windowMs: MINUTE };
  const match = /^(\d+)\s*\/\s*(.+)$/.exec(trimmed);
  if (!match?.[1] || !match[2]) {
    throw new Error(`${name}: "${text}" is not a limit; write MAX/WINDOW, e.g. 20/1m, or off`);
  }
  const windowMs = parseDuration(match[2], name);
  if (windowMs <= 0) throw new Error(`${name}: the window must be longer than 0`);
  return { max: Number(match[1]), windowMs };
}

/** Environment variables naming each limit (documented in README's configuration table). */
export const LIMIT_VARIABLES = {
  signInPerAddress: 'OPENABM_LIMIT_SIGNIN_ADDRESS',
  signInFailuresPerAccount: 'OPENABM_LIMIT_SIGNIN_ACCOUNT',
  signInLockoutMs: 'OPENABM_SIGNIN_LOCKOUT',
  trackingPerWriteKey: 'OPENABM_LIMIT_WRITE_KEY',
  trackingPerAddress: 'OPENABM_LIMIT_TRACKING_ADDRESS',
} as const;

/**
 * The limits: explicit options first, then environment variables, then the defaults.
 *
 * @example
 * resolveLimits({ signInLockoutMs: 1000 }, { OPENABM_LIMIT_WRITE_KEY: '5000/1m' });
 */
export function resolveLimits(
  options: Partial<SecurityLimits> = {},
  env: Record<string, string | undefined> = process.env,
): SecurityLimits {
  const fromEnv = (key: Exclude<keyof SecurityLimits, 'signInLockoutMs'>): RateLimit => {
    const value = env[LIMIT_VARIABLES[key]];
    return value === undefined || value === ''
      ? DEFAULT_LIMITS[key]
      : parseRateLimit(value, LIMIT_VARIABLES[key]);
  };
  const lockout = env[LIMIT_VARIABLES.signInLockoutMs];
  return {
    signInPerAddress: options.signInPerAddress ?? fromEnv('signInPerAddress'),
    signInFailuresPerAccount: options.signInFailuresPerAccount ?? fromEnv('signInFailuresPerAccount'),
    signInLockoutMs:
      options.signInLockoutMs ??
      (lockout ? parseDuration(lockout, LIMIT_VARIABLES.signInLockoutMs) : DEFAULT_LIMITS.signInLockoutMs),
    trackingPerWriteKey: options.trackingPerWriteKey ?? fromEnv('trackingPerWriteKey'),
    trackingPerAddress: options.trackingPerAddress ?? fromEnv('trackingPerAddress'),
  };
}
