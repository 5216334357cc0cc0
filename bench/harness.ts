/**
 * What every database benchmark shares: `--db embedded|postgres` (and `--url`), a migrated database,
 * a fresh workspace, timed steps, medians and percentiles, and one JSON report on stdout (and in
 * `--json <file>`) that carries the machine's load average next to the figures.
 *
 * @example
 * const bench = await openBench('stage-summary', { accounts: { type: 'string', default: '20000' } });
 * await bench.time('seed', () => seed(bench.database.db, bench.workspaceId));
 * bench.report({ accounts: Number(bench.args.accounts) });
 * await bench.close();
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

/** Command-line options of a benchmark, as node:util parseArgs takes them. */
type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options every benchmark takes. */
const COMMON = {
  db: { type: 'string', default: 'embedded' },
  url: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'string' },
  cleanup: { type: 'boolean', default: false },
} as const satisfies ParseArgsOptionsConfig;

const CommonArgs = z.object({
  db: z.enum(['embedded', 'postgres'], { error: '--db must be embedded or postgres' }),
  url: z.string().optional(),
  data: z.string().optional(),
  json: z.string().optional(),
  cleanup: z.boolean(),
});
type CommonArgs = z.infer<typeof CommonArgs>;

/** The workspace a benchmark writes into. */
export type BenchWorkspace = Awaited<ReturnType<typeof createWorkspace>>;

export interface BenchSetup {
  /** `--db` when not given. */
  defaultDb?: 'embedded' | 'postgres';
  /** Connections to PostgreSQL (default 4). */
  poolSize?: number;
  /** Create a fresh workspace (default true). */
  workspace?: boolean;
}

/** The parsed command line: the benchmark's own options plus --db, --url, --data, --json, --cleanup. */
export type BenchArgs<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: typeof COMMON & O; strict: true }>
>['values'];

/** A running benchmark: its arguments, database and workspace, its timed steps and its report. */
export class Bench<O extends ParseArgsOptionsConfig> {
  readonly steps: Record<string, number> = {};
  readonly #workspace: BenchWorkspace | undefined;

  readonly #common: CommonArgs;

  constructor(
    readonly name: string,
    /** The parsed command line (the benchmark's options and the common ones). */
    readonly args: BenchArgs<O>,
    common: CommonArgs,
    readonly database: Database,
    workspace: BenchWorkspace | undefined,
  ) {
    this.#common = common;
    this.#workspace = workspace;
  }

  /** `embedded` or `postgres`. */
  get db(): 'embedded' | 'postgres' {
    return this.#common.db;
  }

  /** The benchmark's fresh workspace (id, slug, name). */
  get workspace(): BenchWorkspace {
    if (!this.#workspace) throw new Error(`${this.name} was opened without a workspace`);
    return this.#workspace;
  }

  /** The id of the benchmark's fresh workspace. */
  get workspaceId(): string {
    return this.workspace.id;
  }

  /** Run `fn`, record its wall time in seconds under `step` (and log it to stderr), return its result. */
  async time<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await fn();
    const seconds = round((performance.now() - started) / 1000, 2);
    this.steps[step] = seconds;
    process.stderr.write(`${this.name}: ${step} ${seconds} s\n`);
    return result;
  }

  /** Print the report as JSON (bench, db, load average, steps, then `fields`); also to `--json`. */
  report(fields: Record<string, unknown>): Record<string, unknown> {
    const report = {
      bench: this.name,
      db: this.db,
      loadAverage: os.loadavg().map((n) => round(n, 2)),
      cpus: os.cpus().length,
      at: new Date().toISOString(),
      steps: this.steps,
      ...fields,
    };
    const text = `${JSON.stringify(report, null, 2)}\n`;
    process.stdout.write(text);
    if (this.#common.json) writeFileSync(this.#common.json, text);
    return report;
  }

  /** Delete the workspace when `--cleanup` was given, and close the database. */
  async close(): Promise<void> {
    if (this.#common.cleanup && this.#workspace) {
      await this.database.db.deleteFrom('workspaces').where('id', '=', this.#workspace.id).execute();
    }
    await this.database.close();
  }
}

/**
 * Parse the command line, open and migrate the database (`--db embedded`: in memory, or `--data
 * <dir>`; `--db postgres`: `--url`, else DATABASE_URL, else the openabm_bench database, see
 * bench-database.ts) and create a workspace named after the benchmark.
 */
export async function openBench<O extends ParseArgsOptionsConfig>(
  name: string,
  options: O,
  setup: BenchSetup = {},
): Promise<Bench<O>> {
  const { values } = parseArgs({
    options: { ...COMMON, db: { ...COMMON.db, default: setup.defaultDb ?? 'embedded' }, ...options },
    strict: true,
  });
  const common = CommonArgs.parse(values);
  const url = common.db === 'postgres' ? (common.url ?? (await benchDatabaseUrl())) : undefined;
  const database = await openDatabase({
    url,
    dataDir: common.data ?? 'memory://',
    poolSize: setup.poolSize ?? 4,
  });
  await migrateToLatest(database.db);
  const workspace =
    setup.workspace === false
      ? undefined
      : await createWorkspace(database.db, { name: `bench-${name}-${Date.now()}` });
  return new Bench(name, values, common, database, workspace);
}

/** Round to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The median of `values` (mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? hi) + hi) / 2;
}

/** Latency figures of repeated timings in ms: median, p95, p99 and max, rounded to 0.1 ms. */
export function latencyStats(times: readonly number[]): {
  median: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return {
    median: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}
