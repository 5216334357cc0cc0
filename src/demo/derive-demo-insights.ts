import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type IcpCriterion, resolveCriteria } from '../fit/icp-criteria.ts';
import { saveIcpProfile } from '../fit/icp-profile.ts';
import { scoreAccounts } from '../fit/score-accounts.ts';
import { trainAccountModel } from '../fit/train-account-model.ts';
import { reassignAllPersonas } from '../personas/assign-personas.ts';
import { recomputeWorkspace } from '../signals/recompute-workspace.ts';
import { loadDemoContent } from './demo-content.ts';
import { createDemoPlays } from './demo-plays.ts';
import { createDemoRoutingAndAlerts } from './demo-routing-alerts.ts';
import { createDemoSegments } from './demo-segments.ts';
import { DEMO_USERS } from './demo-users.ts';
import { prepareDemoReports } from './prepare-demo-reports.ts';

/**
 * The ICP a marketing team might write for the demo market from experience: close to, but not the
 * same as, the hidden win drivers, so the learned model has something to beat.
 */
const DEMO_ICP: IcpCriterion[] = [
  {
    label: 'Software, finance or manufacturing',
    weight: 30,
    field: 'industry',
    op: 'in',
    values: ['Software', 'Financial Services', 'Manufacturing'],
  },
  { label: '100–10,000 employees', weight: 30, field: 'employeeCount', op: 'between', min: 100, max: 10_000 },
  {
    label: 'Northern Europe',
    weight: 20,
    field: 'country',
    op: 'in',
    values: ['DK', 'SE', 'NO', 'FI', 'IS', 'DE', 'EE'],
  },
  {
    label: 'Runs a CRM',
    weight: 20,
    field: 'technologies',
    op: 'includesAny',
    values: ['Salesforce', 'HubSpot'],
  },
];

export interface DemoInsights {
  personas: number;
  modelVersion: number | null;
  modelNote: string | null;
}

/**
 * Derive what a real workspace would have computed by now from the loaded demo world: personas from
 * titles, the ICP rule score, a fit model trained on won/lost history, engagement scores and journey
 * stages; then refresh the planner's statistics.
 */
export async function deriveDemoInsights(db: Kysely<DB>, workspaceId: string): Promise<DemoInsights> {
  const personas = await reassignAllPersonas(db, workspaceId);
  await saveIcpProfile(db, workspaceId, { name: 'Demo ICP', criteria: resolveCriteria(DEMO_ICP) }, null);
  await scoreAccounts(db, workspaceId);
  let modelVersion: number | null = null;
  let modelNote: string | null = null;
  try {
    modelVersion = (await trainAccountModel(db, workspaceId, {}, null)).version;
  } catch (error) {
    modelNote = error instanceof Error ? error.message : String(error);
  }
  await recomputeWorkspace(db, workspaceId, { topics: true });
  await createDemoSegments(db, workspaceId);
  const marketer = DEMO_USERS.find((u) => u.role === 'marketer');
  const owner = marketer
    ? await db.selectFrom('users').select('id').where('email', '=', marketer.email).executeTakeFirst()
    : undefined;
  await loadDemoContent(db, workspaceId, owner?.id ?? null);
  await createDemoRoutingAndAlerts(db, workspaceId);
  await sql`ANALYZE`.execute(db);
  await createDemoPlays(db, workspaceId, { seed: await demoSeed(db, workspaceId) });
  await prepareDemoReports(db, workspaceId);
  return { personas, modelVersion, modelNote };
}

/** The seed the demo world was generated with (workspace settings), for the plays' control group. */
async function demoSeed(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const row = await sql<{ seed: string | null }>`
    SELECT settings->'demo'->>'seed' AS seed FROM workspaces WHERE id = ${workspaceId}`.execute(db);
  const seed = Number(row.rows[0]?.seed ?? 42);
  return Number.isInteger(seed) ? seed : 42;
}
