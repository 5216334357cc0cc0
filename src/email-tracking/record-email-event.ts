import type { Kysely } from 'kysely';
import { storeActivities } from '../activities/store-activities.ts';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { cleanIp } from '../ingest/normalize-event.ts';
import { detectBotOpen } from './detect-bot-open.ts';
import type { TokenPayload } from './tracking-token.ts';

/**
 * Store an email open or click as an activity on the contact and its account, through storeActivities
 * (scores, intent and stages follow in the same transaction). Automated hits are kept but flagged `properties.bot = true` with a `botReason`.
 * Returns false when the contact no longer exists.
 */
export async function recordEmailEvent(
  db: Kysely<DB>,
  token: TokenPayload,
  request: { userAgent: string | null; ip: string | null; at?: Date },
): Promise<boolean> {
  const at = request.at ?? new Date();
  const ip = cleanIp(request.ip);
  const botReason = detectBotOpen({ userAgent: request.userAgent, ip, sentAt: new Date(token.t * 1000), at });
  const properties: JsonObject = {
    messageId: token.m,
    ...(token.g ? { campaignId: token.g } : {}),
    ...(token.u ? { url: token.u } : {}),
    ...(request.userAgent ? { userAgent: request.userAgent.slice(0, 1000) } : {}),
    ...(ip ? { ip } : {}),
    ...(botReason ? { bot: true, botReason } : {}),
  };
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .select(['id', 'account_id'])
      .where('workspace_id', '=', token.w)
      .where('id', '=', token.c)
      .executeTakeFirst();
    if (!contact) return false;
    await storeActivities(trx, token.w, [
      {
        contactId: contact.id,
        accountId: contact.account_id,
        type: token.k === 'o' ? 'email_open' : 'email_click',
        occurredAt: at,
        properties,
        source: 'email',
        messageId: null,
      },
    ]);
    return true;
  });
}
