import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { globsToRegex } from './glob-regex.ts';
import { DEFAULT_SENIORITY_MULTIPLIERS, ensureSignalSettings } from './signal-config.ts';

const multiplier = z.number().min(-100).max(100);

/** The weights input (PUT /signals/weights): every part optional; `weights` replaces the whole list. */
export const SignalSettingsInputSchema = z.strictObject({
  halfLifeDays: z.number().min(0.1).max(3650).optional(),
  weights: z
    .array(
      z.strictObject({
        type: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .regex(/^[a-z0-9_.:-]+$/i, 'must be letters, digits, _ . : -'),
        points: z.number().min(-1e6).max(1e6),
        perMinute: z.boolean().optional(),
      }),
    )
    .max(500)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((w, i) => {
        if (seen.has(w.type))
          ctx.addIssue({ code: 'custom', path: [i, 'type'], message: `duplicate type ${w.type}` });
        seen.add(w.type);
      });
    })
    .optional(),
  seniorityMultipliers: z
    .strictObject({
      c_level: multiplier,
      vp: multiplier,
      director: multiplier,
      manager: multiplier,
      other: multiplier,
    })
    .partial()
    .optional(),
  /** Multiplier per account tier ("1", "2", "3"); tiers not listed (and no tier) count 1. */
  tierMultipliers: z.partialRecord(z.enum(['1', '2', '3']), multiplier).optional(),
  /** URL patterns of key pages (`*` wildcard, matched anywhere in the URL, case-insensitive). */
  keyPagePatterns: z.array(z.string().trim().min(1).max(500)).max(200).optional(),
});
export type SignalSettingsInput = z.infer<typeof SignalSettingsInputSchema>;

export interface SignalSettings {
  halfLifeDays: number;
  weights: { type: string; points: number; perMinute: boolean }[];
  seniorityMultipliers: Record<string, number>;
  tierMultipliers: Record<string, number>;
  keyPagePatterns: string[];
}

const NumberRecord = z.record(z.string(), z.number());

/** A workspace's scoring settings (defaults on first use). */
export async function getSignalSettings(db: Kysely<DB>, workspaceId: string): Promise<SignalSettings> {
  await ensureSignalSettings(db, workspaceId);
  const s = await db
    .selectFrom('signal_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const weights = await db
    .selectFrom('activity_weights')
    .select(['activity_type', 'points', 'per_minute'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('activity_type')
    .execute();
  const seniority = NumberRecord.safeParse(s.seniority_multipliers);
  const tiers = NumberRecord.safeParse(s.tier_multipliers);
  return {
    halfLifeDays: s.half_life_days,
    weights: weights.map((w) => ({ type: w.activity_type, points: w.points, perMinute: w.per_minute })),
    seniorityMultipliers: seniority.success ? seniority.data : { ...DEFAULT_SENIORITY_MULTIPLIERS },
    tierMultipliers: tiers.success ? tiers.data : {},
    keyPagePatterns: s.key_page_patterns,
  };
}

/**
 * Change a workspace's scoring settings (in the caller's transaction). The caller recomputes
 * history afterwards (recomputeWorkspace), since every stored score depends on them.
 */
export async function updateSignalSettings(
  db: Kysely<DB>,
  workspaceId: string,
  input: SignalSettingsInput,
): Promise<SignalSettings> {
  await ensureSignalSettings(db, workspaceId);
  const current = await getSignalSettings(db, workspaceId);
  const seniority = { ...current.seniorityMultipliers, ...(input.seniorityMultipliers ?? {}) };
  const tiers = input.tierMultipliers ?? current.tierMultipliers;
  const patterns = input.keyPagePatterns ?? current.keyPagePatterns;
  await db
    .updateTable('signal_settings')
    .set({
      half_life_days: input.halfLifeDays ?? current.halfLifeDays,
      seniority_multipliers: JSON.stringify(seniority),
      tier_multipliers: JSON.stringify(tiers),
      key_page_patterns: patterns,
      key_page_regex: globsToRegex(patterns),
      updated_at: sql`now()`,
    })
    .where('workspace_id', '=', workspaceId)
    .execute();
  if (input.weights) {
    await db.deleteFrom('activity_weights').where('workspace_id', '=', workspaceId).execute();
    if (input.weights.length > 0) {
      await db
        .insertInto('activity_weights')
        .values(
          input.weights.map((w) => ({
            workspace_id: workspaceId,
            activity_type: w.type,
            points: w.points,
            per_minute: w.perMinute ?? false,
          })),
        )
        .execute();
    }
  }
  return getSignalSettings(db, workspaceId);
}
