import type { ColumnType, Generated } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** A segment (migration 0830): dynamic with a rule tree, or static with members added by hand. */
export interface SegmentsTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  kind: 'account' | 'contact';
  type: 'dynamic' | 'static';
  rule: ColumnType<JsonValue | null, JsonValue | string | null, JsonValue | string | null>;
  source_view_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  rebuilt_at: Date | null;
  /** Set for rules that read "this week": the next week boundary, when the segment is rebuilt. */
  next_rebuild_at: Date | null;
}

/** One stint of a member in a segment; `exited_at` null while the member is in. */
export interface SegmentMembershipsTable {
  workspace_id: string;
  segment_id: string;
  member_id: string;
  entered_at: Date;
  exited_at: Date | null;
  entry_reason: string;
  exit_reason: string | null;
}

/** The next time a time-window condition can change for a member (or non-member) of a segment. */
export interface SegmentDueTable {
  workspace_id: string;
  segment_id: string;
  member_id: string;
  due_at: Date;
}

/** A person's account as segments last saw it (to re-evaluate the account a person leaves). */
export interface SegmentPersonAccountsTable {
  workspace_id: string;
  contact_id: string;
  account_id: string;
}

/** Tables of the segments module. */
export interface SegmentsTables {
  segments: SegmentsTable;
  segment_memberships: SegmentMembershipsTable;
  segment_due: SegmentDueTable;
  segment_person_accounts: SegmentPersonAccountsTable;
}

declare module '../db/schema.ts' {
  interface DB extends SegmentsTables {}
}
