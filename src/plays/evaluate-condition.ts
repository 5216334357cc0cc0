import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Condition } from './step-schemas.ts';

/** Where a condition is evaluated: a run's account, since the run entered, for the step's contact if any. */
export interface ConditionScope {
  workspaceId: string;
  runId: string;
  accountId: string;
  contactId: string | null;
  enteredAt: Date;
  /** Makes `random` splits stable: the same run and step always take the same side. */
  stepKey: string;
}

/**
 * Whether a branch or wait condition holds now for a run's account (and contact). One small query
 * per condition, each by primary key or an (account, time) index.
 *
 * @example
 * if (await evaluateCondition(trx, { type: 'stage_in', stages: ['mqa'] }, scope)) …
 */
export async function evaluateCondition(
  db: Kysely<DB>,
  condition: Condition,
  scope: ConditionScope,
): Promise<boolean> {
  const ws = scope.workspaceId;
  switch (condition.type) {
    case 'random': {
      const digest = createHash('sha256').update(`${scope.runId}:${scope.stepKey}`).digest();
      return digest.readUInt32BE(0) / 2 ** 32 < condition.share;
    }
    case 'stage_in': {
      const row = await sql<{ ok: boolean }>`
        SELECT EXISTS (SELECT 1 FROM account_stages WHERE workspace_id = ${ws} AND account_id = ${scope.accountId}
          AND stage = ANY (${condition.stages}::text[])) AS ok`.execute(db);
      return row.rows[0]?.ok === true;
    }
    case 'engagement_at_least': {
      // The stored score decayed to now (scores are kept as value and as-of, read as value·2^(−Δt/h)).
      const row = await sql<{ ok: boolean }>`
        SELECT coalesce((SELECT e.score * power(2::float8, -(date_part('epoch', now()) - date_part('epoch', e.as_of))
            / 86400.0 / s.half_life_days) >= ${condition.score}
          FROM account_engagement e JOIN signal_settings s ON s.workspace_id = e.workspace_id
          WHERE e.workspace_id = ${ws} AND e.account_id = ${scope.accountId}), false) AS ok`.execute(db);
      return row.rows[0]?.ok === true;
    }
    case 'tier_in': {
      const row = await sql<{ ok: boolean }>`
        SELECT EXISTS (SELECT 1 FROM accounts WHERE workspace_id = ${ws} AND id = ${scope.accountId}
          AND tier = ANY (${condition.tiers}::int[])) AS ok`.execute(db);
      return row.rows[0]?.ok === true;
    }
    case 'fit_grade_in': {
      const row = await sql<{ ok: boolean }>`
        SELECT EXISTS (SELECT 1 FROM account_fit WHERE workspace_id = ${ws} AND account_id = ${scope.accountId}
          AND grade = ANY (${condition.grades}::text[])) AS ok`.execute(db);
      return row.rows[0]?.ok === true;
    }
    case 'responded': {
      const who =
        condition.who === 'contact'
          ? sql`AND a.contact_id = ${scope.contactId}`
          : condition.who === 'persona' && condition.personaId
            ? sql`AND EXISTS (SELECT 1 FROM contact_personas p WHERE p.workspace_id = a.workspace_id
                AND p.contact_id = a.contact_id AND p.persona_id = ${condition.personaId})`
            : sql``;
      if (condition.who === 'contact' && !scope.contactId) return false;
      const row = await sql<{ ok: boolean }>`
        SELECT EXISTS (SELECT 1 FROM activities a WHERE a.workspace_id = ${ws} AND a.account_id = ${scope.accountId}
          AND a.occurred_at >= ${scope.enteredAt} AND a.type = ANY (${condition.activityTypes}::text[]) ${who}) AS ok`.execute(
        db,
      );
      return row.rows[0]?.ok === true;
    }
  }
}
