import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { decodeCursor, encodeCursor } from '../records/list-cursor.ts';
import { type ActivityOut, toActivityOut } from './activity-output.ts';

export const ActivityListQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  type: z.string().max(100).optional(),
  since: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .optional()
    .describe('Only activities at or after this time'),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuerySchema>;

const SORT = '-occurredAt';

/** The workspace's activities newest first (occurredAt, then id), keyset-paginated. */
export async function listActivities(
  db: Kysely<DB>,
  workspaceId: string,
  query: ActivityListQuery,
): Promise<{ data: ActivityOut[]; nextCursor: string | null }> {
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (
    query.cursor !== undefined &&
    (!cursor || cursor.sort !== SORT || !cursor.value || !/^\d{1,19}$/.test(cursor.id))
  ) {
    throw new HttpProblem(400, 'Invalid list query', {
      errors: [{ path: 'query.cursor', message: 'is not a cursor this API returned' }],
    });
  }
  let q = db
    .selectFrom('activities')
    .selectAll()
    .select(sql<string>`occurred_at::text`.as('_cursor_value'))
    .where('workspace_id', '=', workspaceId);
  if (query.accountId) q = q.where('account_id', '=', query.accountId);
  if (query.contactId) q = q.where('contact_id', '=', query.contactId);
  if (query.type) q = q.where('type', '=', query.type);
  if (query.since) q = q.where('occurred_at', '>=', query.since);
  if (cursor?.value) {
    q = q.where(sql<boolean>`(occurred_at, id) < (${cursor.value}::timestamptz, ${cursor.id}::bigint)`);
  }
  const rows = await q
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    data: page.map(toActivityOut),
    nextCursor:
      more && last ? encodeCursor({ sort: SORT, value: last._cursor_value, id: String(last.id) }) : null,
  };
}
