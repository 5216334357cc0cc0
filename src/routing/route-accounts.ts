import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadRules } from './load-rules.ts';
import { pickOwner, type RoundRobinState } from './pick-owner.ts';
import { routeContacts } from './route-contacts.ts';
import { checkRule, type RoutableAccount, type RoutingRule, ruleKind } from './routing-rule.ts';

const BATCH = 5000;

export interface RouteResult {
  /** Accounts that got an owner. */
  routed: number;
  /** Unowned accounts no rule took. */
  unmatched: number;
  /** Contacts that got their account's owner. */
  contacts: number;
}

export type RouteTrigger = 'write' | 'reroute';

/**
 * Give unowned accounts an owner by the workspace's routing rules, tried in priority order; the
 * first rule whose conditions all hold and that has an owner under capacity wins. An account that
 * already has an owner is never changed (so routing again does nothing), and each assignment is a
 * `routing_decisions` row naming the rule and why. The account's unowned contacts then get the same
 * owner (lead-to-account). Called by the write path for the accounts written (`afterAccountsWritten`;
 * inside the writer's transaction) and on demand for every unowned account ('unowned').
 * A workspace without active rules costs one query.
 */
export async function routeAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  scope: { accountIds: readonly string[] } | 'unowned',
  trigger: RouteTrigger,
): Promise<RouteResult> {
  const total: RouteResult = { routed: 0, unmatched: 0, contacts: 0 };
  if (scope !== 'unowned' && scope.accountIds.length === 0) return total;
  const rules = await loadRules(db, workspaceId);
  if (rules.length === 0) return total;
  const add = (r: RouteResult) => {
    total.routed += r.routed;
    total.unmatched += r.unmatched;
    total.contacts += r.contacts;
  };
  if (scope !== 'unowned') {
    for (let i = 0; i < scope.accountIds.length; i += BATCH) {
      const ids = scope.accountIds.slice(i, i + BATCH);
      add(await inTransaction(db, (trx) => routeBatch(trx, workspaceId, rules, { ids }, trigger)));
    }
    return total;
  }
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await inTransaction(db, (trx) => routeBatch(trx, workspaceId, rules, { after }, trigger));
    add(batch.result);
    if (batch.last === null) return total;
    after = batch.last;
  }
}

function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

interface AccountRow {
  id: string;
  country: string | null;
  region: string | null;
  region_code: string | null;
  tier: number | null;
  domain: string | null;
  is_target: boolean;
}

async function routeBatch(
  db: Kysely<DB>,
  ws: string,
  rules: RoutingRule[],
  scope: { ids: readonly string[] },
  trigger: RouteTrigger,
): Promise<RouteResult>;
async function routeBatch(
  db: Kysely<DB>,
  ws: string,
  rules: RoutingRule[],
  scope: { after: string },
  trigger: RouteTrigger,
): Promise<{ result: RouteResult; last: string | null }>;
async function routeBatch(
  db: Kysely<DB>,
  ws: string,
  rules: RoutingRule[],
  scope: { ids: readonly string[] } | { after: string },
  trigger: RouteTrigger,
): Promise<RouteResult | { result: RouteResult; last: string | null }> {
  const accounts = await sql<AccountRow>`
    SELECT id, country, region, region_code, tier, domain, is_target FROM accounts
    WHERE workspace_id = ${ws} AND owner_id IS NULL
      ${'ids' in scope ? sql`AND id = ANY(${[...scope.ids]}::uuid[])` : sql`AND id > ${scope.after}::uuid`}
    ORDER BY id LIMIT ${BATCH}`.execute(db);
  const result = await assign(db, ws, rules, accounts.rows, trigger);
  if ('ids' in scope) return result;
  return { result, last: accounts.rows.length < BATCH ? null : (accounts.rows.at(-1)?.id ?? null) };
}

