import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { attributionShares } from './attribution-models.ts';
import { loadAttributionSettings } from './attribution-settings.ts';
import { isoDate } from './report-period.ts';
import type { ResolvedPeriod } from './resolve-report-period.ts';
import { touchDimensionSql } from './touch-dimensions-sql.ts';

/** Opportunities per batch (one read of their touches, one write, one transaction). */
const BATCH = 2000;
/** At most this many touches per opportunity are kept (the earliest, in time order). */
export const MAX_TOUCHES = 1000;

export interface AttributionRun {
  period: string;
  opportunities: number;
  touches: number;
  halfLifeDays: number;
  lookbackDays: number;
  computedAt: Date;
}

interface TouchRow {
  opportunity_id: string;
  activity_id: number;
  account_id: string;
  occurred_at: Date;
  type: string;
  sourced: boolean;
  channel: string;
  campaign: string | null;
  play: string | null;
  asset: string | null;
  event: string | null;
}

/**
 * Recompute the attribution touches of every opportunity that was open at some time in a period
 * (created before its end, not closed before its start), batch by batch. Touches are the account's
 * activities (types with negative points excluded) from `lookbackDays` before the creation day up to
 * the end of the creation day (sourced) and after it up to the end of the close day (influenced; open
 * opportunities: up to now). Each touch stores every model's share; reports multiply by the amount.
 */
export async function recomputeAttribution(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
): Promise<AttributionRun> {
  const settings = await loadAttributionSettings(db, workspaceId);
  const startDay = isoDate(resolved.period.start);
  const endDay = isoDate(resolved.period.end);
  let cursor: string | null = null;
  let opportunities = 0;
  let touches = 0;
  for (;;) {
    const ids: string[] = (
      await sql<{ id: string }>`
        SELECT id FROM opportunities
        WHERE workspace_id = ${workspaceId} AND account_id IS NOT NULL AND created_date < ${endDay}::date
          AND (NOT is_closed OR coalesce(close_date, created_date) >= ${startDay}::date)
          AND (${cursor}::uuid IS NULL OR id > ${cursor}::uuid)
        ORDER BY id LIMIT ${BATCH}`.execute(db)
    ).rows.map((r) => r.id);
    if (ids.length === 0) break;
    cursor = ids[ids.length - 1] ?? null;
    opportunities += ids.length;
    touches += await recomputeBatch(db, workspaceId, ids, settings);
  }
  const computedAt = new Date();
  const run = { halfLifeDays: settings.halfLifeDays, lookbackDays: settings.lookbackDays, opportunities };
  await db
    .insertInto('report_runs')
    .values({
      workspace_id: workspaceId,
      kind: 'attribution',
      period: resolved.period.key,
      rows: touches,
      settings: JSON.stringify(run),
    })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'kind', 'period'])
        .doUpdateSet({ computed_at: sql`now()`, rows: touches, settings: JSON.stringify(run) }),
    )
    .execute();
  return { period: resolved.period.key, opportunities, touches, ...settings, computedAt };
}

