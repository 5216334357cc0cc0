import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context.ts';
import { hasRole } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { sealSecret } from '../email/secret-box.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ALERT_KINDS, AlertKindSchema } from './alert-preferences.ts';

export const WebhookInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** A Slack (or Mattermost, Rocket.Chat…) incoming-webhook URL; kept sealed, never shown again. */
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
  /** `me`: the caller's own alerts; `team`: every owner's alerts (admins only). */
  scope: z.enum(['me', 'team']).default('me'),
  kinds: z
    .array(AlertKindSchema)
    .min(1)
    .max(ALERT_KINDS.length)
    .default([...ALERT_KINDS]),
});

export const WebhookOutSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(['me', 'team']),
  userId: z.uuid().nullable(),
  /** Scheme and host only: the URL is the webhook's secret. */
  urlHint: z.string(),
  kinds: z.array(z.string()),
  createdAt: z.date(),
});
type WebhookOut = z.infer<typeof WebhookOutSchema>;

/** A user's own identity (API keys of no user cannot hold preferences or personal webhooks). */
export function callerUser(ctx: AuthContext): string {
  if (!ctx.userId) {
    throw new HttpProblem(403, 'Forbidden', { detail: 'alert settings belong to a user; this key has none' });
  }
  return ctx.userId;
}

export async function createWebhook(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: z.output<typeof WebhookInputSchema>,
): Promise<WebhookOut> {
  if (input.scope === 'team' && !hasRole(ctx.role, 'admin')) {
    throw new HttpProblem(403, 'Forbidden', { detail: 'only admins add team webhooks' });
  }
  const userId = input.scope === 'me' ? callerUser(ctx) : null;
  const url = new URL(input.url);
  const row = await db
    .insertInto('alert_webhooks')
    .values({
      workspace_id: ctx.workspaceId,
      user_id: userId,
      name: input.name,
      url_sealed: sealSecret(input.url),
      url_hint: `${url.protocol}//${url.host}/…`,
      kinds: input.kinds,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return out(row);
}

/** The caller's webhooks and the team's. */
export async function listWebhooks(db: Kysely<DB>, ctx: AuthContext): Promise<WebhookOut[]> {
  const rows = await db
    .selectFrom('alert_webhooks')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where((eb) =>
      eb.or([
        eb('user_id', 'is', null),
        eb('user_id', '=', ctx.userId ?? '00000000-0000-0000-0000-000000000000'),
      ]),
    )
    .orderBy('created_at')
    .execute();
  return rows.map(out);
}

/** Delete a webhook: one's own, or (admins) the team's. */
export async function deleteWebhook(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  const row = await db
    .selectFrom('alert_webhooks')
    .select(['id', 'user_id'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No webhook ${id} in this workspace` });
  const mine = row.user_id !== null && row.user_id === ctx.userId;
  if (!mine && !hasRole(ctx.role, 'admin')) throw new HttpProblem(403, 'Forbidden');
  await db
    .deleteFrom('alert_webhooks')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .execute();
}

function out(r: {
  id: string;
  name: string;
  user_id: string | null;
  url_hint: string;
  kinds: string[];
  created_at: Date;
}): WebhookOut {
  return {
    id: r.id,
    name: r.name,
    scope: r.user_id ? 'me' : 'team',
    userId: r.user_id,
    urlHint: r.url_hint,
    kinds: r.kinds,
    createdAt: r.created_at,
  };
}
