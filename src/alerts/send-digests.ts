import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { wakeSenders } from '../email/sender-wakeup.ts';
import { recipientHash } from '../email/unsubscribe-token.ts';
import { DEFAULT_PREFERENCES } from './alert-preferences.ts';

const PERIOD_HOURS = { hourly: 1, daily: 24 } as const;
const MAX_ALERTS = 200;

/** HTML-escaped, with Liquid's braces made inert (the e-mail renderer runs LiquidJS over the body). */
function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\{/g, '&#123;')
    .replace(/\}/g, '&#125;');
}
/** Plain text with Liquid's tags broken up. */
function plain(text: string): string {
  return text.replace(/\{([{%])/g, '{ $1').replace(/([}%])\}/g, '$1 }');
}

interface Due {
  workspace_id: string;
  user_id: string;
  email: string;
  digest: 'hourly' | 'daily';
}

/**
 * Queue each person's alert digest when it is due (hourly or daily by their preferences, default
 * daily): the alerts not yet in a digest, newest first, each with why and a link to the dossier. The
 * digest goes through the e-mail send log as a colleague send (kind `test`: suppressions are checked,
 * consent and caps are not, nothing lands on a timeline) with the workspace's SMTP settings, and the
 * alerts are marked digested in the same transaction — each alert is in one digest, however many
 * workers run. Returns the digests queued.
 */
export async function sendDigests(db: Kysely<DB>, options: { workspaceId?: string } = {}): Promise<number> {
  const ws = options.workspaceId;
  const due = await sql<Due>`
    SELECT DISTINCT s.workspace_id, s.owner_id AS user_id, u.email, coalesce(p.digest, ${DEFAULT_PREFERENCES.digest}) AS digest
    FROM sales_alerts s
    JOIN users u ON u.id = s.owner_id
    JOIN workspace_members m ON m.workspace_id = s.workspace_id AND m.user_id = s.owner_id
    LEFT JOIN alert_preferences p ON p.workspace_id = s.workspace_id AND p.user_id = s.owner_id
    WHERE s.digested_at IS NULL AND s.owner_id IS NOT NULL ${ws ? sql`AND s.workspace_id = ${ws}` : sql``}
      AND coalesce(p.digest, ${DEFAULT_PREFERENCES.digest}) <> 'off'
      AND (p.last_digest_at IS NULL OR p.last_digest_at <= now() - make_interval(hours =>
        CASE coalesce(p.digest, ${DEFAULT_PREFERENCES.digest}) WHEN 'hourly' THEN ${PERIOD_HOURS.hourly}::int ELSE ${PERIOD_HOURS.daily}::int END))`.execute(
    db,
  );
  let queued = 0;
  for (const d of due.rows) {
    if (await queueDigest(db, d)) queued += 1;
  }
  if (queued > 0) wakeSenders();
  return queued;
}

async function queueDigest(db: Kysely<DB>, d: Due): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The preferences row is the digest's lock: one worker per person at a time.
    await trx
      .insertInto('alert_preferences')
      .values({
        workspace_id: d.workspace_id,
        user_id: d.user_id,
        kinds: DEFAULT_PREFERENCES.kinds,
        inbox: DEFAULT_PREFERENCES.inbox,
        digest: DEFAULT_PREFERENCES.digest,
        throttle_hours: DEFAULT_PREFERENCES.throttleHours,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const lock = await sql<{ last_digest_at: Date | null }>`
      SELECT last_digest_at FROM alert_preferences WHERE workspace_id = ${d.workspace_id} AND user_id = ${d.user_id}
      FOR UPDATE SKIP LOCKED`.execute(trx);
    if (lock.rows.length === 0) return false;
    const alerts = await sql<{ id: string; title: string; reason: string; link: string; created_at: Date }>`
      UPDATE sales_alerts s SET digested_at = now()
      FROM (SELECT id FROM sales_alerts WHERE workspace_id = ${d.workspace_id} AND owner_id = ${d.user_id}
        AND digested_at IS NULL ORDER BY created_at DESC LIMIT ${MAX_ALERTS}) pick
      WHERE s.workspace_id = ${d.workspace_id} AND s.id = pick.id
      RETURNING s.id, s.title, s.reason, s.link, s.created_at`.execute(trx);
    if (alerts.rows.length === 0) return false;
    const rows = alerts.rows.sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
    const n = rows.length;
    const subject = `${n} sales alert${n === 1 ? '' : 's'}: ${rows[0]?.title ?? ''}${n > 1 ? ' and more' : ''}`;
    const items = rows
      .map(
        (a) =>
          `<li><p><strong>${html(a.title)}</strong><br>${html(a.reason)}<br><a href="${html(a.link)}">Open the dossier</a></p></li>`,
      )
      .join('');
    const text = rows.map((a) => `${plain(a.title)}\n${plain(a.reason)}\n${a.link}`).join('\n\n');
    const batchId = randomUUID();
    const sendKey = `alert-digest:${d.user_id}:${rows[0]?.id ?? batchId}`;
    await trx
      .insertInto('email_batches')
      .values({
        workspace_id: d.workspace_id,
        id: batchId,
        name: `Alert digest (${d.digest})`,
        kind: 'test',
        topic: null,
        send_key: sendKey,
        content: JSON.stringify({
          subject: plain(subject).slice(0, 300),
          preheader: `Your ${d.digest} sales alerts`,
          html: `<html><body><h1>Your sales alerts</h1><ul>${items}</ul><p>Change what you are told about under Alerts in openabm.</p></body></html>`,
          text: `Your sales alerts\n\n${text}\n`,
        }),
        audience: JSON.stringify({ renderAs: d.user_id, alertDigest: { userId: d.user_id, alerts: n } }),
        created_by: 'alerts',
      })
      .execute();
    await trx
      .insertInto('email_sends')
      .values({
        workspace_id: d.workspace_id,
        batch_id: batchId,
        send_key: sendKey,
        recipient_hash: recipientHash(d.email),
        email: d.email.toLowerCase(),
        contact_id: null,
        account_id: null,
        kind: 'test',
        topic: null,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'send_key', 'recipient_hash']).doNothing())
      .execute();
    await trx
      .updateTable('alert_preferences')
      .set({ last_digest_at: new Date() })
      .where('workspace_id', '=', d.workspace_id)
      .where('user_id', '=', d.user_id)
      .execute();
    return true;
  });
}
