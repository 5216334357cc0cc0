import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A manual matching decision that every re-run reuses. */
export interface MatchDecisionsTable {
  workspace_id: string;
  /** `contact:<uuid>` or `email:<normalised address>`. */
  lead_key: string;
  decision: 'assign' | 'reject';
  /** The assigned account, or the rejected suggestion (null: rejected without one). */
  account_id: string | null;
  /** Actor label (`user:<id>`, `api_key:<id>`, `system:<label>`). */
  decided_by: string;
  decided_at: Timestamp;
}

/** Per-workspace accounts version, bumped by triggers on accounts and account_domains. */
export interface MatchingVersionsTable {
  workspace_id: string;
  version: ColumnType<number, number | undefined, number>;
  changed_at: Timestamp;
}

/** The matching tables, added to `DB` in src/db/schema.ts. */
export interface MatchingTables {
  match_decisions: MatchDecisionsTable;
  matching_versions: MatchingVersionsTable;
}

declare module '../db/schema.ts' {
  interface DB extends MatchingTables {}
}
