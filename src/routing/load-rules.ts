import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type RoutingRule, RuleAssignSchema, RuleMatchSchema } from './routing-rule.ts';

/**
 * A workspace's routing rules in the order they are tried (priority, then age). Stored JSON is
 * parsed again; owners who are no longer members of the workspace are left out of the assignment,
 * and a rule left with nobody to assign to is skipped.
 */
export async function loadRules(
  db: Kysely<DB>,
  workspaceId: string,
  options: { activeOnly?: boolean } = {},
): Promise<RoutingRule[]> {
  let query = db
    .selectFrom('routing_rules')
    .select(['id', 'name', 'priority', 'active', 'match', 'assign'])
    .where('workspace_id', '=', workspaceId);
  if (options.activeOnly ?? true) query = query.where('active', '=', true);
  const rows = await query.orderBy('priority').orderBy('created_at').orderBy('id').execute();
  if (rows.length === 0) return [];
  const members = new Set(
    (
      await db
        .selectFrom('workspace_members')
        .select('user_id')
        .where('workspace_id', '=', workspaceId)
        .execute()
    ).map((m) => m.user_id),
  );
  return rows.flatMap((r) => {
    const match = RuleMatchSchema.safeParse(r.match);
    const assign = RuleAssignSchema.safeParse(r.assign);
    if (!match.success || !assign.success) return [];
    const a = assign.data;
    const kept =
      a.type === 'owner'
        ? members.has(a.ownerId)
          ? a
          : null
        : { ...a, ownerIds: a.ownerIds.filter((id) => members.has(id)) };
    if (!kept || (kept.type === 'round_robin' && kept.ownerIds.length === 0)) return [];
    return [
      { id: r.id, name: r.name, priority: r.priority, active: r.active, match: match.data, assign: kept },
    ];
  });
}
