import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { addDays, mondayOf } from '../momentum.ts';
import { topicWeekStatsSql } from './surge-sql.ts';

export interface TopicWeekStats {
  events: number;
  baselineEvents: number;
  pValue: number;
  thirdPartyScore: number | null;
  thirdPartyBaseline: number | null;
  surging: boolean;
}

interface StatsRow {
  account_id: string;
  topic_id: string;
  events: number;
  baseline_events: number;
  p_value: number;
  third_party_score: number | null;
  third_party_baseline: number | null;
  surging: boolean;
}

const toStats = (r: StatsRow): TopicWeekStats => ({
  events: r.events,
  baselineEvents: r.baseline_events,
  pValue: r.p_value,
  thirdPartyScore: r.third_party_score,
  thirdPartyBaseline: r.third_party_baseline,
  surging: r.surging,
});

export interface AccountTopicIntent {
  topicId: string;
  topic: string;
  /** This week against the prior 4 weeks. */
  current: TopicWeekStats | null;
  weeks: { weekStart: string; events: number; thirdPartyScore: number | null }[];
}

/** An account's intent per topic: the weekly series of the last `weeks` weeks and this week's surge test. */
export async function getAccountIntent(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
  weeks = 12,
): Promise<AccountTopicIntent[]> {
  const thisWeek = mondayOf(new Date());
  const from = addDays(thisWeek, -7 * (weeks - 1));
  const series = await db
    .selectFrom('account_topic_weekly as w')
    .innerJoin('intent_topics as t', (j) =>
      j.onRef('t.workspace_id', '=', 'w.workspace_id').onRef('t.id', '=', 'w.topic_id'),
    )
    .select(['w.topic_id', 't.name', 'w.week_start', 'w.events', 'w.third_party_score'])
    .where('w.workspace_id', '=', workspaceId)
    .where('w.account_id', '=', accountId)
    .where('w.week_start', '>=', from)
    .orderBy('t.name')
    .orderBy('w.week_start')
    .execute();
  const stats =
    await sql<StatsRow>`${topicWeekStatsSql({ workspaceId, week: sql`${thisWeek}::date`, account: sql`${accountId}::uuid` })}`.execute(
      db,
    );
  const byTopic = new Map<string, AccountTopicIntent>();
  for (const r of series) {
    let t = byTopic.get(r.topic_id);
    if (!t) {
      t = { topicId: r.topic_id, topic: r.name, current: null, weeks: [] };
      byTopic.set(r.topic_id, t);
    }
    t.weeks.push({ weekStart: r.week_start, events: r.events, thirdPartyScore: r.third_party_score });
  }
  for (const s of stats.rows) {
    const t = byTopic.get(s.topic_id);
    if (t) t.current = toStats(s);
  }
  return [...byTopic.values()].sort(
    (a, b) =>
      Number(b.current?.surging ?? false) - Number(a.current?.surging ?? false) ||
      a.topic.localeCompare(b.topic),
  );
}

export interface SurgingAccount extends TopicWeekStats {
  accountId: string;
  accountName: string;
  topicId: string;
  topic: string;
}

/**
 * Accounts with a surging topic in a week (default: this week), most significant first (smallest
 * p-value, then highest third-party score).
 */
export async function listSurging(
  db: Kysely<DB>,
  workspaceId: string,
  options: { week?: string | undefined; topicId?: string | undefined; limit: number },
): Promise<SurgingAccount[]> {
  const week = mondayOf(options.week ? new Date(`${options.week}T00:00:00Z`) : new Date());
  const rows = await sql<StatsRow & { account_name: string; topic: string }>`
    SELECT g.*, a.name AS account_name, t.name AS topic
    FROM (${topicWeekStatsSql({ workspaceId, week: sql`${week}::date`, ...(options.topicId ? { topicId: options.topicId } : {}) })}) g
    JOIN accounts a ON a.workspace_id = ${workspaceId} AND a.id = g.account_id
    JOIN intent_topics t ON t.workspace_id = ${workspaceId} AND t.id = g.topic_id
    WHERE g.surging
    ORDER BY g.p_value ASC, g.third_party_score DESC NULLS LAST, a.name
    LIMIT ${options.limit}`.execute(db);
  return rows.rows.map((r) => ({
    accountId: r.account_id,
    accountName: r.account_name,
    topicId: r.topic_id,
    topic: r.topic,
    ...toStats(r),
  }));
}
