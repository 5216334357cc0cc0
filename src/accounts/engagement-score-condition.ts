import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ListValue, RewritableOperator, RowCondition } from '../records/list-fields.ts';
import { scoreKeySql } from '../signals/sort-keys-sql.ts';
import { decaySql, secondsBetween } from '../signals/weighted-activities-sql.ts';

const OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The workspace's engagement half-life in days (30 when it has no signal settings yet). */
export function halfLifeSql(workspaceId: string): RawBuilder<number> {
  return sql<number>`coalesce((SELECT s.half_life_days FROM signal_settings s
    WHERE s.workspace_id = ${workspaceId}), 30::float8)`;
}

/** The decayed engagement score now of the account_engagement row aliased `row`. */
export function decayedScoreSql(row: string, workspaceId: string): RawBuilder<number> {
  const score = sql.ref(`${row}.score`);
  const asOf = sql.ref(`${row}.as_of`);
  return sql<number>`(${score} * ${decaySql(secondsBetween(sql`now()`, asOf), halfLifeSql(workspaceId))})`;
}

/**
 * `engagementScore op x` as a condition on an account_engagement row. The score decays, but its log
 * is score_key − days(now)·ln 2/h for every account alike (see migration 0651), so for x > 0
 * `score ≥ x` is the index range `score_key ≥ ln x + days(now)·ln 2/h` (h: the workspace's
 * half-life, one value per statement). score_key is null when the stored score is not positive: such
 * rows are below every positive x. For x ≤ 0 the decayed score itself is compared (not indexed).
 */
export function engagementScoreCondition(
  op: RewritableOperator,
  values: readonly ListValue[],
): RowCondition | undefined {
  const value = values[0];
  if (op === 'eq' || op === 'ne' || op === 'in' || typeof value !== 'number') return undefined;
  const operator = sql.raw(OPERATORS[op]);
  if (value <= 0)
    return (row, workspaceId) =>
      sql<SqlBool>`${decayedScoreSql(row, workspaceId)} ${operator} ${value}::float8`;
  return (row, workspaceId) => {
    const key = sql.ref(`${row}.score_key`);
    // The key a score of exactly `value` stored as of now would have.
    const bound = scoreKeySql(sql`${value}::float8`, sql`now()`, halfLifeSql(workspaceId));
    const below = op === 'lt' || op === 'lte';
    return below
      ? sql<SqlBool>`(${key} ${operator} ${bound} OR ${key} IS NULL)`
      : sql<SqlBool>`${key} ${operator} ${bound}`;
  };
}
