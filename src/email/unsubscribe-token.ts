import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { existingTrackingSecret, trackingSecret } from '../email-tracking/tracking-secret.ts';
import { normalizeEmail } from '../records/suppression.ts';

/** What an unsubscribe token says: workspace, contact, the send it came in (when any). */
const UnsubscribePayloadSchema = z.strictObject({
  w: z.uuid(),
  c: z.uuid(),
  s: z.uuid().optional(),
});
export type UnsubscribePayload = z.infer<typeof UnsubscribePayloadSchema>;

/** The key of a recipient in the send log and suppressions: SHA-256 (hex) of the normalised address. */
export function recipientHash(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex');
}

// Domain separation: an unsubscribe token and a tracking token signed by the same key never verify as each other.
function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(`unsubscribe.${body}`).digest('base64url');
}

/**
 * An HMAC-signed unsubscribe token (the workspace's e-mail tracking key): good for the one-click POST
 * and the preference page, no sign-in needed, no expiry (an old e-mail's link must keep working).
 */
export async function signUnsubscribeToken(db: Kysely<DB>, payload: UnsubscribePayload): Promise<string> {
  return (await unsubscribeSigner(db, payload.w))(payload);
}

/** A synchronous signer for the workspace (its key loaded once): for renderers that build links per recipient. */
export async function unsubscribeSigner(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<(payload: UnsubscribePayload) => string> {
  const key = await trackingSecret(db, workspaceId);
  return (payload) => {
    const body = Buffer.from(JSON.stringify(UnsubscribePayloadSchema.parse(payload))).toString('base64url');
    return `${body}.${mac(key, body)}`;
  };
}

/** The token's payload when its signature is right, else null. */
export async function verifyUnsubscribeToken(
  db: Kysely<DB>,
  token: string,
): Promise<UnsubscribePayload | null> {
  if (token.length > 2000) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = UnsubscribePayloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const key = await existingTrackingSecret(db, parsed.data.w);
  if (!key) return null;
  const expected = Buffer.from(mac(key, body));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
  return parsed.data;
}
