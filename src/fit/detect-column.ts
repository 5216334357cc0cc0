import {
  type Cell,
  cellText,
  isMissing,
  parseBoolean,
  parseDateDays,
  parseNumber,
  parseStrictNumber,
  splitValues,
} from './cell-values.ts';

/** One level of a categorical or multi-value column: a case-insensitive key and its display label. */
export interface Level {
  key: string;
  label: string;
}

/** How one source column becomes features (serialisable: stored with the model). */
interface NumericPlanBody {
  column: string;
  log: boolean;
  /** Winsorising bounds and the fill value for missing cells, in transformed units. */
  low: number;
  high: number;
  fill: number;
  missingIndicator: boolean;
  notes: string[];
  /** Only JS numbers and plain numeric text count (in-app models, so SQL scoring matches). */
  strict?: boolean;
  /**
   * Interior cut points (transformed units, ascending) of quantile bins: one indicator per bin on top
   * of the linear term, so bands (e.g. 200–5,000 employees) can be learned, not only trends.
   */
  bins?: number[];
}
interface LevelPlanBody {
  column: string;
  levels: Level[];
  other: boolean;
  missingIndicator: boolean;
  notes: string[];
}
export type ColumnPlan =
  | (NumericPlanBody & { kind: 'numeric' })
  | (NumericPlanBody & { kind: 'date' })
  | { column: string; kind: 'boolean'; missingIndicator: boolean; notes: string[] }
  | (LevelPlanBody & { kind: 'categorical' })
  | (LevelPlanBody & { kind: 'multi' });

export interface IgnoredColumn {
  column: string;
  reason: string;
}

export interface DetectOptions {
  /** A level needs at least this many rows to get its own feature (default max(5, min(50, rows/1000))). */
  minLevelCount?: number;
  /** At most this many levels per column (default 50); the rest are grouped as "other". */
  maxLevels?: number;
  /** Columns known to hold lists (in-app technologies); CSV columns are detected by `;`. */
  multiValue?: boolean;
  /** Accept only plain numbers (no "1,234", "$5M"): in-app models, whose SQL scorer must agree. */
  strictNumbers?: boolean;
  /** Detect date columns (default true); when false, date-like columns are ignored. */
  allowDates?: boolean;
}

const ID_NAME_RE = /(^|[_\s.-])(id|uuid|guid|key)$|[a-z]Id$|^(id|uuid|guid|email|e-mail|email address)$/i;
const NUMERIC_SHARE = 0.9;

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

