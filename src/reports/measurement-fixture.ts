import type { Kysely } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { ensureSignalSettings } from '../signals/signal-config.ts';

/**
 * A small hand-computable world for the measurement tests (period 2026-Q1):
 * - A (target, tier 1): contacts c1 (2025-12-01) and c2 (2026-02-01); a LinkedIn ad page view
 *   (01-05), an e-mail click (01-20), a webinar (02-10), an unsubscribe (02-11, no touch) and a meeting
 *   (03-01); opportunity A1 created 02-15, 10 000, won 03-17; stages unaware → engaged (01-21) →
 *   mqa (02-10) → opportunity (02-15) → customer (03-17).
 * - B (target, tier 2): contact b1 (2026-01-15); a page view from Google (03-01); opportunity B1
 *   created 01-10, 5 000, lost 03-10.
 * - C (non-target): opportunity C1 created 2025-11-01, 20 000, won 2026-01-31; no activity.
 * - D (non-target): one anonymous page view (01-15); aware since 2025-12-01.
 */
export async function seedMeasurementWorld(db: Kysely<DB>, ws: string) {
  await ensureSignalSettings(db, ws);
  const account = async (
    name: string,
    isTarget: boolean,
    tier: number | null,
    extra: Partial<{ industry: string; employee_count: number }> = {},
  ) =>
    (
      await db
        .insertInto('accounts')
        .values({ workspace_id: ws, name, is_target: isTarget, tier, ...extra })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const A = await account('Alpha', true, 1);
  const B = await account('Beta', true, 2);
  const C = await account('Gamma', false, null);
  const D = await account('Delta', false, null);
  const contact = async (accountId: string, email: string, created: string) =>
    (
      await db
        .insertInto('contacts')
        .values({ workspace_id: ws, account_id: accountId, email, created_at: created })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const c1 = await contact(A, 'c1@alpha.test', '2025-12-01T00:00:00Z');
  const c2 = await contact(A, 'c2@alpha.test', '2026-02-01T00:00:00Z');
  const b1 = await contact(B, 'b1@beta.test', '2026-01-15T00:00:00Z');
  const activity = (
    accountId: string,
    contactId: string | null,
    type: string,
    at: string,
    properties: JsonObject = {},
  ) => ({
    workspace_id: ws,
    account_id: accountId,
    contact_id: contactId,
    type,
    occurred_at: at,
    properties,
  });
  await db
    .insertInto('activities')
    .values([
      activity(A, c1, 'page_view', '2026-01-05T10:00:00Z', {
        url: 'https://x.example/pricing?utm_source=linkedin',
        utm_source: 'linkedin',
        utm_medium: 'cpc',
        utm_campaign: 'spring',
      }),
      activity(A, c1, 'email_click', '2026-01-20T10:00:00Z', { campaign: 'spring' }),
      activity(A, c2, 'webinar_attended', '2026-02-10T10:00:00Z', { webinar: 'ABM 101' }),
      activity(A, c2, 'unsubscribe', '2026-02-11T10:00:00Z'),
      activity(A, c1, 'meeting', '2026-03-01T10:00:00Z'),
      activity(B, b1, 'page_view', '2026-03-01T12:00:00Z', {
        url: 'https://x.example/blog/abm',
        referrer: 'https://www.google.com/',
      }),
      activity(D, null, 'page_view', '2026-01-15T09:00:00Z', { url: 'https://x.example/' }),
    ])
    .execute();
  const opp = async (
    accountId: string,
    name: string,
    amount: number,
    created: string,
    close: string | null,
    won: boolean,
  ) =>
    (
      await db
        .insertInto('opportunities')
        .values({
          workspace_id: ws,
          account_id: accountId,
          name,
          stage: close ? (won ? 'Closed Won' : 'Closed Lost') : 'Proposal',
          amount,
          created_date: created,
          close_date: close,
          is_closed: close !== null,
          is_won: won,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const A1 = await opp(A, 'A1', 10_000, '2026-02-15', '2026-03-17', true);
  const B1 = await opp(B, 'B1', 5_000, '2026-01-10', '2026-03-10', false);
  const C1 = await opp(C, 'C1', 20_000, '2025-11-01', '2026-01-31', true);
  const move = (accountId: string, from: string, to: string, at: string) => ({
    workspace_id: ws,
    account_id: accountId,
    from_stage: from,
    to_stage: to,
    at,
  });
  await db
    .insertInto('account_stage_history')
    .values([
      move(A, 'unaware', 'engaged', '2026-01-21T00:00:00Z'),
      move(A, 'engaged', 'mqa', '2026-02-10T00:00:00Z'),
      move(A, 'mqa', 'opportunity', '2026-02-15T00:00:00Z'),
      move(A, 'opportunity', 'customer', '2026-03-17T00:00:00Z'),
      move(D, 'unaware', 'aware', '2025-12-01T00:00:00Z'),
    ])
    .execute();
  return { A, B, C, D, c1, c2, b1, A1, B1, C1 };
}
