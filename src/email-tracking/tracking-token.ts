import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { existingTrackingSecret, trackingSecret } from './tracking-secret.ts';

const UUID = z.uuid();
const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(4000);

/** What a signed email token says: which workspace, contact and email, and for clicks where to go. */
export const TokenPayloadSchema = z.strictObject({
  k: z.enum(['o', 'c']),
  w: UUID,
  c: UUID,
  /** The email message id. */
  m: z.string().min(1).max(200),
  /** Campaign (or play) id, optional. */
  g: z.string().max(200).optional(),
  /** Click target. */
  u: HttpUrl.optional(),
  /** Send time, epoch seconds. */
  t: z.number().int().nonnegative(),
});
export type TokenPayload = z.infer<typeof TokenPayloadSchema>;

export interface EmailLinkInput {
  workspaceId: string;
  contactId: string;
  messageId: string;
  campaignId?: string;
  /** When the email is sent (default now): opens seconds after it are likely prefetches. */
  sentAt?: Date;
}

function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

async function sign(db: Kysely<DB>, payload: TokenPayload): Promise<string> {
  const valid = TokenPayloadSchema.parse(payload);
  const body = Buffer.from(JSON.stringify(valid)).toString('base64url');
  return `${body}.${mac(await trackingSecret(db, valid.w), body)}`;
}

function payloadOf(input: EmailLinkInput, kind: 'o' | 'c', url?: string): TokenPayload {
  return {
    k: kind,
    w: input.workspaceId,
    c: input.contactId,
    m: input.messageId,
    ...(input.campaignId ? { g: input.campaignId } : {}),
    ...(url ? { u: url } : {}),
    t: Math.floor((input.sentAt ?? new Date()).getTime() / 1000),
  };
}

/**
 * A click-tracking URL for a link in an email: `${baseUrl}/e/c/<token>`. The target URL is inside the
 * HMAC-signed token, so the redirect endpoint can only send people where the email said.
 *
 * @example
 * const href = await signEmailLink(db, 'https://abm.example.com', { workspaceId, contactId, messageId }, 'https://acme.com/pricing');
 */
export async function signEmailLink(
  db: Kysely<DB>,
  baseUrl: string,
  input: EmailLinkInput,
  targetUrl: string,
): Promise<string> {
  const token = await sign(db, payloadOf(input, 'c', HttpUrl.parse(targetUrl)));
  return `${baseUrl.replace(/\/+$/, '')}/e/c/${token}`;
}

/** The open-tracking pixel URL for an email: `${baseUrl}/e/o/<token>.gif`. */
export async function openPixelUrl(db: Kysely<DB>, baseUrl: string, input: EmailLinkInput): Promise<string> {
  const token = await sign(db, payloadOf(input, 'o'));
  return `${baseUrl.replace(/\/+$/, '')}/e/o/${token}.gif`;
}

/** Verify a presented token: its payload when the signature is right for its workspace and kind, else null. */
export async function verifyEmailToken(
  db: Kysely<DB>,
  token: string,
  kind: 'o' | 'c',
): Promise<TokenPayload | null> {
  if (token.length > 8000) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = TokenPayloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.k !== kind) return null;
  const key = await existingTrackingSecret(db, parsed.data.w);
  if (!key) return null;
  const expected = Buffer.from(mac(key, body));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
  return parsed.data;
}
