import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { loadEmailSettings } from './email-settings.ts';
import { AudienceSchema, resolveAudience } from './send-audience.ts';
import { decideSends } from './send-policy.ts';
import { recipientHash } from './unsubscribe-token.ts';

/** What the E-mail page asks before a one-off send: the audience, the kind and the topic. */
export const AudiencePreviewInputSchema = z.strictObject({
  audience: AudienceSchema,
  kind: z.enum(['marketing', 'transactional']).default('marketing'),
  topic: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .nullable()
    .default(null),
});
export type AudiencePreviewInput = z.output<typeof AudiencePreviewInputSchema>;

export const AudiencePreviewSchema = z.object({
  segmentKind: z.enum(['account', 'contact']).nullable(),
  segmentMembers: z.number().nullable(),
  contacts: z.number(),
  withoutEmail: z.number(),
  /** A contact of the audience with an address (whose data fills a test send), or null. */
  sampleContactId: z.string().nullable(),
  /** Would be mailed if sent now. */
  wouldSend: z.number(),
  /** Would wait for the end of quiet hours. */
  deferred: z.number(),
  /** Would be refused, per reason (most frequent first). */
  refusals: z.array(z.object({ reason: z.string(), count: z.number() })),
});
export type AudiencePreview = z.infer<typeof AudiencePreviewSchema>;

const CHUNK = 2000;

/**
 * The audience of a one-off send as the sender would see it now: how many contacts, how many have no
 * address, and the send policy's verdict for each (consent, suppressions, erasure, unsubscribes, caps,
 * quiet hours) counted per reason. Nothing is written; the real decision is made again at send time.
 */
export async function previewAudience(
  db: Kysely<DB>,
  workspaceId: string,
  input: AudiencePreviewInput,
  now = new Date(),
): Promise<AudiencePreview> {
  const resolved = await resolveAudience(db, workspaceId, input.audience);
  const settings = await loadEmailSettings(db, workspaceId);
  const withEmail = resolved.contacts.flatMap((c) => (c.email ? [{ ...c, email: c.email }] : []));
  let wouldSend = 0;
  let deferred = 0;
  const refusals = new Map<string, number>();
  for (let start = 0; start < withEmail.length; start += CHUNK) {
    const chunk = withEmail.slice(start, start + CHUNK);
    const decisions = await decideSends(
      db,
      workspaceId,
      settings,
      chunk.map((c) => ({
        id: c.id,
        email: c.email.toLowerCase(),
        recipientHash: recipientHash(c.email),
        contactId: c.id,
        kind: input.kind,
        topic: input.topic,
      })),
      now,
    );
    for (const decision of decisions.values()) {
      if (decision.action === 'send') wouldSend += 1;
      else if (decision.action === 'defer') deferred += 1;
      else refusals.set(decision.reason, (refusals.get(decision.reason) ?? 0) + 1);
    }
  }
  return {
    segmentKind: resolved.segmentKind,
    segmentMembers: resolved.segmentMembers,
    contacts: resolved.contacts.length,
    withoutEmail: resolved.contacts.length - withEmail.length,
    sampleContactId: withEmail[0]?.id ?? null,
    wouldSend,
    deferred,
    refusals: [...refusals]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}
