import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { calendarPeriod, listIdOf, periodContains, type ReportPeriod } from './report-period.ts';

/** Where a period's target accounts and tiers come from. */
export type Membership =
  | { source: 'list'; listId: string; listName: string; listPeriod: string }
  | { source: 'accounts' };

export interface ResolvedPeriod {
  period: ReportPeriod;
  membership: Membership;
}

/**
 * Resolve a period key to its bounds and its target accounts: a `list:<id>` key uses that list's
 * members and tiers over the list's planning period; a calendar period uses the activated (active or
 * archived) list whose planning period contains it — the narrowest, then the latest activated — and,
 * when no list covers it, the accounts' current target flag and tier.
 */
export async function resolveReportPeriod(
  db: Kysely<DB>,
  workspaceId: string,
  key: string,
): Promise<ResolvedPeriod> {
  const listId = listIdOf(key);
  if (listId) {
    const list = await db
      .selectFrom('target_lists')
      .select(['id', 'name', 'period'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', listId)
      .executeTakeFirst();
    if (!list) throw new HttpProblem(404, 'Not found', { detail: `No target list ${listId}` });
    const bounds = calendarPeriod(list.period);
    if (!bounds)
      throw new HttpProblem(422, 'Unprocessable content', { detail: `List period ${list.period}` });
    return {
      period: { ...bounds, key: `list:${list.id}`, listId: list.id },
      membership: { source: 'list', listId: list.id, listName: list.name, listPeriod: list.period },
    };
  }
  const bounds = calendarPeriod(key);
  if (!bounds) {
    throw new HttpProblem(400, 'Bad request', {
      errors: [{ path: 'period', message: `not a period: ${key}` }],
    });
  }
  const lists = await db
    .selectFrom('target_lists')
    .select(['id', 'name', 'period', 'activated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', ['active', 'archived'])
    .execute();
  const covering = lists
    .filter((l) => periodContains(l.period, key))
    .map((l) => ({ ...l, span: spanOf(l.period) }))
    .sort((a, b) => a.span - b.span || (b.activated_at?.getTime() ?? 0) - (a.activated_at?.getTime() ?? 0));
  const list = covering[0];
  return {
    period: { ...bounds, key, listId: null },
    membership: list
      ? { source: 'list', listId: list.id, listName: list.name, listPeriod: list.period }
      : { source: 'accounts' },
  };
}

function spanOf(period: string): number {
  const b = calendarPeriod(period);
  return b ? b.end.getTime() - b.start.getTime() : Number.POSITIVE_INFINITY;
}
