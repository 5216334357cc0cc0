import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { openSecret } from '../email/secret-box.ts';
import { slackMessage } from './slack-message.ts';

export interface DeliverOptions {
  /** Only this workspace's deliveries (tests, CLI); default all. */
  workspaceId?: string;
  /** Deliveries claimed per call (default 50). */
  limit?: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Wait before attempt n+1 after n failed (default 30 s × 4ⁿ⁻¹, at most 6 h). */
  backoffMs?: (attempts: number) => number;
  /** Attempts before a delivery is given up as failed (default 6). */
  maxAttempts?: number;
}

export interface DeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/** How long a claimed delivery is held before another worker may try it (a worker that died). */
const LEASE = sql`interval '2 minutes'`;

const defaultBackoff = (attempts: number) => Math.min(30_000 * 4 ** (attempts - 1), 6 * 3_600_000);

interface Claimed {
  workspace_id: string;
  id: string;
  attempts: number;
  url_sealed: string;
  kind: string;
  title: string;
  reason: string;
  link: string;
  created_at: Date;
  account_name: string;
  owner_name: string | null;
}

/**
 * Post due alert deliveries to their Slack-compatible webhooks (Block Kit JSON). Claimed with FOR
 * UPDATE SKIP LOCKED under a lease (attempts counted at the claim), so workers share the queue and a
 * worker that dies leaves its claims to be tried again after the lease — a post may then arrive twice,
 * never zero times. A 2xx is delivered; 408, 429, 5xx and network errors are retried with back-off; any
 * other 4xx (a revoked or wrong URL) and the last attempt are `failed` with the reason, listed by
 * `GET /alerts/deliveries?status=failed` and retried by hand — never dropped silently.
 */
export async function deliverWebhooks(db: Kysely<DB>, options: DeliverOptions = {}): Promise<DeliverResult> {
  const result: DeliverResult = { delivered: 0, retrying: 0, failed: 0 };
  const backoff = options.backoffMs ?? defaultBackoff;
  const maxAttempts = options.maxAttempts ?? 6;
  const claimed = await sql<Claimed>`
    WITH due AS (
      SELECT workspace_id, id FROM alert_deliveries
      WHERE status = 'pending' AND next_at <= now()
        ${options.workspaceId ? sql`AND workspace_id = ${options.workspaceId}` : sql``}
      ORDER BY next_at LIMIT ${options.limit ?? 50}
      FOR UPDATE SKIP LOCKED
    ), taken AS (
      UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_at = now() + ${LEASE}
      FROM due WHERE d.workspace_id = due.workspace_id AND d.id = due.id
      RETURNING d.workspace_id, d.id, d.attempts, d.alert_id, d.webhook_id
    )
    SELECT t.workspace_id, t.id::text AS id, t.attempts, w.url_sealed, s.kind, s.title, s.reason, s.link,
      s.created_at, a.name AS account_name, coalesce(u.name, u.email) AS owner_name
    FROM taken t
    JOIN alert_webhooks w ON w.workspace_id = t.workspace_id AND w.id = t.webhook_id
    JOIN sales_alerts s ON s.workspace_id = t.workspace_id AND s.id = t.alert_id
    JOIN accounts a ON a.workspace_id = s.workspace_id AND a.id = s.account_id
    LEFT JOIN users u ON u.id = s.owner_id`.execute(db);
  for (const d of claimed.rows) {
    const outcome = await post(d, options.timeoutMs ?? 10_000);
    if (outcome.ok) {
      result.delivered += 1;
      await sql`UPDATE alert_deliveries SET status = 'delivered', delivered_at = now(), last_error = NULL
        WHERE workspace_id = ${d.workspace_id} AND id = ${d.id}`.execute(db);
      continue;
    }
    const give = !outcome.retry || d.attempts >= maxAttempts;
    if (give) result.failed += 1;
    else result.retrying += 1;
    const next = new Date(Date.now() + backoff(d.attempts));
    await sql`UPDATE alert_deliveries SET status = ${give ? 'failed' : 'pending'}, last_error = ${outcome.error},
        next_at = ${next}
      WHERE workspace_id = ${d.workspace_id} AND id = ${d.id}`.execute(db);
  }
  return result;
}

async function post(
  d: Claimed,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; retry: boolean; error: string }> {
  let url: string;
  try {
    url = openSecret(d.url_sealed);
  } catch (error) {
    return { ok: false, retry: false, error: `the webhook URL cannot be opened: ${String(error)}` };
  }
  const body = slackMessage({
    kind: d.kind,
    title: d.title,
    reason: d.reason,
    link: d.link,
    accountName: d.account_name,
    ownerName: d.owner_name,
    at: d.created_at,
  });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `alert-delivery:${d.id}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.ok) return { ok: true };
    const retry = res.status === 408 || res.status === 429 || res.status >= 500;
    return { ok: false, retry, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
  } catch (error) {
    return { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
  }
}
