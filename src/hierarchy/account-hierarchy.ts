import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ultimateParentOf } from './ultimate-parent.ts';

export interface HierarchyStats {
  contacts: number;
  opportunities: number;
  openOpportunities: number;
  openPipeline: number;
  wonAmount: number;
}

export interface HierarchyNode {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  /** This account alone. */
  own: HierarchyStats;
  /** This account and every account below it. */
  rollup: HierarchyStats;
  children: HierarchyNode[];
}

export interface AccountHierarchy {
  accountId: string;
  ultimateParentId: string;
  /** From the account up to the ultimate parent. */
  ancestors: string[];
  cycle: boolean;
  /** True when the tree was cut at MAX_NODES accounts or MAX_DEPTH levels. */
  truncated: boolean;
  tree: HierarchyNode;
}

const MAX_NODES = 5000;
const MAX_DEPTH = 50;

const zero = (): HierarchyStats => ({
  contacts: 0,
  opportunities: 0,
  openOpportunities: 0,
  openPipeline: 0,
  wonAmount: 0,
});

/**
 * The whole family of an account: the tree under its ultimate parent, each node with its own
 * contacts and opportunities (count, open pipeline, won amount) and the roll-up of its subtree.
 * Cycle-safe (a looping parent chain is cut) and bounded (5,000 accounts, 50 levels).
 */
export async function accountHierarchy(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<AccountHierarchy> {
  const top = await ultimateParentOf(db, workspaceId, accountId);
  if (!top) throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });
  const { rows } = await sql<{ id: string; name: string; parent_id: string | null; depth: number }>`
    WITH RECURSIVE down(id, parent_id, depth, path) AS (
      SELECT id, parent_id, 0, ARRAY[id] FROM accounts WHERE workspace_id = ${workspaceId} AND id = ${top.id}
      UNION ALL
      SELECT a.id, a.parent_id, d.depth + 1, d.path || a.id
      FROM accounts a JOIN down d ON a.workspace_id = ${workspaceId} AND a.parent_id = d.id
      WHERE NOT a.id = ANY(d.path) AND d.depth < ${MAX_DEPTH}
    ), nodes AS (
      SELECT DISTINCT ON (id) id, parent_id, depth FROM down ORDER BY id, depth
    )
    SELECT n.id, a.name, n.parent_id, n.depth
    FROM nodes n JOIN accounts a ON a.workspace_id = ${workspaceId} AND a.id = n.id
    ORDER BY n.depth, a.name, n.id
    LIMIT ${MAX_NODES + 1}`.execute(db);
  const truncated = rows.length > MAX_NODES || rows.some((r) => r.depth >= MAX_DEPTH);
  const kept = rows.slice(0, MAX_NODES);
  const ids = kept.map((r) => r.id);
  const stats = await loadStats(db, workspaceId, ids);

  const nodes = new Map<string, HierarchyNode>();
  for (const r of kept) {
    const own = stats.get(r.id) ?? zero();
    nodes.set(r.id, {
      id: r.id,
      name: r.name,
      parentId: r.parent_id,
      depth: r.depth,
      own,
      rollup: { ...own },
      children: [],
    });
  }
  const root = nodes.get(top.id);
  if (!root) throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });
  for (const r of kept) {
    if (r.id === top.id || !r.parent_id) continue;
    const node = nodes.get(r.id);
    const parent = nodes.get(r.parent_id);
    if (node && parent) parent.children.push(node);
  }
  // Deepest first, so every child's roll-up is complete before it is added to its parent.
  for (const r of [...kept].reverse()) {
    const node = nodes.get(r.id);
    if (!node) continue;
    for (const child of node.children) {
      node.rollup.contacts += child.rollup.contacts;
      node.rollup.opportunities += child.rollup.opportunities;
      node.rollup.openOpportunities += child.rollup.openOpportunities;
      node.rollup.openPipeline += child.rollup.openPipeline;
      node.rollup.wonAmount += child.rollup.wonAmount;
    }
  }
  return {
    accountId,
    ultimateParentId: top.id,
    ancestors: top.path,
    cycle: top.cycle,
    truncated,
    tree: root,
  };
}

async function loadStats(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, HierarchyStats>> {
  const out = new Map<string, HierarchyStats>();
  if (ids.length === 0) return out;
  const contacts = await sql<{ account_id: string; n: number }>`
    SELECT account_id, count(*)::int AS n FROM contacts
    WHERE workspace_id = ${workspaceId} AND account_id = ANY(${ids}::uuid[]) GROUP BY account_id`.execute(db);
  const opps = await sql<{
    account_id: string;
    n: number;
    open_n: number;
    open_amount: number;
    won_amount: number;
  }>`
    SELECT account_id, count(*)::int AS n,
      (count(*) FILTER (WHERE NOT is_closed))::int AS open_n,
      coalesce(sum(amount) FILTER (WHERE NOT is_closed), 0)::float8 AS open_amount,
      coalesce(sum(amount) FILTER (WHERE is_won), 0)::float8 AS won_amount
    FROM opportunities
    WHERE workspace_id = ${workspaceId} AND account_id = ANY(${ids}::uuid[]) GROUP BY account_id`.execute(db);
  const get = (id: string) => {
    let s = out.get(id);
    if (!s) {
      s = zero();
      out.set(id, s);
    }
    return s;
  };
  for (const c of contacts.rows) get(c.account_id).contacts = Number(c.n);
  for (const o of opps.rows) {
    const s = get(o.account_id);
    s.opportunities = Number(o.n);
    s.openOpportunities = Number(o.open_n);
    s.openPipeline = Number(o.open_amount);
    s.wonAmount = Number(o.won_amount);
  }
  return out;
}
