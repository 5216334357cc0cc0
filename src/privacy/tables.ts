import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** A hashed identifier of an erased person (migration 0790): never re-imported, never re-identified. */
export interface PrivacySuppressionsTable {
  workspace_id: string;
  kind: 'email' | 'user_id';
  /** SHA-256 (hex) of the normalised e-mail address or of the user id. */
  hash: string;
  created_at: CreatedAt;
}

/** Tables of the privacy module. */
export interface PrivacyTables {
  privacy_suppressions: PrivacySuppressionsTable;
}

declare module '../db/schema.ts' {
  interface DB extends PrivacyTables {}
}
