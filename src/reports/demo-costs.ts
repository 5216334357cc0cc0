import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Monthly demo spend per channel (EUR), with the campaigns the demo's activities carry. */
const DEMO_SPEND: {
  channel: string;
  campaign: string | null;
  event: string | null;
  play?: string;
  perMonth: number;
}[] = [
  { channel: 'linkedin_ads', campaign: 'q4-nordics-abm', event: null, perMonth: 6000 },
  { channel: 'google_ads', campaign: 'retargeting-pricing', event: null, perMonth: 3500 },
  { channel: 'email', campaign: 'cfo-roi-guide', event: null, perMonth: 800 },
  {
    channel: 'events',
    campaign: 'webinar-abm-2026',
    event: 'ABM in 2026 — what actually works',
    perMonth: 2500,
  },
  { channel: 'sales', campaign: null, event: null, perMonth: 4000 },
  // The demo plays (src/demo/generate-history.ts DEMO_PLAYS): executive briefings and gifts, nurture e-mail.
  {
    channel: 'direct_mail',
    campaign: 'exec-briefing',
    event: null,
    play: 'Tier 1 executive programme',
    perMonth: 3000,
  },
  {
    channel: 'email',
    campaign: 'user-to-approver-nurture',
    event: null,
    play: 'Engaged users to approvers',
    perMonth: 600,
  },
];

/**
 * Demo costs: one cost per channel (and play) and calendar month, from the first month of the
 * quarter `historyQuarters` before `asOf`'s up to `asOf`'s month (the demo's history), varying a
 * little from month to month, so the ROI report has spend to set against attributed pipeline.
 */
export async function insertDemoCosts(
  db: Kysely<DB>,
  workspaceId: string,
  asOf: Date,
  historyQuarters = 0,
): Promise<number> {
  const firstMonth = Math.floor(asOf.getUTCMonth() / 3) * 3 - historyQuarters * 3;
  const count = Math.max(3, asOf.getUTCMonth() - firstMonth + 1);
  const months = Array.from(
    { length: count },
    (_, i) => new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - (count - 1 - i), 1)),
  );
  const rows = months.flatMap((start, m) => {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    return DEMO_SPEND.map((s) => ({
      workspace_id: workspaceId,
      starts_on: start.toISOString().slice(0, 10),
      ends_on: end.toISOString().slice(0, 10),
      channel: s.channel,
      campaign: s.campaign,
      event: s.event,
      play: s.play ?? null,
      amount: Math.round(s.perMonth * (0.85 + 0.1 * (m % 4))),
      currency: 'EUR',
      source: 'demo',
      updated_at: sql<Date>`now()`,
    }));
  });
  await db.insertInto('marketing_costs').values(rows).execute();
  return rows.length;
}
