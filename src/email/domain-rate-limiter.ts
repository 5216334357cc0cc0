/**
 * Messages per second per recipient domain (per workspace, per process): a sliding one-second window.
 * `reserve` returns how long to wait before the message may go (0 = now) and books its slot.
 */
export class DomainRateLimiter {
  #slots = new Map<string, number[]>();

  reserve(key: string, perSecond: number, now = Date.now()): number {
    const times = (this.#slots.get(key) ?? []).filter((t) => t > now - 1000);
    const at = times.length < perSecond ? now : (times[times.length - perSecond] ?? now) + 1000;
    times.push(at);
    this.#slots.set(key, times);
    if (this.#slots.size > 10_000) this.#prune(now);
    return Math.max(0, at - now);
  }

  #prune(now: number): void {
    for (const [key, times] of this.#slots) if (!times.some((t) => t > now - 1000)) this.#slots.delete(key);
  }
}
