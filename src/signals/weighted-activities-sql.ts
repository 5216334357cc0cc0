import { type Kysely, type RawBuilder, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import { readContactAccounts } from '../records/contact-accounts.ts';
import { contactAttributesSql } from './contact-attributes-sql.ts';

/** 2^(−Δ/h) for Δ in seconds and h in days, with the exponent clamped to avoid float underflow. */
export function decaySql(
  deltaSeconds: RawBuilder<unknown>,
  halfLifeDays: RawBuilder<unknown>,
): RawBuilder<number> {
  return sql<number>`power(2::float8, greatest(-1000::float8, least(1000::float8, -(${deltaSeconds}) / 86400.0 / (${halfLifeDays}))))`;
}

/**
 * Seconds between two timestamptz expressions (a − b), in float8 (`date_part`, not `extract`, which
 * computes in numeric and costs several times more per row).
 */
export function secondsBetween(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(date_part('epoch', ${a}) - date_part('epoch', ${b}))`;
}

/** The UTC Monday of a timestamptz expression, as a date. */
export function weekStartSql(ts: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`date_trunc('week', (${ts}) AT TIME ZONE 'UTC')::date`;
}

/**
 * The UTC week of an epoch in seconds as a number (week 0 starts Monday 1969-12-29): the same weeks
 * as weekStartSql by arithmetic alone, a tenth of its cost per row (no time zone conversion).
 */
export function weekNumberSql(epochSeconds: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`floor(((${epochSeconds}) / 86400.0 + 3) / 7)::int`;
}

/** The Monday (a date) of a week number from weekNumberSql. */
export function weekNumberStartSql(week: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(date '1969-12-29' + 7 * (${week}))`;
}

export interface WeightedActivitiesInput {
  workspaceId: string;
  /** A relation of activities rows (at least id, account_id, contact_id, type, occurred_at, properties). */
  activities: RawBuilder<unknown>;
  /** Contact attributes: id, account_id, seniority, persona_key, seniority_multiplier (contactAttributesSql). */
  contacts: RawBuilder<unknown>;
  /** Account attributes: id, tier_multiplier (accountAttributesSql). */
  accounts: RawBuilder<unknown>;
  /**
   * `full` (default): every column incl. properties and the weight breakdown; `lean`: only what the
   * full recompute aggregates (contact_id, account_id, occurred_at, week — a weekNumberSql — weight,
   * decay).
   */
  shape?: 'full' | 'lean';
}

/** Accounts of a workspace with their tier multiplier. Columns: id, tier_multiplier. */
export function accountAttributesSql(workspaceId: string, only?: readonly string[]): RawBuilder<unknown> {
  const from = only
    ? sql`unnest(${[...only]}::uuid[]) AS k(id) CROSS JOIN LATERAL (
        SELECT * FROM accounts x WHERE x.workspace_id = ${plannedWorkspace(workspaceId)} AND x.id = k.id LIMIT 1
      ) acc`
    : sql`accounts acc`;
  const select = sql`
    SELECT acc.id, coalesce((s.tier_multipliers->>acc.tier::text)::float8, 1) AS tier_multiplier
    FROM ${from} JOIN signal_settings s ON s.workspace_id = acc.workspace_id
    WHERE acc.workspace_id = ${workspaceId}`;
  // A list is materialised, so it is read once even on the inner side of a nested loop.
  return only ? sql`WITH attributes AS MATERIALIZED (${select}) SELECT * FROM attributes` : select;
}

/**
 * Contact and account attribute relations restricted to the given ids (primary-key lookups with
 * `= ANY`, robust whatever the planner's statistics), so the incremental path and the timeline
 * touch only the rows a handful of activities refer to, whatever the size of the workspace.
 * `accountIds` must include the accounts of the contacts (see relatedAccountIds).
 */
export function attributesFor(
  workspaceId: string,
  contactIds: readonly string[],
  accountIds: readonly string[],
): { contacts: RawBuilder<unknown>; accounts: RawBuilder<unknown> } {
  return {
    contacts: contactAttributesSql(workspaceId, contactIds),
    accounts: accountAttributesSql(workspaceId, accountIds),
  };
}

/** The given account ids plus the accounts of the given contacts (one primary-key lookup). */
export async function relatedAccountIds(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
  accountIds: readonly string[],
): Promise<string[]> {
  const ids = new Set(accountIds);
  for (const accountId of (await readContactAccounts(db, workspaceId, contactIds)).values()) {
    if (accountId) ids.add(accountId);
  }
  return [...ids];
}

/**
 * The workspace's weighting settings as one row, read from signal_settings: half_life_days,
 * now_epoch (now, in epoch seconds), other_multiplier (seniority `other`), key_page_points (null
 * without a key_page weight) and key_page_likes (the key page patterns as LIKE patterns: trimmed,
 * lower-cased, `*` a wildcard, everything else literal, matched anywhere).
 */
export function weightSettingsSql(workspaceId: string): RawBuilder<WeightSettingsRow> {
  return sql<WeightSettingsRow>`
    SELECT ss.half_life_days, date_part('epoch', now()) AS now_epoch,
      coalesce((ss.seniority_multipliers->>'other')::float8, 0.5) AS other_multiplier,
      (SELECT k.points FROM activity_weights k
        WHERE k.workspace_id = ss.workspace_id AND k.activity_type = 'key_page') AS key_page_points,
      ARRAY(SELECT '%' || replace(replace(replace(replace(lower(btrim(p)), '\\', '\\\\'), '%', '\\%'),
          '_', '\\_'), '*', '%') || '%'
        FROM unnest(ss.key_page_patterns) p WHERE btrim(p) <> '') AS key_page_likes
    FROM signal_settings ss WHERE ss.workspace_id = ${workspaceId}`;
}

/** A row of weightSettingsSql. */
export interface WeightSettingsRow {
  half_life_days: number;
  now_epoch: number;
  other_multiplier: number;
  key_page_points: number | null;
  key_page_likes: string[];
}

/**
 * An activity's base points (before the seniority and tier multipliers) as SQL over the activity
 * `a`, its type's weight row `w` (activity_weights, LEFT JOINed on the type) and the settings row
 * `s` (weightSettingsSql columns): 0 for a bot, key page points for a page view on a key page,
 * points × minutes for a per-minute type, else the type's points (0 for an unknown type).
 */
export function basePointsSql(): RawBuilder<number> {
  return sql<number>`CASE
          WHEN a.properties->>'bot' = 'true' THEN 0::float8
          WHEN a.type = 'page_view' AND s.key_page_points IS NOT NULL
            AND lower(concat_ws(' ', a.properties->>'url', a.properties->>'path')) LIKE ANY (s.key_page_likes)
            THEN s.key_page_points
          WHEN w.per_minute THEN w.points * least(480::float8, greatest(0::float8,
            CASE WHEN jsonb_typeof(a.properties->'minutes') = 'number' THEN (a.properties->>'minutes')::float8
              ELSE 30 END))
          ELSE coalesce(w.points, 0)
        END`;
}

/**
 * The one definition of an activity's weight, shared by the incremental path, the full recompute
 * and the timeline:
 *   weight = base points × seniority multiplier × account tier multiplier
 * where base points are the workspace's points for the type; a `page_view` whose URL matches a key
 * page pattern scores `key_page` points instead; a per-minute type scores points × `minutes`
 * (property; 30 when absent, capped at 480); activities flagged `bot: true` score 0; unknown types 0.
 * The contact's seniority gives the multiplier (unknown / no contact: `other`); the tier multiplier
 * comes from the account's tier (default 1). `decay` is 2^(−(now − occurred_at)/half-life).
 *
 * Key pages: `url` and `path` (joined by a space), lower-cased, `LIKE` any key page pattern (trimmed,
 * lower-cased, `*` a wildcard, everything else literal, matched anywhere) — the same matches as
 * signal_settings.key_page_regex under `~*` for URLs, at a third of the cost per row. The settings row
 * (patterns, key page points, now) is computed once per statement (OFFSET 0 keeps it from being
 * inlined per row).
 *
 * Full columns: id, type, occurred_at, properties, contact_id (an existing contact or null),
 * contact_account_id, account_id (an existing account: the activity's own, else the contact's),
 * seniority, persona_key, base_points, seniority_multiplier, tier_multiplier, week_start, weight,
 * decay. Lean: contact_id, account_id, occurred_at, week (weekNumberSql), weight, decay.
 */
export function weightedActivitiesSql(input: WeightedActivitiesInput): RawBuilder<unknown> {
  const ws = input.workspaceId;
  const outer =
    input.shape === 'lean'
      ? sql`y.contact_id, y.account_id, y.occurred_at, ${weekNumberSql(sql`y.epoch`)} AS week`
      : sql`y.id, y.type, y.occurred_at, y.properties, y.contact_id, y.contact_account_id, y.account_id,
          y.seniority, y.persona_key, y.base_points, y.seniority_multiplier, y.tier_multiplier, y.week_start`;
  return sql`
    SELECT ${outer}, y.base_points * y.seniority_multiplier * y.tier_multiplier AS weight,
      power(2::float8, greatest(-1000::float8, least(1000::float8,
        (y.epoch - y.now_epoch) / 86400.0 / y.half_life_days))) AS decay
    FROM (
      SELECT a.id, a.type, a.occurred_at, a.properties,
        c.id AS contact_id, c.account_id AS contact_account_id, acc.id AS account_id,
        coalesce(c.seniority, 'other') AS seniority, c.persona_key,
        ${weekStartSql(sql`a.occurred_at`)} AS week_start,
        date_part('epoch', a.occurred_at) AS epoch, s.now_epoch,
        ${basePointsSql()} AS base_points,
        coalesce(c.seniority_multiplier, s.other_multiplier) AS seniority_multiplier,
        coalesce(acc.tier_multiplier, 1) AS tier_multiplier,
        s.half_life_days
      FROM (${input.activities}) a
      JOIN (${weightSettingsSql(ws)} OFFSET 0) s ON true
      LEFT JOIN (${input.contacts}) c ON c.id = a.contact_id
      LEFT JOIN (${input.accounts}) acc ON acc.id = coalesce(a.account_id, c.account_id)
      LEFT JOIN activity_weights w ON w.workspace_id = ${ws} AND w.activity_type = a.type
    ) y`;
}

/** SQL testing whether activity `x` (with properties) matches intent topic `t`. */
export function topicMatchSql(): RawBuilder<boolean> {
  return sql<boolean>`(
    (t.url_regex IS NOT NULL AND concat_ws(' ', x.properties->>'url', x.properties->>'path') ~* t.url_regex)
    OR (cardinality(t.tags) > 0 AND (
      lower(x.properties->>'category') = ANY (t.tags)
      OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(x.properties->'tags') = 'array' THEN x.properties->'tags' ELSE '[]'::jsonb END) e
        WHERE lower(e) = ANY (t.tags))))
    OR (t.keyword_regex IS NOT NULL AND concat_ws(' ', x.properties->>'title', x.properties->>'name',
      x.properties->>'url', x.properties->>'keywords', x.properties->>'query') ~* t.keyword_regex)
    OR lower(x.properties->>'topic') = lower(t.name)
  )`;
}

/** The per-workspace advisory lock key: incremental writers share it, a full recompute takes it alone. */
export function signalsLockKey(workspaceId: string): RawBuilder<number> {
  return sql<number>`hashtextextended(${`openabm.signals:${workspaceId}`}, 0)`;
}
