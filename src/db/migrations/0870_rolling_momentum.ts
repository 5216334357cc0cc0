import { type Kysely, sql } from 'kysely';

/**
 * Momentum over a rolling window: the stored lift compared the current calendar week so far with the
 * 3 weeks before, so early in a week most active accounts read close to −100 %. It now compares the
 * last 7 days with the 21 days before (pro-rated from the weekly buckets, src/signals/momentum.ts),
 * computed for a day: `momentum_week` becomes `momentum_on`, and every stored value is recomputed
 * here with the new definition (the formula of src/signals/sort-keys-sql.ts as of this migration).
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`ALTER TABLE account_engagement RENAME COLUMN momentum_week TO momentum_on`.execute(db);
  await sql`
    WITH t AS (
      SELECT (now() AT TIME ZONE 'UTC')::date AS today,
        date_trunc('week', now() AT TIME ZONE 'UTC')::date AS week,
        ((now() AT TIME ZONE 'UTC')::date - date_trunc('week', now() AT TIME ZONE 'UTC')::date) AS d
    ), m AS (
      SELECT w.workspace_id, w.account_id,
        coalesce(sum(w.points) FILTER (WHERE w.week_start = t.week), 0)
          + coalesce(sum(w.points) FILTER (WHERE w.week_start = t.week - 7), 0) * (6 - t.d) / 7.0 AS last7,
        coalesce(sum(w.points) FILTER (WHERE w.week_start = t.week - 7), 0) * (t.d + 1) / 7.0
          + coalesce(sum(w.points) FILTER (WHERE w.week_start IN (t.week - 14, t.week - 21)), 0)
          + coalesce(sum(w.points) FILTER (WHERE w.week_start = t.week - 28), 0) * (6 - t.d) / 7.0 AS prior21
      FROM account_weekly_activity w CROSS JOIN t
      WHERE w.week_start BETWEEN t.week - 28 AND t.week
      GROUP BY w.workspace_id, w.account_id, t.d
    )
    UPDATE account_engagement e
    SET momentum = CASE WHEN coalesce(m.prior21, 0) <> 0
          THEN (m.last7 - m.prior21 / 3.0) / abs(m.prior21 / 3.0) END,
      momentum_on = (SELECT today FROM t)
    FROM (SELECT e2.workspace_id, e2.account_id, m.last7, m.prior21
          FROM account_engagement e2
          LEFT JOIN m ON m.workspace_id = e2.workspace_id AND m.account_id = e2.account_id
          WHERE e2.momentum IS NOT NULL OR m.account_id IS NOT NULL) m
    WHERE e.workspace_id = m.workspace_id AND e.account_id = m.account_id`.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`ALTER TABLE account_engagement RENAME COLUMN momentum_on TO momentum_week`.execute(db);
  await sql`UPDATE account_engagement SET momentum_week = NULL`.execute(db);
}
