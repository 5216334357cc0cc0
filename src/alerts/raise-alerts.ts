import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadEmailSettings } from '../email/email-settings.ts';
import { type AlertKind, loadPreferences } from './alert-preferences.ts';

/** Something an owner may be told about, before throttling. */
export interface AlertCandidate {
  kind: AlertKind;
  accountId: string;
  contactId: string | null;
  /** What happened, e.g. "Reached MQA". */
  title: string;
  /** Why, in words: the signal with its figures. */
  reason: string;
  /** `signal_events:<id>` or `activities:<id>`. */
  source: string;
}

/** The link to an account's dossier in the web app. */
export function dossierLink(publicUrl: string, accountId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/accounts/${accountId}`;
}

/**
 * Turn candidates into alerts: for the account's owner (a target account for MQA), when the owner
 * wants that kind, at most once per (owner, account, kind) in the owner's throttle window (an
 * upsert on alert_throttle that only moves an expired mark, so concurrent consumers cannot both
 * pass). Each alert is a `sales_alerts` row with its reason and dossier link, an inbox item
 * (`owner_tasks`: an alert, or a task due in a day for a hand-raiser; hand-raisers at unowned accounts
 * go to the shared inbox), and a pending delivery per matching webhook (the owner's, the team's).
 * Runs in the consumer's transaction. Returns the alerts raised.
 */
export async function raiseAlerts(
  db: Kysely<DB>,
  workspaceId: string,
  candidates: readonly AlertCandidate[],
): Promise<number> {
  if (candidates.length === 0) return 0;
  const accountIds = [...new Set(candidates.map((c) => c.accountId))];
  const accounts = new Map(
    (
      await db
        .selectFrom('accounts')
        .select(['id', 'name', 'owner_id', 'is_target'])
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', accountIds)
        .execute()
    ).map((a) => [a.id, a]),
  );
  const owners = [...new Set([...accounts.values()].flatMap((a) => (a.owner_id ? [a.owner_id] : [])))];
  const prefs = await loadPreferences(db, workspaceId, owners);
  const webhooks = await db
    .selectFrom('alert_webhooks')
    .select(['id', 'user_id', 'kinds'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const { publicUrl } = await loadEmailSettings(db, workspaceId);
  const seen = new Set<string>();
  let raised = 0;
  for (const c of candidates) {
    const account = accounts.get(c.accountId);
    if (!account) continue;
    if (c.kind === 'mqa' && !account.is_target) continue;
    const owner = account.owner_id;
    const key = `${owner}:${c.accountId}:${c.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const link = dossierLink(publicUrl, c.accountId);
    const title = `${c.title}: ${account.name}`;
    if (!owner) {
      if (c.kind === 'hand_raiser') await inboxItem(db, workspaceId, c, null, title, link);
      continue;
    }
    const pref = prefs.get(owner);
    if (!pref?.kinds.includes(c.kind)) continue;
    const pass = await sql<{ ok: number }>`
      INSERT INTO alert_throttle (workspace_id, owner_id, account_id, kind, last_at)
      VALUES (${workspaceId}, ${owner}, ${c.accountId}, ${c.kind}, now())
      ON CONFLICT (workspace_id, owner_id, account_id, kind) DO UPDATE SET last_at = excluded.last_at
      WHERE alert_throttle.last_at <= now() - make_interval(hours => ${pref.throttleHours}::int)
      RETURNING 1 AS ok`.execute(db);
    if (pass.rows.length === 0) continue;
    const taskId =
      pref.inbox || c.kind === 'hand_raiser' ? await inboxItem(db, workspaceId, c, owner, title, link) : null;
    const alert = await db
      .insertInto('sales_alerts')
      .values({
        workspace_id: workspaceId,
        kind: c.kind,
        account_id: c.accountId,
        owner_id: owner,
        contact_id: c.contactId,
        title,
        reason: c.reason,
        link,
        source: c.source,
        task_id: taskId,
        digested_at: pref.digest === 'off' ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const targets = webhooks.filter(
      (w) => (w.user_id === null || w.user_id === owner) && w.kinds.includes(c.kind),
    );
    if (targets.length > 0) {
      await db
        .insertInto('alert_deliveries')
        .values(targets.map((w) => ({ workspace_id: workspaceId, alert_id: alert.id, webhook_id: w.id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    raised += 1;
  }
  return raised;
}

async function inboxItem(
  db: Kysely<DB>,
  workspaceId: string,
  c: AlertCandidate,
  owner: string | null,
  title: string,
  link: string,
): Promise<string> {
  const task = c.kind === 'hand_raiser';
  const row = await db
    .insertInto('owner_tasks')
    .values({
      workspace_id: workspaceId,
      account_id: c.accountId,
      owner_id: owner,
      kind: task ? 'task' : 'alert',
      title: task ? `Follow up: ${title}` : title,
      body: `${c.reason}\n${link}`,
      reason: `Sales alert (${c.kind.replace('_', ' ')}): ${c.reason}`,
      due_at: task ? new Date(Date.now() + 86_400_000) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
