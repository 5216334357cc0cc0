import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FitGrade } from '../fit/tables.ts';
import { decayedScoreSql } from './engagement-score-condition.ts';

/** An account's values kept in the narrow per-account tables (null where it has no row). */
export interface AccountDerived {
  fitScore: number | null;
  fitGrade: FitGrade | null;
  fitProbability: number | null;
  stage: string | null;
  stageSince: Date | null;
  engagementScore: number | null;
  momentum: number | null;
  lastActivityAt: Date | null;
}

interface DerivedRow {
  id: string;
  fit_score: number | null;
  fit_grade: FitGrade | null;
  fit_probability: number | null;
  stage: string | null;
  stage_since: Date | null;
  engagement_score: number | null;
  momentum: number | null;
  last_activity_at: Date | null;
}

/**
 * Fit, journey stage and engagement (decayed to now, with the workspace's half-life) of a page of
 * accounts, in one query joining account_fit, account_stages and account_engagement by primary key.
 */
export async function loadAccountDerived(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<Map<string, AccountDerived>> {
  const map = new Map<string, AccountDerived>();
  if (accountIds.length === 0) return map;
  const rows = await sql<DerivedRow>`
    SELECT i.id, f.score AS fit_score, f.grade AS fit_grade, f.probability AS fit_probability,
      st.stage, st.since AS stage_since, ${decayedScoreSql('e', workspaceId)} AS engagement_score,
      e.momentum, e.last_activity_at
    FROM unnest(${[...accountIds]}::uuid[]) AS i(id)
    LEFT JOIN account_fit f ON f.workspace_id = ${workspaceId} AND f.account_id = i.id
    LEFT JOIN account_stages st ON st.workspace_id = ${workspaceId} AND st.account_id = i.id
    LEFT JOIN account_engagement e ON e.workspace_id = ${workspaceId} AND e.account_id = i.id`.execute(db);
  for (const r of rows.rows) {
    map.set(r.id, {
      fitScore: r.fit_score,
      fitGrade: r.fit_grade,
      fitProbability: r.fit_probability,
      stage: r.stage,
      stageSince: r.stage_since,
      engagementScore: r.engagement_score,
      momentum: r.momentum,
      lastActivityAt: r.last_activity_at,
    });
  }
  return map;
}
