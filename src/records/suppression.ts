import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

/** What a contact write reports for a record whose e-mail belongs to an erased person. */
export const SUPPRESSED_REASON = 'erased person: this email is suppressed and is not stored again';

/** An e-mail address as suppression compares it: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** SHA-256 (hex) of an identifier; e-mail addresses are normalised first. */
export function suppressionHash(kind: 'email' | 'user_id', value: string): string {
  return createHash('sha256')
    .update(kind === 'email' ? normalizeEmail(value) : value)
    .digest('hex');
}

/**
 * Which of these values are suppressed in the workspace (one primary-key lookup for all of them).
 * Returns the suppressed values as given (e-mails normalised).
 *
 * @example
 * const blocked = await suppressedValues(db, workspaceId, 'email', records.map((r) => r.email));
 */
export async function suppressedValues(
  db: Kysely<DB>,
  workspaceId: string,
  kind: 'email' | 'user_id',
  values: readonly (string | null | undefined)[],
): Promise<Set<string>> {
  const byHash = new Map<string, string>();
  for (const value of values) {
    if (!value) continue;
    const key = kind === 'email' ? normalizeEmail(value) : value;
    byHash.set(suppressionHash(kind, key), key);
  }
  if (byHash.size === 0) return new Set();
  const rows = await db
    .selectFrom('privacy_suppressions')
    .select('hash')
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('hash', 'in', [...byHash.keys()])
    .execute();
  return new Set(rows.flatMap((r) => byHash.get(r.hash) ?? []));
}

/** Suppress identifiers of an erased person in the workspace; returns how many were new. */
export async function addSuppressions(
  db: Kysely<DB>,
  workspaceId: string,
  entries: readonly { kind: 'email' | 'user_id'; value: string }[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await db
    .insertInto('privacy_suppressions')
    .values(
      entries.map((e) => ({
        workspace_id: workspaceId,
        kind: e.kind,
        hash: suppressionHash(e.kind, e.value),
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('hash')
    .execute();
  return rows.length;
}

/**
 * 409 naming the field when this e-mail belongs to an erased person of the workspace (single-record
 * writes: create and update a contact). Nothing to check for a missing e-mail.
 */
export async function assertNotSuppressed(
  db: Kysely<DB>,
  workspaceId: string,
  email: string | null | undefined,
  path: string,
): Promise<void> {
  if (!email) return;
  if ((await suppressedValues(db, workspaceId, 'email', [email])).size === 0) return;
  throw new HttpProblem(409, 'Conflict', {
    detail: `${path}: ${SUPPRESSED_REASON}`,
    errors: [{ path, message: SUPPRESSED_REASON }],
  });
}
