import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';

export interface AttributionSettings {
  /** Time-decay half-life in days (default 7). */
  halfLifeDays: number;
  /** How far before an opportunity's creation touches count as sourcing it (default 180 days). */
  lookbackDays: number;
}

export const DEFAULT_ATTRIBUTION_SETTINGS: AttributionSettings = { halfLifeDays: 7, lookbackDays: 180 };

export const AttributionSettingsSchema = z.strictObject({
  halfLifeDays: z.number().positive().max(365).optional(),
  lookbackDays: z.number().int().min(1).max(1095).optional(),
});

/** The workspace's attribution settings (defaults when never set). */
export async function loadAttributionSettings(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<AttributionSettings> {
  const row = await db
    .selectFrom('attribution_settings')
    .select(['half_life_days', 'lookback_days'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row
    ? { halfLifeDays: Number(row.half_life_days), lookbackDays: Number(row.lookback_days) }
    : DEFAULT_ATTRIBUTION_SETTINGS;
}

/** Change the settings; stored attribution keeps its old settings until recomputed. */
export async function saveAttributionSettings(
  db: Kysely<DB>,
  workspaceId: string,
  input: z.infer<typeof AttributionSettingsSchema>,
): Promise<AttributionSettings> {
  const next = { ...(await loadAttributionSettings(db, workspaceId)), ...input };
  await db
    .insertInto('attribution_settings')
    .values({
      workspace_id: workspaceId,
      half_life_days: next.halfLifeDays,
      lookback_days: next.lookbackDays,
    })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        half_life_days: next.halfLifeDays,
        lookback_days: next.lookbackDays,
        updated_at: sql`now()`,
      }),
    )
    .execute();
  return next;
}
