import { type Kysely, sql } from 'kysely';
import { consumeAlertSignals } from '../alerts/consume-alert-signals.ts';
import { raiseAlerts } from '../alerts/raise-alerts.ts';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { routeAccounts } from '../routing/route-accounts.ts';
import { RuleInputSchema } from '../routing/routing-rule.ts';
import { saveRule } from '../routing/rule-store.ts';
import { DEMO_USERS } from './demo-users.ts';

/** Activities the demo's alerts are raised from (the latest ones, read as the alert worker would). */
const RECENT_ACTIVITIES = 1500;

/**
 * Owner routing and sales alerts in the demo world: a territory rule per seller (their countries), a
 * Tier 1 round robin over the sellers with a capacity, and a fallback to the first seller; the
 * accounts the world left unowned are routed by them (each with its decision). Then alerts as the
 * alert worker raises them — from the latest activities (hand-raisers, key personas, surges) and
 * the target accounts now at MQA — so every seller's inbox, alert list and digest have something.
 */
export async function createDemoRoutingAndAlerts(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<{ rules: number; routed: number; alerts: number }> {
  const ctx = systemContext(workspaceId, 'demo');
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email, u.id]),
  );
  const sellers = DEMO_USERS.filter((u) => u.role === 'sales').flatMap((u) => {
    const id = users.get(u.email);
    return id ? [{ ...u, id }] : [];
  });
  const first = sellers[0];
  if (!first) return { rules: 0, routed: 0, alerts: 0 };
  const rules = [
    {
      name: 'Tier 1 named-account pool',
      priority: 5,
      match: { tiers: [1], targetOnly: true },
      assign: { type: 'round_robin', ownerIds: sellers.map((s) => s.id), maxAccountsPerOwner: 400 },
    },
    ...sellers.map((s, i) => ({
      name: `Territory ${s.territory.join(', ')} (${s.name})`,
      priority: 10 + i,
      match: { countries: s.territory },
      assign: { type: 'owner', ownerId: s.id },
    })),
    { name: 'Everything else', priority: 1000, assign: { type: 'owner', ownerId: first.id } },
  ];
  for (const rule of rules) await saveRule(db, ctx, null, RuleInputSchema.parse(rule));
  const routed = await routeAccounts(db, workspaceId, 'unowned', 'reroute');

  // Read the latest activities as the alert worker would, and start the outbox cursor at its end.
  await sql`
    INSERT INTO alert_cursors (workspace_id, source, position)
    SELECT ${workspaceId}::uuid, 'activities', coalesce(max(id), 0) - ${RECENT_ACTIVITIES} FROM activities WHERE workspace_id = ${workspaceId}
    UNION ALL
    SELECT ${workspaceId}::uuid, 'signal_events', coalesce(max(id), 0) FROM signal_events WHERE workspace_id = ${workspaceId}
    ON CONFLICT (workspace_id, source) DO UPDATE SET position = excluded.position`.execute(db);
  const fromActivities = await consumeAlertSignals(db, workspaceId, { settleMs: 0 });
  const mqa = await db
    .selectFrom('accounts as a')
    .innerJoin('account_stages as s', (j) =>
      j.onRef('s.workspace_id', '=', 'a.workspace_id').onRef('s.account_id', '=', 'a.id'),
    )
    .select('a.id')
    .where('a.workspace_id', '=', workspaceId)
    .where('a.is_target', '=', true)
    .where('a.owner_id', 'is not', null)
    .where('s.stage', '=', 'mqa')
    .limit(12)
    .execute();
  const fromStages = await db.transaction().execute((trx) =>
    raiseAlerts(
      trx,
      workspaceId,
      mqa.map((a) => ({
        kind: 'mqa' as const,
        accountId: a.id,
        contactId: null,
        title: 'Reached MQA',
        reason: 'The account moved to MQA: a fit grade of A or B and engagement by two or more people.',
        source: 'demo',
      })),
    ),
  );
  return { rules: rules.length, routed: routed.routed, alerts: fromActivities.alerts + fromStages };
}