function skewness(values: Float64Array): number {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

function numericPlan(
  column: string,
  kind: 'numeric' | 'date',
  parsed: number[],
  missing: number,
  notes: string[],
  strict: boolean,
): ColumnPlan | IgnoredColumn {
  const raw = Float64Array.from(parsed);
  const distinct = new Set(parsed).size;
  if (distinct <= 1 && missing === 0) return { column, reason: 'constant: every row has the same value' };
  const log = kind === 'numeric' && raw.every((v) => v >= 0) && skewness(raw) > 1;
  const values = log ? raw.map((v) => Math.log1p(v)) : raw;
  values.sort();
  if (log) notes.push('skewed: log(1 + x) scaled');
  let mean = 0;
  for (const v of values) mean += v;
  mean /= Math.max(1, values.length);
  const body = {
    column,
    log,
    low: quantile(values, 0.005),
    high: quantile(values, 0.995),
    bins:
      kind === 'numeric' && new Set(values).size > 10
        ? [...new Set([0.2, 0.4, 0.6, 0.8].map((q) => quantile(values, q)))]
        : [],
    fill: mean,
    missingIndicator: missing > 0,
    notes,
    ...(strict ? { strict } : {}),
  };
  return kind === 'numeric' ? { ...body, kind } : { ...body, kind };
}

function levelPlan(
  column: string,
  kind: 'categorical' | 'multi',
  counts: Map<string, { label: string; count: number }>,
  missing: number,
  rows: number,
  options: DetectOptions,
  notes: string[],
): ColumnPlan | IgnoredColumn {
  const minCount = options.minLevelCount ?? Math.max(5, Math.min(50, Math.ceil(rows / 1000)));
  const maxLevels = options.maxLevels ?? 50;
  const sorted = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const kept = sorted.filter(([, v]) => v.count >= minCount).slice(0, maxLevels);
  const grouped = sorted.length - kept.length;
  if (grouped > 0) {
    notes.push(
      `${sorted.length} distinct values: kept ${kept.length} (each in >= ${minCount} rows, at most ${maxLevels}), grouped ${grouped} as "other"`,
    );
  }
  const other = kind === 'categorical' && grouped > 0;
  const featureCount = kept.length + (other ? 1 : 0) + (missing > 0 ? 1 : 0);
  const allSame = kind === 'categorical' && missing === 0 && kept.length + (other ? 1 : 0) <= 1;
  if (featureCount === 0 || allSame) {
    return sorted.length > 1
      ? { column, reason: `too many rare values: ${sorted.length} distinct, none in >= ${minCount} rows` }
      : { column, reason: 'constant: every row has the same value' };
  }
  const body = {
    column,
    levels: kept.map(([key, v]) => ({ key, label: v.label })),
    other,
    missingIndicator: missing > 0,
    notes,
  };
  return kind === 'multi' ? { ...body, kind } : { ...body, kind };
}

/**
 * Decide how a column becomes features: numeric (log-scaled when skewed), date (days), boolean,
 * categorical (one-hot, rare levels grouped), multi-value (one feature per common value), or ignored
 * with a reason (all missing, constant, id-like, too many rare values).
 */
export function detectColumn(
  column: string,
  values: readonly Cell[],
  options: DetectOptions = {},
): ColumnPlan | IgnoredColumn {
  const rows = values.length;
  const present: Cell[] = [];
  for (const v of values) if (!isMissing(v)) present.push(v);
  const missing = rows - present.length;
  if (present.length === 0) return { column, reason: 'all values missing' };
  const notes: string[] = [];
  if (missing > 0) notes.push(`${missing} missing values (missing indicator added)`);

  const isList = options.multiValue || present.some((v) => Array.isArray(v));
  if (!isList) {
    const numbers: number[] = [];
    let textual = 0;
    for (const v of present) {
      const n = options.strictNumbers ? parseStrictNumber(v) : parseNumber(v);
      if (n === null) textual++;
      else numbers.push(n);
    }
    if (numbers.length >= NUMERIC_SHARE * present.length) {
      const integers = numbers.every((n) => Number.isInteger(n));
      const distinct = new Set(numbers).size;
      if (ID_NAME_RE.test(column) && distinct > 0.5 * present.length)
        return { column, reason: 'id-like: named like an identifier' };
      if (integers && distinct === rows && rows >= 20) {
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (const n of numbers) {
          min = Math.min(min, n);
          max = Math.max(max, n);
        }
        if (max - min + 1 <= 1.1 * rows)
          return { column, reason: 'id-like: a unique running number per row' };
      }
      if (textual > 0) notes.push(`${textual} non-numeric values in a numeric column treated as missing`);
      return numericPlan(
        column,
        'numeric',
        numbers,
        rows - numbers.length,
        notes,
        options.strictNumbers ?? false,
      );
    }
    if (numbers.length > 0)
      notes.push(`${numbers.length} numeric and ${textual} text values: treated as categorical`);
    const days: number[] = [];
    for (const v of present) {
      const d = parseDateDays(v);
      if (d !== null) days.push(d);
    }
    if (days.length >= NUMERIC_SHARE * present.length && options.allowDates === false) {
      return { column, reason: 'dates are not used as fit model features' };
    }
    if (days.length >= NUMERIC_SHARE * present.length) {
      if (days.length < present.length)
        notes.push(`${present.length - days.length} unreadable dates treated as missing`);
      return numericPlan(column, 'date', days, rows - days.length, notes, false);
    }
    const booleans = present.map(parseBoolean);
    if (booleans.every((b) => b !== null)) {
      if (new Set(booleans).size <= 1 && missing === 0)
        return { column, reason: 'constant: every row has the same value' };
      return { column, kind: 'boolean', missingIndicator: missing > 0, notes };
    }
  }

  const listLike =
    isList || present.filter((v) => typeof v === 'string' && v.includes(';')).length >= 0.1 * present.length;
  const counts = new Map<string, { label: string; count: number }>();
  for (const v of present) {
    const items = listLike ? new Set(splitValues(v)) : [cellText(v)];
    for (const label of items) {
      const key = label.toLowerCase();
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { label, count: 1 });
    }
  }
  if (!listLike && counts.size > 0.9 * present.length && counts.size > 50) {
    return { column, reason: `id-like: ${counts.size} distinct values in ${present.length} rows` };
  }
  if (!listLike && ID_NAME_RE.test(column) && counts.size > 0.5 * present.length) {
    return { column, reason: 'id-like: named like an identifier' };
  }
  return levelPlan(column, listLike ? 'multi' : 'categorical', counts, missing, rows, options, notes);
}

/** Type guard: the column was ignored. */
export function isIgnored(plan: ColumnPlan | IgnoredColumn): plan is IgnoredColumn {
  return 'reason' in plan;
}
