import { type SqlBool, sql } from 'kysely';
import type { ListField } from './list-fields.ts';

/**
 * `segment=<id>` (or `segment.in=<id>,<id>`) on the account and contact lists: records that are
 * current members of the segment (src/segments). An EXISTS probe of the current-member key
 * (workspace_id, segment_id, member_id) per listed record; combines with every other filter and sort.
 */
export const SEGMENT_LIST_FIELD: ListField = {
  column: 'segment_id',
  type: 'uuid',
  sortable: false,
  nullable: false,
  join: { table: 'segment_memberships', key: 'member_id' },
  operators: ['eq', 'in'],
  rewrite: (_op, values) => (row) =>
    sql<SqlBool>`${sql.ref(`${row}.segment_id`)} = ANY (${values.map(String)}::uuid[])
      AND ${sql.ref(`${row}.exited_at`)} IS NULL`,
};
