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
import {
  type ColumnPlan,
  type DetectOptions,
  detectColumn,
  type IgnoredColumn,
  isIgnored,
} from './detect-column.ts';
import type { DesignMatrix } from './logistic-regression.ts';

/** A table held column by column (CSV cells are strings; in-app cells may be typed). */
export interface ColumnTable {
  names: string[];
  columns: Cell[][];
  rowCount: number;
}

export interface FeatureInfo {
  /** Human-readable feature name, e.g. `industry = Software`, `technologies includes Snowflake`. */
  name: string;
  /** The source column it came from (importance is aggregated per source column). */
  column: string;
}

/** Everything needed to turn rows into standardised model inputs; JSON-serialisable. */
export interface FeatureSpec {
  plans: ColumnPlan[];
  ignored: IgnoredColumn[];
  features: FeatureInfo[];
  centers: number[];
  scales: number[];
}

function featureNames(plan: ColumnPlan): string[] {
  const names: string[] = [];
  const c = plan.column;
  if (plan.kind === 'numeric' || plan.kind === 'date') {
    names.push(c);
    const edges = plan.bins ?? [];
    if (edges.length > 0) {
      const show = (v: number) => formatNumber(plan.log ? Math.expm1(v) : v);
      names.push(`${c} < ${show(edges[0] ?? 0)}`);
      for (let i = 1; i < edges.length; i++)
        names.push(`${c} ${show(edges[i - 1] ?? 0)}–${show(edges[i] ?? 0)}`);
      names.push(`${c} ≥ ${show(edges[edges.length - 1] ?? 0)}`);
    }
  } else if (plan.kind === 'boolean') names.push(`${c} = true`);
  else {
    for (const level of plan.levels)
      names.push(plan.kind === 'multi' ? `${c} includes ${level.label}` : `${c} = ${level.label}`);
    if (plan.other) names.push(`${c} = (other)`);
  }
  if (plan.missingIndicator) names.push(`${c} (missing)`);
  return names;
}

/** Which quantile bin a (transformed, clamped) value falls in: bin i holds edges[i-1] ≤ v < edges[i]. */
export function binIndex(edges: readonly number[], v: number): number {
  let i = 0;
  while (i < edges.length && v >= (edges[i] ?? 0)) i++;
  return i;
}

