import { type SqlBool, sql } from 'kysely';
import { ACCOUNT_LIST_FIELDS } from '../accounts/account-list-fields.ts';
import type { ListField } from '../accounts/list-fields.ts';
import { CONTACT_LIST_FIELDS } from '../contacts/contact-list-fields.ts';

/**
 * `segment=<id>` (or `segment.in=<id>,<id>`) on the account and contact lists: records that are
 * current members. An EXISTS probe of the current-member key per listed record; combines with
 * every other filter and sort of the list engine.
 */
const SEGMENT_FILTER: ListField = {
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

/** Add the segment filter to the account and contact lists (before their routes are registered). */
export function registerSegmentListFilter(): void {
  ACCOUNT_LIST_FIELDS.segment = SEGMENT_FILTER;
  CONTACT_LIST_FIELDS.segment = SEGMENT_FILTER;
}
