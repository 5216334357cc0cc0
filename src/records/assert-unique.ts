import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

export interface UniqueCheck {
  /** Column that is unique per workspace. */
  column: string;
  value: string | null | undefined;
  /** API field path to name in the 409, e.g. `body.email`. */
  path: string;
}

/**
 * 409 naming the field when another record of the workspace already holds one of these unique
 * values (email, Salesforce id, HubSpot id). `selfId` is the record being updated.
 */
export async function assertUnique(
  db: Kysely<DB>,
  table: 'accounts' | 'contacts' | 'opportunities',
  workspaceId: string,
  selfId: string | null,
  checks: UniqueCheck[],
): Promise<void> {
  for (const check of checks) {
    if (check.value === null || check.value === undefined || check.value === '') continue;
    const found = await sql<{ id: string }>`
      SELECT id FROM ${sql.table(table)}
      WHERE workspace_id = ${workspaceId} AND ${sql.ref(check.column)} = ${check.value}
        ${selfId ? sql`AND id <> ${selfId}` : sql``}
      LIMIT 1`.execute(db);
    const other = found.rows[0];
    if (other) {
      const name = check.path.split('.').pop() ?? check.path;
      throw new HttpProblem(409, 'Conflict', {
        detail: `${check.path}: another record (${other.id}) already has this ${name}`,
        errors: [{ path: check.path, message: `already used by ${other.id}` }],
        extra: { existingId: other.id },
      });
    }
  }
}
