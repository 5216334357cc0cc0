import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { accountActivitiesSql } from './account-activities-sql.ts';
import {
  addDays,
  dayInWeek,
  type Momentum,
  momentum,
  mondayOf,
  type WeekBucket,
  weeklySeries,
} from './momentum.ts';
import { getSignalSettings } from './signal-settings.ts';
import { loadStageModel } from './stages/load-stage-model.ts';
import { accountWeeklyBuckets } from './weekly-buckets.ts';

export interface AccountEngagement {
  accountId: string;
  score: number;
  lastActivityAt: Date | null;
  counts: { days7: number; days30: number; days90: number };
  engagedPeople: { days30: number; days90: number };
  momentum: Momentum;
  personas: { personaKey: string; score: number; lastActivityAt: Date | null }[];
  stage: { key: string; name: string; since: Date | null };
  stageHistory: { from: string; to: string; at: Date; reason: string }[];
  weekly: (WeekBucket & { score: number })[];
}

const decayed = (score: string, asOf: string) =>
  sql<number>`${sql.ref(score)} * power(2::float8, greatest(-1000::float8,
    -extract(epoch FROM now() - ${sql.ref(asOf)})::float8 / 86400.0 / s.half_life_days))`;

/**
 * Everything about an account's engagement: the decayed score now, activity counts over 7/30/90
 * days, distinct engaged people, momentum, persona scores, stage with history, and a weekly series
 * (points, events, approximate decayed score) for the last `weeks` weeks. Null if no such account.
 */
export async function getAccountEngagement(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
  weeks = 26,
): Promise<AccountEngagement | null> {
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) return null;
  const settings = await getSignalSettings(db, workspaceId);
  const main = await sql<{
    score: number | null;
    last_activity_at: Date | null;
    people30: number;
    people90: number;
  }>`
    SELECT ${decayed('e.score', 'e.as_of')} AS score, e.last_activity_at,
      (SELECT count(*)::int FROM contacts c
        JOIN contact_engagement ce ON ce.workspace_id = c.workspace_id AND ce.contact_id = c.id
        WHERE c.workspace_id = ${workspaceId} AND c.account_id = ${accountId}
          AND ce.last_engaged_at >= now() - interval '30 days') AS people30,
      (SELECT count(*)::int FROM contacts c
        JOIN contact_engagement ce ON ce.workspace_id = c.workspace_id AND ce.contact_id = c.id
        WHERE c.workspace_id = ${workspaceId} AND c.account_id = ${accountId}
          AND ce.last_engaged_at >= now() - interval '90 days') AS people90
    FROM signal_settings s
    LEFT JOIN account_engagement e ON e.workspace_id = s.workspace_id AND e.account_id = ${accountId}
    WHERE s.workspace_id = ${workspaceId}`.execute(db);
  const counts = await sql<{ d7: number; d30: number; d90: number }>`
    SELECT count(*) FILTER (WHERE x.occurred_at >= now() - interval '7 days')::int AS d7,
      count(*) FILTER (WHERE x.occurred_at >= now() - interval '30 days')::int AS d30,
      count(*)::int AS d90
    FROM (${accountActivitiesSql(workspaceId, accountId, sql<boolean>`a.occurred_at >= now() - interval '90 days'`)}) x`.execute(
    db,
  );
  const personas = await sql<{ persona_key: string; score: number; last_activity_at: Date | null }>`
    SELECT p.persona_key, ${decayed('p.score', 'p.as_of')} AS score, p.last_activity_at
    FROM account_persona_engagement p JOIN signal_settings s ON s.workspace_id = p.workspace_id
    WHERE p.workspace_id = ${workspaceId} AND p.account_id = ${accountId}
    ORDER BY score DESC, p.persona_key`.execute(db);
  const buckets = await accountWeeklyBuckets(db, workspaceId, accountId);
  const stageRow = await db
    .selectFrom('account_stages')
    .select(['stage', 'since'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const history = await db
    .selectFrom('account_stage_history')
    .select(['from_stage', 'to_stage', 'at', 'reason'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  const model = await loadStageModel(db, workspaceId);
  const stageKey = stageRow?.stage ?? model[0]?.key ?? 'unaware';
  const thisWeek = mondayOf(new Date());
  const series = weeklySeries(
    buckets,
    addDays(thisWeek, -7 * (Math.max(5, weeks) - 1)),
    thisWeek,
    settings.halfLifeDays,
  );
  const m = main.rows[0];
  const c = counts.rows[0];
  return {
    accountId,
    score: m?.score ?? 0,
    lastActivityAt: m?.last_activity_at ?? null,
    counts: { days7: c?.d7 ?? 0, days30: c?.d30 ?? 0, days90: c?.d90 ?? 0 },
    engagedPeople: { days30: m?.people30 ?? 0, days90: m?.people90 ?? 0 },
    momentum: momentum(series.slice(-5), dayInWeek(new Date())),
    personas: personas.rows.map((p) => ({
      personaKey: p.persona_key,
      score: p.score,
      lastActivityAt: p.last_activity_at,
    })),
    stage: {
      key: stageKey,
      name: model.find((s) => s.key === stageKey)?.name ?? stageKey,
      since: stageRow?.since ?? null,
    },
    stageHistory: history.map((h) => ({ from: h.from_stage, to: h.to_stage, at: h.at, reason: h.reason })),
    weekly: series.slice(-weeks),
  };
}