async function recomputeBatch(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
  settings: { halfLifeDays: number; lookbackDays: number },
): Promise<number> {
  const { rows } = await sql<TouchRow>`
    SELECT o.id AS opportunity_id, t.*
    FROM opportunities o
    CROSS JOIN LATERAL (
      SELECT a.id AS activity_id, a.account_id, a.occurred_at, a.type,
        a.occurred_at < (o.created_date + 1)::timestamp AT TIME ZONE 'UTC' AS sourced,
        ${touchDimensionSql('channel')} AS channel, ${touchDimensionSql('campaign')} AS campaign,
        ${touchDimensionSql('play')} AS play, ${touchDimensionSql('asset')} AS asset, ${touchDimensionSql('event')} AS event
      FROM activities a
      LEFT JOIN activity_weights w ON w.workspace_id = a.workspace_id AND w.activity_type = a.type
      WHERE a.workspace_id = o.workspace_id AND a.account_id = o.account_id
        AND a.occurred_at >= (o.created_date - ${settings.lookbackDays}::int)::timestamp AT TIME ZONE 'UTC'
        AND a.occurred_at < CASE WHEN o.is_closed
          THEN (coalesce(o.close_date, o.created_date) + 1)::timestamp AT TIME ZONE 'UTC' ELSE now() END
        AND coalesce(w.points, 0) >= 0
      ORDER BY a.occurred_at, a.id
      LIMIT ${MAX_TOUCHES}
    ) t
    WHERE o.workspace_id = ${workspaceId} AND o.id = ANY(${ids}::uuid[])
    ORDER BY o.id, t.occurred_at, t.activity_id
  `.execute(db);
  const columns = {
    opp: [] as string[],
    position: [] as number[],
    activity: [] as number[],
    account: [] as string[],
    at: [] as string[],
    kind: [] as string[],
    type: [] as string[],
    channel: [] as string[],
    campaign: [] as (string | null)[],
    play: [] as (string | null)[],
    asset: [] as (string | null)[],
    event: [] as (string | null)[],
    first: [] as number[],
    last: [] as number[],
    linear: [] as number[],
    u: [] as number[],
    w: [] as number[],
    decay: [] as number[],
  };
  for (let i = 0; i < rows.length; ) {
    const opp = rows[i]?.opportunity_id;
    let j = i;
    while (j < rows.length && rows[j]?.opportunity_id === opp) j++;
    const group = rows.slice(i, j);
    const shares = attributionShares(
      group.map((r) => ({ at: new Date(r.occurred_at).getTime(), sourced: r.sourced })),
      { halfLifeDays: settings.halfLifeDays },
    );
    group.forEach((r, k) => {
      columns.opp.push(r.opportunity_id);
      columns.position.push(k);
      columns.activity.push(Number(r.activity_id));
      columns.account.push(r.account_id);
      columns.at.push(new Date(r.occurred_at).toISOString());
      columns.kind.push(r.sourced ? 'sourced' : 'influenced');
      columns.type.push(r.type);
      columns.channel.push(r.channel);
      columns.campaign.push(r.campaign);
      columns.play.push(r.play);
      columns.asset.push(r.asset);
      columns.event.push(r.event);
      columns.first.push(shares.first_touch[k] ?? 0);
      columns.last.push(shares.last_touch[k] ?? 0);
      columns.linear.push(shares.linear[k] ?? 0);
      columns.u.push(shares.u_shaped[k] ?? 0);
      columns.w.push(shares.w_shaped[k] ?? 0);
      columns.decay.push(shares.time_decay[k] ?? 0);
    });
    i = j;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('attribution_touches')
      .where('workspace_id', '=', workspaceId)
      .where('opportunity_id', 'in', ids)
      .execute();
    if (columns.opp.length === 0) return;
    const c = columns;
    await sql`
      INSERT INTO attribution_touches (workspace_id, opportunity_id, position, activity_id, account_id, occurred_at, kind,
        activity_type, channel, campaign, play, asset, event, first_touch, last_touch, linear, u_shaped, w_shaped, time_decay)
      SELECT ${workspaceId}, t.* FROM unnest(${c.opp}::uuid[], ${c.position}::int[], ${c.activity}::bigint[],
        ${c.account}::uuid[], ${c.at}::timestamptz[], ${c.kind}::text[], ${c.type}::text[], ${c.channel}::text[],
        ${c.campaign}::text[], ${c.play}::text[], ${c.asset}::text[], ${c.event}::text[], ${c.first}::float8[],
        ${c.last}::float8[], ${c.linear}::float8[], ${c.u}::float8[], ${c.w}::float8[], ${c.decay}::float8[]) t
      ON CONFLICT (workspace_id, opportunity_id, position) DO UPDATE SET activity_id = excluded.activity_id,
        account_id = excluded.account_id, occurred_at = excluded.occurred_at, kind = excluded.kind,
        activity_type = excluded.activity_type, channel = excluded.channel, campaign = excluded.campaign,
        play = excluded.play, asset = excluded.asset, event = excluded.event, first_touch = excluded.first_touch,
        last_touch = excluded.last_touch, linear = excluded.linear, u_shaped = excluded.u_shaped,
        w_shaped = excluded.w_shaped, time_decay = excluded.time_decay
    `.execute(trx);
  });
  return columns.opp.length;
}
