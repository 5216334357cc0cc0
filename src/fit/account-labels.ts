import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Training labels from the workspace's own history. */
export interface AccountLabels {
  ids: string[];
  labels: Uint8Array;
  positives: number;
  negatives: number;
  neverEngaged: number;
}

/**
 * Positives: accounts with a won opportunity or lifecycle customer. Negatives: accounts whose
 * opportunities are all closed lost. With `neverEngagedSample` > 0, up to that many accounts with no
 * opportunity at all (and not customers) are added as negatives, chosen by a seeded hash (repeatable).
 */
export async function loadAccountLabels(
  db: Kysely<DB>,
  workspaceId: string,
  options: { neverEngagedSample?: number; seed?: number } = {},
): Promise<AccountLabels> {
  const result = await sql<{ id: string; label: number }>`
    SELECT a.id,
      CASE WHEN a.lifecycle = 'customer' OR bool_or(o.is_won) THEN 1 ELSE 0 END AS label
    FROM accounts a
    JOIN opportunities o ON o.workspace_id = a.workspace_id AND o.account_id = a.id
    WHERE a.workspace_id = ${workspaceId}
    GROUP BY a.id, a.lifecycle
    HAVING a.lifecycle = 'customer' OR bool_or(o.is_won) OR bool_and(o.is_closed AND NOT o.is_won)
    UNION ALL
    SELECT a.id, 1 FROM accounts a
    WHERE a.workspace_id = ${workspaceId} AND a.lifecycle = 'customer'
      AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id)
    ORDER BY 1`.execute(db);
  const ids = result.rows.map((r) => r.id);
  const labels = result.rows.map((r) => Number(r.label));
  let neverEngaged = 0;
  const sample = options.neverEngagedSample ?? 0;
  if (sample > 0) {
    const extra = await sql<{ id: string }>`
      SELECT a.id FROM accounts a
      WHERE a.workspace_id = ${workspaceId} AND a.lifecycle <> 'customer'
        AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id)
      ORDER BY md5(a.id::text || ${String(options.seed ?? 42)}::text)
      LIMIT ${sample}`.execute(db);
    neverEngaged = extra.rows.length;
    for (const row of extra.rows) {
      ids.push(row.id);
      labels.push(0);
    }
  }
  const positives = labels.reduce((s, y) => s + y, 0);
  return {
    ids,
    labels: Uint8Array.from(labels),
    positives,
    negatives: labels.length - positives,
    neverEngaged,
  };
}
