/** One week of an account's activity (from account_weekly_activity). */
export interface WeekBucket {
  weekStart: string;
  points: number;
  events: number;
}

export interface Momentum {
  /** Points and events of the last 7 days (today included). */
  last7Days: { points: number; events: number };
  /** A third of the points and events of the 21 days before them: the mean of a prior week. */
  priorWeekMean: { points: number; events: number };
  /** (last 7 days − prior week mean) / prior week mean, on points; null when the prior 21 days are all zero. */
  lift: number | null;
  trend: 'up' | 'down' | 'flat' | 'new' | 'none';
}

/**
 * Momentum (6sense-style) over a rolling window: the weighted points of the last 7 days against the
 * mean week of the 21 days before, so it reads the same on any day of the week (a calendar week so far
 * against full weeks read close to −100 % every Monday). Read from weekly buckets: `weeks` is a
 * contiguous weekly series ending with the current week (missing weeks as zeros; the last 5 are used)
 * and `dayInWeek` the days since the current week's Monday (0 … 6). The last 7 days are the current
 * week so far plus the last 6 − dayInWeek days of the previous week; the prior 21 days the first
 * dayInWeek + 1 days of the previous week, two full weeks and the last 6 − dayInWeek days of the fifth
 * week back; partial weeks are pro-rated by their days. sort-keys-sql.ts computes the same in SQL.
 * Trend: `new` when there was nothing before, `up`/`down` beyond ±20 %, else `flat`.
 *
 * @example
 * momentum(lastFiveWeeks, dayInWeek(new Date())).lift // 0.5 = half again a usual week
 */
export function momentum(weeks: readonly WeekBucket[], day: number): Momentum {
  const d = Math.min(6, Math.max(0, Math.floor(day)));
  const at = (back: number): WeekBucket =>
    weeks[weeks.length - 1 - back] ?? { weekStart: '', points: 0, events: 0 };
  const mix = (f: (w: WeekBucket) => number) => ({
    last7: f(at(0)) + (f(at(1)) * (6 - d)) / 7,
    prior21: (f(at(1)) * (d + 1)) / 7 + f(at(2)) + f(at(3)) + (f(at(4)) * (6 - d)) / 7,
  });
  const points = mix((w) => w.points);
  const events = mix((w) => w.events);
  const last7Days = { points: points.last7, events: events.last7 };
  const priorWeekMean = { points: points.prior21 / 3, events: events.prior21 / 3 };
  if (priorWeekMean.points === 0) {
    return { last7Days, priorWeekMean, lift: null, trend: last7Days.points > 0 ? 'new' : 'none' };
  }
  const lift = (last7Days.points - priorWeekMean.points) / Math.abs(priorWeekMean.points);
  return { last7Days, priorWeekMean, lift, trend: lift > 0.2 ? 'up' : lift < -0.2 ? 'down' : 'flat' };
}

/** Days since the UTC Monday of a time: 0 (Monday) … 6 (Sunday). */
export function dayInWeek(time: Date): number {
  return (time.getUTCDay() + 6) % 7;
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
