import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';

/**
 * What an owner is told about: a target account reached MQA, an account surges on an intent topic,
 * a key persona (decision maker, budget holder, champion) engaged, a new buying-committee member
 * appeared, a person raised their hand (a form; also a task).
 */
export const ALERT_KINDS = ['mqa', 'surge', 'key_persona', 'committee_member', 'hand_raiser'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const AlertKindSchema = z.enum(ALERT_KINDS);

export const AlertPreferencesSchema = z.strictObject({
  /** The kinds this person is told about (default: all). */
  kinds: z
    .array(AlertKindSchema)
    .max(ALERT_KINDS.length)
    .refine((k) => new Set(k).size === k.length, 'kinds must not repeat'),
  /** Show alerts in the in-app inbox. */
  inbox: z.boolean(),
  /** An e-mail digest of the alerts since the last one. */
  digest: z.enum(['off', 'hourly', 'daily']),
  /** At most one alert per account and kind in this many hours. */
  throttleHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
});
export type AlertPreferences = z.infer<typeof AlertPreferencesSchema>;

export const DEFAULT_PREFERENCES: AlertPreferences = {
  kinds: [...ALERT_KINDS],
  inbox: true,
  digest: 'daily',
  throttleHours: 24,
};

/** Each given person's preferences (the defaults for those who set none). */
export async function loadPreferences(
  db: Kysely<DB>,
  workspaceId: string,
  userIds: readonly string[],
): Promise<Map<string, AlertPreferences>> {
  const out = new Map<string, AlertPreferences>(userIds.map((id) => [id, DEFAULT_PREFERENCES]));
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('alert_preferences')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', 'in', [...userIds])
    .execute();
  for (const r of rows) {
    out.set(r.user_id, {
      kinds: r.kinds.filter((k): k is AlertKind => (ALERT_KINDS as readonly string[]).includes(k)),
      inbox: r.inbox,
      digest: r.digest,
      throttleHours: r.throttle_hours,
    });
  }
  return out;
}

/** Store a person's preferences. */
export async function savePreferences(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string,
  prefs: AlertPreferences,
): Promise<AlertPreferences> {
  const values = {
    kinds: prefs.kinds,
    inbox: prefs.inbox,
    digest: prefs.digest,
    throttle_hours: prefs.throttleHours,
    updated_at: new Date(),
  };
  await db
    .insertInto('alert_preferences')
    .values({ workspace_id: workspaceId, user_id: userId, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(values))
    .execute();
  return prefs;
}