async function assign(
  db: Kysely<DB>,
  ws: string,
  rules: RoutingRule[],
  rows: AccountRow[],
  trigger: RouteTrigger,
): Promise<RouteResult> {
  if (rows.length === 0) return { routed: 0, unmatched: 0, contacts: 0 };
  const states = new Map<string, RoundRobinState>();
  const ids: string[] = [];
  const owners: string[] = [];
  const ruleIds: string[] = [];
  const ruleNames: string[] = [];
  const reasons: string[] = [];
  let unmatched = 0;
  for (const row of rows) {
    const account: RoutableAccount = {
      id: row.id,
      country: row.country,
      region: row.region,
      regionCode: row.region_code,
      tier: row.tier,
      domain: row.domain,
      isTarget: row.is_target,
    };
    let picked = false;
    const full: string[] = [];
    for (const rule of rules) {
      const checks = checkRule(rule.match, account);
      if (!checks.every((c) => c.passed)) continue;
      let state = states.get(rule.id);
      if (rule.assign.type === 'round_robin' && !state) {
        state = await roundRobinState(db, ws, rule.id, rule.assign.ownerIds);
        states.set(rule.id, state);
      }
      const pick = pickOwner(rule, state);
      if (!pick) {
        full.push(`"${rule.name}" had every owner at capacity`);
        continue;
      }
      ids.push(row.id);
      owners.push(pick.ownerId);
      ruleIds.push(rule.id);
      ruleNames.push(rule.name);
      const skipped = full.length > 0 ? ` (${full.join('; ')})` : '';
      reasons.push(
        `${ruleKind(rule)} rule "${rule.name}" (priority ${rule.priority}): ${checks.map((c) => c.detail).join('; ')}; ${pick.why}${skipped}`,
      );
      picked = true;
      break;
    }
    if (!picked) unmatched += 1;
  }
  for (const [ruleId, state] of states) {
    await sql`UPDATE routing_rules SET rr_position = ${state.position}
      WHERE workspace_id = ${ws} AND id = ${ruleId}`.execute(db);
  }
  if (ids.length === 0) return { routed: 0, unmatched, contacts: 0 };
  const written = await sql<{ id: string }>`
    WITH v AS (
      SELECT * FROM unnest(${ids}::uuid[], ${owners}::uuid[], ${ruleIds}::uuid[], ${ruleNames}::text[], ${reasons}::text[])
        AS v(id, owner_id, rule_id, rule_name, reason)
    ), updated AS (
      UPDATE accounts a SET owner_id = v.owner_id, updated_at = now()
      FROM v WHERE a.workspace_id = ${ws} AND a.id = v.id AND a.owner_id IS NULL
      RETURNING a.id
    )
    INSERT INTO routing_decisions (workspace_id, account_id, rule_id, rule_name, previous_owner_id, owner_id, reason, trigger)
    SELECT ${ws}, v.id, v.rule_id, v.rule_name, NULL, v.owner_id, v.reason, ${trigger}
    FROM v JOIN updated u ON u.id = v.id
    RETURNING account_id AS id`.execute(db);
  const routedIds = written.rows.map((r) => r.id);
  const contacts = await routeContacts(db, ws, { accountIds: routedIds }, trigger, { enabled: true });
  return { routed: routedIds.length, unmatched, contacts };
}

/**
 * The accounts each owner of a round-robin rule has now, the rule's row locked for the rest of the
 * transaction: two writers routing at once take turns, so neither overfills an owner.
 */
async function roundRobinState(
  db: Kysely<DB>,
  ws: string,
  ruleId: string,
  ownerIds: readonly string[],
): Promise<RoundRobinState> {
  const rule = await sql<{ rr_position: number }>`
    SELECT rr_position FROM routing_rules WHERE workspace_id = ${ws} AND id = ${ruleId} FOR UPDATE`.execute(
    db,
  );
  const counts = await sql<{ owner_id: string; n: number }>`
    SELECT owner_id, count(*)::int AS n FROM accounts
    WHERE workspace_id = ${ws} AND owner_id = ANY(${[...ownerIds]}::uuid[]) GROUP BY owner_id`.execute(db);
  return {
    counts: new Map(counts.rows.map((r) => [r.owner_id, r.n])),
    position: (rule.rows[0]?.rr_position ?? 0) % Math.max(ownerIds.length, 1),
  };
}
