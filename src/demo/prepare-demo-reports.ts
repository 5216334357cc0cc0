import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { recomputeAttribution } from '../reports/recompute-attribution.ts';
import { ensurePeriodFacts } from '../reports/refresh-period-facts.ts';
import { resolveReportPeriod } from '../reports/resolve-report-period.ts';
import { DEFAULT_PLANTED_LIFT, quartersBack } from './planted-lift.ts';

/**
 * Compute what the reports read for every quarter of the demo's history up to now — the per-account
 * period facts and the attribution touches — so the first visit to a report is a read, not a build.
 * Returns the quarters prepared, oldest first.
 */
export async function prepareDemoReports(
  db: Kysely<DB>,
  workspaceId: string,
  options: { now?: Date; quarters?: number } = {},
): Promise<string[]> {
  const quarters = quartersBack(
    options.now ?? new Date(),
    options.quarters ?? DEFAULT_PLANTED_LIFT.historyQuarters,
  );
  for (const quarter of quarters) {
    const resolved = await resolveReportPeriod(db, workspaceId, quarter.key);
    await ensurePeriodFacts(db, workspaceId, resolved, { force: true });
    await recomputeAttribution(db, workspaceId, resolved);
  }
  return quarters.map((q) => q.key);
}
