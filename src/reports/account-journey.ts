import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { touchDimensionSql } from './touch-dimensions-sql.ts';

export type JourneyEventKind =
  | 'first_touch'
  | 'person_added'
  | 'stage'
  | 'opportunity_created'
  | 'opportunity_won'
  | 'opportunity_lost';

export interface JourneyEvent {
  at: Date;
  kind: JourneyEventKind;
  /** One line for a timeline. */
  label: string;
  contactId?: string | null;
  opportunityId?: string;
  amount?: number | null;
  fromStage?: string;
  toStage?: string;
  channel?: string;
}

export interface AccountJourney {
  account: { id: string; name: string; isTarget: boolean; tier: number | null };
  /** Milestones in time order: first touch, people, stage changes, opportunities created and closed. */
  events: JourneyEvent[];
  /** Touches per ISO week (Monday, UTC) and channel, with the distinct people touching. */
  touchesByWeek: { week: string; channel: string; touches: number; people: number }[];
  /** Days from the first touch to the first opportunity and to the first won deal (null: not yet). */
  daysToFirstOpportunity: number | null;
  daysToFirstWin: number | null;
}

const DAY = 86_400_000;
const dayStart = (d: string) => new Date(`${d}T00:00:00Z`);

/**
 * One account's path on one timeline: the first touch, each person as they became known, every stage
 * change, each opportunity's creation and close, and the touches per week and channel between them.
 */
export async function accountJourney(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<AccountJourney> {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'is_target', 'tier'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId}` });
  const [first, people, stages, opps, weeks] = await Promise.all([
    sql<{ at: Date; type: string; contact_id: string | null; channel: string }>`
      SELECT a.occurred_at AS at, a.type, a.contact_id, ${touchDimensionSql('channel')} AS channel
      FROM activities a WHERE a.workspace_id = ${workspaceId} AND a.account_id = ${accountId}
      ORDER BY a.occurred_at, a.id LIMIT 1`.execute(db),
    db
      .selectFrom('contacts')
      .select(['id', 'first_name', 'last_name', 'title', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .limit(500)
      .execute(),
    db
      .selectFrom('account_stage_history')
      .select(['at', 'from_stage', 'to_stage'])
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .orderBy('at')
      .orderBy('id')
      .limit(1000)
      .execute(),
    db
      .selectFrom('opportunities')
      .select(['id', 'name', 'amount', 'created_date', 'close_date', 'is_closed', 'is_won'])
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .orderBy('created_date')
      .limit(500)
      .execute(),
    sql<{ week: string; channel: string; touches: number; people: number }>`
      SELECT to_char(date_trunc('week', a.occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
        ${touchDimensionSql('channel')} AS channel, count(*)::int AS touches, count(DISTINCT a.contact_id)::int AS people
      FROM activities a
      LEFT JOIN activity_weights w ON w.workspace_id = a.workspace_id AND w.activity_type = a.type
      WHERE a.workspace_id = ${workspaceId} AND a.account_id = ${accountId} AND coalesce(w.points, 0) >= 0
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(db),
  ]);
  const events: JourneyEvent[] = [];
  const f = first.rows[0];
  if (f) {
    events.push({
      at: new Date(f.at),
      kind: 'first_touch',
      label: `First touch: ${f.type} (${f.channel})`,
      contactId: f.contact_id,
      channel: f.channel,
    });
  }
  for (const p of people) {
    const name = [p.first_name, p.last_name].filter(Boolean).join(' ') || 'A contact';
    events.push({
      at: p.created_at,
      kind: 'person_added',
      label: p.title ? `${name}, ${p.title}` : name,
      contactId: p.id,
    });
  }
  for (const s of stages) {
    events.push({
      at: new Date(s.at),
      kind: 'stage',
      label: `${s.from_stage} → ${s.to_stage}`,
      fromStage: s.from_stage,
      toStage: s.to_stage,
    });
  }
  for (const o of opps) {
    const amount = o.amount === null ? null : Number(o.amount);
    events.push({
      at: dayStart(o.created_date),
      kind: 'opportunity_created',
      label: `Opportunity: ${o.name}`,
      opportunityId: o.id,
      amount,
    });
    if (o.is_closed && o.close_date) {
      events.push({
        at: dayStart(o.close_date),
        kind: o.is_won ? 'opportunity_won' : 'opportunity_lost',
        label: `${o.is_won ? 'Won' : 'Lost'}: ${o.name}`,
        opportunityId: o.id,
        amount,
      });
    }
  }
  const order: Record<JourneyEventKind, number> = {
    first_touch: 0,
    person_added: 1,
    stage: 2,
    opportunity_created: 3,
    opportunity_won: 4,
    opportunity_lost: 4,
  };
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.kind] - order[b.kind]);
  const firstAt = f ? new Date(f.at).getTime() : null;
  const firstOpp = opps[0] ? dayStart(opps[0].created_date).getTime() : null;
  const firstWin = opps
    .filter((o) => o.is_won && o.close_date)
    .map((o) => dayStart(o.close_date ?? '').getTime())
    .sort((a, b) => a - b)[0];
  const days = (to: number | null | undefined) =>
    firstAt === null || to === null || to === undefined
      ? null
      : Math.round(((to - firstAt) / DAY) * 100) / 100;
  return {
    account: { id: account.id, name: account.name, isTarget: account.is_target, tier: account.tier },
    events,
    touchesByWeek: weeks.rows.map((w) => ({
      week: w.week,
      channel: w.channel,
      touches: Number(w.touches),
      people: Number(w.people),
    })),
    daysToFirstOpportunity: days(firstOpp),
    daysToFirstWin: days(firstWin),
  };
}
