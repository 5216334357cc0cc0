import { type Kysely, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { Person } from './find-person.ts';
import { containsPattern, ERASED, type Mentions, mentionRegex, redactJson } from './redact.ts';

/** LIKE patterns for text that may name the person anywhere: e-mails and full names. */
export function mentionPatterns(person: Person): string[] {
  return [...person.emails, ...person.fullNames].map(containsPattern);
}

/** Ids of the notes on the person's account: there a first or last name alone means them. */
async function accountNoteIds(db: Kysely<DB>, workspaceId: string, person: Person): Promise<string[]> {
  if (!person.accountId) return [];
  const rows = await db
    .selectFrom('notes')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', person.accountId)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Notes stay (they are about the account) but no longer name the person: their e-mail and full name
 * are replaced in every note of the workspace, and their first or last name alone in the notes of
 * their account. Returns the notes changed.
 */
export async function redactNotes(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
  mentions: { words: Mentions; loose: Mentions },
): Promise<number> {
  const own = new Set(await accountNoteIds(db, workspaceId, person));
  const patterns = mentionPatterns(person);
  if (patterns.length === 0 && own.size === 0) return 0;
  const rows = await sql<{ id: string; body: string }>`
    SELECT id, body FROM notes WHERE workspace_id = ${workspaceId}
      AND (body ILIKE ANY (${patterns}::text[]) OR id = ANY (${[...own]}::uuid[]))`.execute(db);
  let changed = 0;
  for (const row of rows.rows) {
    const m = own.has(row.id) ? mentions.words : mentions.loose;
    if (!m.test(row.body)) continue;
    await db
      .updateTable('notes')
      .set({ body: m.redact(row.body) })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', row.id)
      .execute();
    changed++;
  }
  return changed;
}

/**
 * Audit entries are kept (who did what, when) with the person's values replaced by "[erased]": every
 * value of the entries about their contact, the mentions in any other entry (first or last name
 * alone only in entries about notes of their account). Returns the entries changed.
 */
export async function redactAudit(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
  mentions: { words: Mentions; loose: Mentions },
): Promise<number> {
  const contactId = person.contact?.id ?? null;
  const notes = new Set(await accountNoteIds(db, workspaceId, person));
  const rows = await sql<{ id: number; object_type: string; object_id: string | null; changes: JsonObject }>`
    SELECT id, object_type, object_id, changes FROM audit_log
    WHERE workspace_id = ${workspaceId} AND (
      (object_type = 'contact' AND object_id = ${contactId})
      OR (object_type = 'note' AND object_id = ANY (${[...notes]}::text[]))
      OR changes::text ILIKE ANY (${mentionPatterns(person)}::text[]))`.execute(db);
  let changed = 0;
  for (const row of rows.rows) {
    const about = row.object_type === 'contact' && row.object_id !== null && row.object_id === contactId;
    const m = row.object_id !== null && notes.has(row.object_id) ? mentions.words : mentions.loose;
    const out = redactJson(row.changes, m, { all: about });
    if (!out.changed) continue;
    await sql`UPDATE audit_log SET changes = ${JSON.stringify(out.value)}::jsonb
      WHERE workspace_id = ${workspaceId} AND id = ${row.id}`.execute(db);
    changed++;
  }
  return changed;
}

/** Stored import rejects (CSV text) lose the lines that name the person. Returns the imports changed. */
export async function redactImportRejects(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
  mentions: Mentions,
): Promise<number> {
  const rows = await sql<{ id: string; rejects_csv: string }>`
    SELECT id, rejects_csv FROM imports WHERE workspace_id = ${workspaceId}
      AND rejects_csv ILIKE ANY (${mentionPatterns(person)}::text[])`.execute(db);
  let changed = 0;
  for (const row of rows.rows) {
    const lines = row.rejects_csv.split('\n');
    const kept = lines.filter((line) => !mentions.test(line));
    if (kept.length === lines.length) continue;
    changed++;
    await db
      .updateTable('imports')
      .set({ rejects_csv: kept.join('\n') })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', row.id)
      .execute();
  }
  return changed;
}

/** Tables handled above, or holding nothing a sweep should touch. */
const SWEPT_ELSEWHERE = new Set([
  'activities',
  'audit_log',
  'notes',
  'imports',
  'inbound_batches',
  'inbound_failures',
  'privacy_suppressions',
]);

/**
 * Every other table with a workspace_id: text and JSON columns that still contain the person's
 * e-mail or full name (account plans, saved views, custom fields, signal payloads…) have it replaced
 * by "[erased]". Found through the catalog, so tables added later are swept too. Returns rows
 * changed per table.
 */
export async function sweepMentions(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
): Promise<Record<string, number>> {
  const pattern = mentionRegex(person, 'pg');
  if (pattern === null) return {};
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.data_type IN ('text', 'character varying', 'jsonb', 'json')
      AND EXISTS (SELECT 1 FROM information_schema.columns w WHERE w.table_schema = c.table_schema
        AND w.table_name = c.table_name AND w.column_name = 'workspace_id')
    ORDER BY c.table_name, c.column_name`.execute(db);
  const byTable = new Map<string, { column_name: string; data_type: string }[]>();
  for (const col of columns.rows) {
    if (SWEPT_ELSEWHERE.has(col.table_name)) continue;
    byTable.set(col.table_name, [...(byTable.get(col.table_name) ?? []), col]);
  }
  const counts: Record<string, number> = {};
  for (const [name, cols] of byTable) {
    const text = (col: { column_name: string; data_type: string }) =>
      col.data_type === 'text' || col.data_type === 'character varying'
        ? sql.ref(col.column_name)
        : sql`${sql.ref(col.column_name)}::text`;
    const sets = cols.map((col) => {
      const replaced = sql`regexp_replace(${text(col)}, ${pattern}, ${ERASED}, 'gi')`;
      const value =
        col.data_type === 'jsonb' || col.data_type === 'json'
          ? sql`${replaced}::${sql.raw(col.data_type)}`
          : replaced;
      return sql`${sql.ref(col.column_name)} = ${value}`;
    });
    const matches = cols.map((col) => sql`${text(col)} ~* ${pattern}`);
    const result = await sql`UPDATE ${sql.table(name)} SET ${sql.join(sets)}
      WHERE workspace_id = ${workspaceId} AND (${sql.join(matches, sql` OR `)})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    if (n > 0) counts[name] = n;
  }
  return counts;
}