/** A number for feature names: 3 significant digits, thousands separated. */
function formatNumber(v: number): string {
  const rounded = Number(v.toPrecision(3));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Write one column's raw (unstandardised) feature values into `out` starting at `offset`. */
function encodeCell(
  plan: ColumnPlan,
  cell: Cell,
  out: Float64Array,
  offset: number,
  lookup: Map<string, number> | undefined,
): void {
  const missing = isMissing(cell);
  if (plan.kind === 'numeric' || plan.kind === 'date') {
    const parsed = missing
      ? null
      : plan.kind === 'date'
        ? parseDateDays(cell)
        : plan.strict
          ? parseStrictNumber(cell)
          : parseNumber(cell);
    const edges = plan.bins ?? [];
    const binCount = edges.length > 0 ? edges.length + 1 : 0;
    if (parsed === null) {
      out[offset] = plan.fill;
      if (plan.missingIndicator) out[offset + 1 + binCount] = 1;
      return;
    }
    const v = Math.min(plan.high, Math.max(plan.low, plan.log ? Math.log1p(Math.max(0, parsed)) : parsed));
    out[offset] = v;
    if (binCount > 0) out[offset + 1 + binIndex(edges, v)] = 1;
    return;
  }
  if (plan.kind === 'boolean') {
    const b = missing ? null : parseBoolean(cell);
    if (b === null) {
      if (plan.missingIndicator) out[offset + 1] = 1;
    } else out[offset] = b ? 1 : 0;
    return;
  }
  const levelCount = plan.levels.length + (plan.other ? 1 : 0);
  if (missing) {
    if (plan.missingIndicator) out[offset + levelCount] = 1;
    return;
  }
  const items = plan.kind === 'multi' ? splitValues(cell) : [cellText(cell)];
  if (items.length === 0) {
    if (plan.missingIndicator) out[offset + levelCount] = 1;
    return;
  }
  for (const item of items) {
    const index = lookup?.get(item.toLowerCase());
    if (index !== undefined) out[offset + index] = 1;
    else if (plan.other) out[offset + plan.levels.length] = 1;
  }
}

/**
 * Turn a table into a row-major matrix using the spec's column plans, then standardise with the
 * spec's centers/scales (zeros when the spec has none yet). Columns missing from the table count as missing.
 */
export function encodeTable(
  spec: Pick<FeatureSpec, 'plans' | 'centers' | 'scales'>,
  table: ColumnTable,
): DesignMatrix {
  const widths = spec.plans.map((p) => featureNames(p).length);
  const cols = widths.reduce((a, b) => a + b, 0);
  const values = new Float64Array(table.rowCount * cols);
  let offset = 0;
  spec.plans.forEach((plan, index) => {
    const columnIndex = table.names.indexOf(plan.column);
    const column = columnIndex >= 0 ? table.columns[columnIndex] : undefined;
    const lookup =
      plan.kind === 'categorical' || plan.kind === 'multi'
        ? new Map(plan.levels.map((l, i) => [l.key, i]))
        : undefined;
    for (let r = 0; r < table.rowCount; r++) encodeCell(plan, column?.[r], values, r * cols + offset, lookup);
    offset += widths[index] ?? 0;
  });
  if (spec.centers.length === cols) {
    for (let r = 0; r < table.rowCount; r++) {
      const base = r * cols;
      for (let j = 0; j < cols; j++)
        values[base + j] = ((values[base + j] ?? 0) - (spec.centers[j] ?? 0)) / (spec.scales[j] ?? 1);
    }
  }
  return { values, rows: table.rowCount, cols };
}

/**
 * Detect every column's type, build the feature spec from the table (label-free: no label leaks
 * into the encoding) and return it with the standardised design matrix.
 */
export function buildFeatures(
  table: ColumnTable,
  options: DetectOptions & {
    exclude?: ReadonlyMap<string, string>;
    multiValueColumns?: ReadonlySet<string>;
  } = {},
): { spec: FeatureSpec; matrix: DesignMatrix } {
  const plans: ColumnPlan[] = [];
  const ignored: IgnoredColumn[] = [];
  table.names.forEach((name, index) => {
    const excluded = options.exclude?.get(name);
    if (excluded) {
      ignored.push({ column: name, reason: excluded });
      return;
    }
    const plan = detectColumn(name, table.columns[index] ?? [], {
      ...options,
      multiValue: options.multiValueColumns?.has(name) ?? false,
    });
    if (isIgnored(plan)) ignored.push(plan);
    else plans.push(plan);
  });
  const features = plans.flatMap((plan) => featureNames(plan).map((name) => ({ name, column: plan.column })));
  const raw = encodeTable({ plans, centers: [], scales: [] }, table);
  const centers = new Array<number>(raw.cols).fill(0);
  const scales = new Array<number>(raw.cols).fill(1);
  const n = Math.max(1, raw.rows);
  for (let j = 0; j < raw.cols; j++) {
    let sum = 0;
    for (let r = 0; r < raw.rows; r++) sum += raw.values[r * raw.cols + j] ?? 0;
    const mean = sum / n;
    let ss = 0;
    for (let r = 0; r < raw.rows; r++) {
      const d = (raw.values[r * raw.cols + j] ?? 0) - mean;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / n);
    centers[j] = mean;
    scales[j] = sd > 1e-12 ? sd : 1;
  }
  for (let r = 0; r < raw.rows; r++) {
    const base = r * raw.cols;
    for (let j = 0; j < raw.cols; j++)
      raw.values[base + j] = ((raw.values[base + j] ?? 0) - (centers[j] ?? 0)) / (scales[j] ?? 1);
  }
  return { spec: { plans, ignored, features, centers, scales }, matrix: raw };
}
