import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Monthly demo spend per channel (EUR), with the campaigns the demo's activities carry. */
const DEMO_SPEND: { channel: string; campaign: string | null; event: string | null; perMonth: number }[] = [
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
];

/**
 * Demo costs: one cost per channel and calendar month for the three months up to `asOf` (the
 * demo's activity window), so the ROI report has spend to set against attributed pipeline.
 */
export async function insertDemoCosts(db: Kysely<DB>, workspaceId: string, asOf: Date): Promise<number> {
  const months = [2, 1, 0].map(
    (back) => new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - back, 1)),
  );
  const rows = months.flatMap((start) => {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    return DEMO_SPEND.map((s) => ({
      workspace_id: workspaceId,
      starts_on: start.toISOString().slice(0, 10),
      ends_on: end.toISOString().slice(0, 10),
      channel: s.channel,
      campaign: s.campaign,
      event: s.event,
      amount: s.perMonth,
      currency: 'EUR',
      source: 'demo',
      updated_at: sql<Date>`now()`,
    }));
  });
  await db.insertInto('marketing_costs').values(rows).execute();
  return rows.length;
}
