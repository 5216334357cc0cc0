import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type NormalizableInput,
  type NormalizeContext,
  type NormalizedExtras,
  type NormalizedKind,
  normalizeRecord,
  type ValueWarning,
} from '../normalize/normalize-record.ts';
import { OwnerDirectory } from '../normalize/owner.ts';

/** The users of a workspace (its members), to resolve owner names and e-mails. */
export async function loadOwnerDirectory(db: Kysely<DB>, workspaceId: string): Promise<OwnerDirectory> {
  const users = await db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('m.workspace_id', '=', workspaceId)
    .execute();
  return new OwnerDirectory(users);
}

/**
 * Normalise one record received by the API (create or update): loads the workspace's users only
 * when the record names an owner. `storedCountry` is the record's current country, for updates.
 */
export async function normalizeInput<T extends NormalizableInput>(
  db: Kysely<DB>,
  workspaceId: string,
  kind: NormalizedKind,
  input: T,
  storedCountry?: string | null,
): Promise<{ record: Omit<T, 'owner'> & NormalizedExtras; warnings: ValueWarning[] }> {
  const needsOwners = input.owner !== undefined && input.owner !== null && input.ownerId === undefined;
  const owners = needsOwners ? await loadOwnerDirectory(db, workspaceId) : undefined;
  return normalizeRecord(kind, input, {
    ...(owners ? { owners } : {}),
    ...(storedCountry !== undefined ? { storedCountry } : {}),
  });
}

/**
 * Normalise a batch of records (bulk API, CSV import): the workspace's users are loaded once when
 * any record names an owner. Returns the records and, by position, their warnings.
 */
export async function normalizeRecords<T extends NormalizableInput>(
  db: Kysely<DB>,
  workspaceId: string,
  kind: NormalizedKind,
  input: readonly T[],
): Promise<{ records: (Omit<T, 'owner'> & NormalizedExtras)[]; warnings: (ValueWarning[] | undefined)[] }> {
  const needsOwners = input.some((r) => r.owner !== undefined && r.owner !== null && r.ownerId === undefined);
  const context: NormalizeContext = needsOwners ? { owners: await loadOwnerDirectory(db, workspaceId) } : {};
  const records: (Omit<T, 'owner'> & NormalizedExtras)[] = new Array(input.length);
  const warnings: (ValueWarning[] | undefined)[] = new Array(input.length);
  for (let i = 0; i < input.length; i += 1) {
    const r = input[i];
    if (!r) continue;
    const out = normalizeRecord(kind, r, context);
    records[i] = out.record;
    if (out.warnings.length > 0) warnings[i] = out.warnings;
  }
  return { records, warnings };
}
