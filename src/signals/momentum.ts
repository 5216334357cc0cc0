/** One week of an account's activity (from account_weekly_activity). */
export interface WeekBucket {
  weekStart: string;
  points: number;
  events: number;
}

export interface Momentum {
  thisWeek: { points: number; events: number };
  priorMean: { points: number; events: number };
  /** (this week − prior mean) / prior mean, on points; null when the prior weeks are all zero. */
  lift: number | null;
  trend: 'up' | 'down' | 'flat' | 'new' | 'none';
}

/**
 * Momentum (6sense-style): this week's weighted points against the mean of the prior 3 weeks.
 * `weeks` is a contiguous weekly series ending with the current week (missing weeks as zeros).
 * Trend: `new` when there was nothing before, `up`/`down` beyond ±20 %, else `flat`.
 */
export function momentum(weeks: readonly WeekBucket[]): Momentum {
  const current = weeks[weeks.length - 1] ?? { points: 0, events: 0 };
  const prior = weeks.slice(Math.max(0, weeks.length - 4), weeks.length - 1);
  const mean = (f: (w: WeekBucket) => number) => (prior.length ? prior.reduce((s, w) => s + f(w), 0) / 3 : 0);
  const priorMean = { points: mean((w) => w.points), events: mean((w) => w.events) };
  const thisWeek = { points: current.points, events: current.events };
  if (priorMean.points === 0) {
    return { thisWeek, priorMean, lift: null, trend: thisWeek.points > 0 ? 'new' : 'none' };
  }
  const lift = (thisWeek.points - priorMean.points) / Math.abs(priorMean.points);
  return { thisWeek, priorMean, lift, trend: lift > 0.2 ? 'up' : lift < -0.2 ? 'down' : 'flat' };
}

/** Add `days` to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The UTC Monday of a time, YYYY-MM-DD. */
export function mondayOf(time: Date): string {
  const day = (time.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate() - day))
    .toISOString()
    .slice(0, 10);
}

/**
 * A contiguous weekly series from `from` to `to` (Mondays, inclusive), zero-filled, plus the
 * decayed score at the end of each week (each week's points taken at its middle) — an
 * approximation of the score history from the buckets alone.
 */
export function weeklySeries(
  buckets: readonly WeekBucket[],
  from: string,
  to: string,
  halfLifeDays: number,
): (WeekBucket & { score: number })[] {
  const byWeek = new Map(buckets.map((b) => [b.weekStart, b]));
  const sorted = [...buckets].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
  const perWeek = 2 ** (-7 / halfLifeDays);
  const mid = 2 ** (-3.5 / halfLifeDays);
  let score = 0;
  let week = sorted[0] && sorted[0].weekStart < from ? sorted[0].weekStart : from;
  const out: (WeekBucket & { score: number })[] = [];
  while (week <= to) {
    const b = byWeek.get(week);
    score = score * perWeek + (b?.points ?? 0) * mid;
    if (week >= from) out.push({ weekStart: week, points: b?.points ?? 0, events: b?.events ?? 0, score });
    week = addDays(week, 7);
  }
  return out;
}
