import type { onRequestHookHandler } from 'fastify';
/** How a sign-in lockout is configured: `maxFailures` within `windowMs` lock the account for `lockoutMs`. */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

interface AccountAttempts {
  /** Attempts not yet cleared by a success (an attempt counts as failed until it succeeds). */
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

/** The most accounts tracked at once; beyond it the entries that expired, then the oldest, are dropped. */
const MAX_TRACKED = 100_000;

/**
 * Failed sign-ins per account (the e-mail signed in to, case-folded), in this process's memory. An
 * attempt counts as a failure from the moment it starts, so parallel guesses cannot all slip in before
 * the first one fails; the attempt that reaches `maxFailures` locks the account for `lockoutMs`, during
 * which every attempt is refused without checking the password; a success clears the account. While the
 * failures of the window still stand, each attempt after a lockout locks it again.
 * Unknown e-mails are counted like known ones, so the answers never tell whether an account exists.
 *
 * @example
 * const wait = lockout.begin(email);           // seconds to wait, or 0 to go ahead
 * if (ok) lockout.succeeded(email);
 */
export class SignInLockout {
  readonly #accounts = new Map<string, AccountAttempts>();
  readonly #policy: LockoutPolicy;
  readonly #now: () => number;

  constructor(policy: LockoutPolicy, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
  }

  /** Start an attempt: 0 to go ahead (the attempt is counted), else the seconds until the lock ends. */
  begin(email: string): number {
    if (this.#policy.maxFailures <= 0) return 0;
    const key = email.trim().toLowerCase();
    const now = this.#now();
    let entry = this.#accounts.get(key);
    if (entry && entry.lockedUntil > now) return Math.max(1, Math.ceil((entry.lockedUntil - now) / 1000));
    if (!entry || entry.windowStart + this.#policy.windowMs <= now) {
      entry = { failures: 0, windowStart: now, lockedUntil: 0 };
      this.#remember(key, entry, now);
    }
    entry.failures += 1;
    if (entry.failures >= this.#policy.maxFailures) entry.lockedUntil = now + this.#policy.lockoutMs;
    return 0;
  }

  /** A successful sign-in clears the account's failures and any lock. */
  succeeded(email: string): void {
    this.#accounts.delete(email.trim().toLowerCase());
  }

  /** Accounts currently tracked (tests, metrics). */
  get size(): number {
    return this.#accounts.size;
  }

  #remember(key: string, entry: AccountAttempts, now: number): void {
    this.#accounts.delete(key);
    if (this.#accounts.size >= MAX_TRACKED) {
      for (const [other, value] of this.#accounts) {
        if (value.windowStart + this.#policy.windowMs <= now && value.lockedUntil <= now) {
          this.#accounts.delete(other);
        }
      }
      while (this.#accounts.size >= MAX_TRACKED) {
        const oldest = this.#accounts.keys().next();
        if (oldest.done) break;
        this.#accounts.delete(oldest.value);
      }
    }
    this.#accounts.set(key, entry);
  }
}

/** What the sign-in route needs: a per-address limit (an onRequest hook) and the per-account lockout. */
export interface SignInGuard {
  limitAddress: onRequestHookHandler;
  lockout: SignInLockout;
}
