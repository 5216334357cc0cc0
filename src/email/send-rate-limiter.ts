/** A rate: messages per second, for one key. */
export interface Rate {
  key: string;
  perSecond: number;
}

/**
 * Send pacing per workspace and per recipient domain (per process), as a generic cell rate
 * algorithm: each key has a theoretical next slot that advances by 1/rate per message, and a message
 * may go up to a small burst (a tenth of a second's worth) early. A message goes at the earliest
 * moment every one of its keys allows, and books that moment in all of them, so in any window of T
 * seconds a key sees at most rate × T + burst messages, however the sends of a batch interleave.
 * `reserve` returns how long to wait (0 = now) and books the slot.
 */
export class SendRateLimiter {
  /** Theoretical arrival time per key (ms). */
  #next = new Map<string, number>();

  reserve(rates: readonly Rate[], now = Date.now()): number {
    let at = now;
    for (const { key, perSecond } of rates) {
      const next = this.#next.get(key);
      if (next !== undefined) at = Math.max(at, next - tolerance(perSecond));
    }
    for (const { key, perSecond } of rates)
      this.#next.set(key, Math.max(this.#next.get(key) ?? at, at) + 1000 / perSecond);
    if (this.#next.size > 10_000) this.#prune(now);
    return Math.max(0, Math.ceil(at - now));
  }

  #prune(now: number): void {
    for (const [key, next] of this.#next) if (next < now) this.#next.delete(key);
  }
}

/** How early a message may go: a burst of a tenth of a second's messages (at least one). */
function tolerance(perSecond: number): number {
  const burst = Math.max(1, Math.ceil(perSecond / 10));
  return ((burst - 1) * 1000) / perSecond;
}
