import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { classifyTitle } from './classify-title.ts';
import { ensureDefaultPersonas } from './default-personas.ts';
import { compilePersona, type PersonaPredicate } from './persona-matcher.ts';
import type { JobFunction, Seniority } from './title-rules.ts';

const CHUNK = 2000;

interface CompiledPersona {
  id: string;
  matches: PersonaPredicate;
}

async function loadActivePersonas(db: Kysely<DB>, workspaceId: string): Promise<CompiledPersona[]> {
  const rows = await db
    .selectFrom('personas')
    .select(['id', 'functions', 'seniorities', 'include_keywords', 'exclude_keywords', 'committee_role'])
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    matches: compilePersona({
      id: r.id,
      functions: r.functions,
      seniorities: r.seniorities,
      includeKeywords: r.include_keywords,
      excludeKeywords: r.exclude_keywords,
      committeeRole: r.committee_role,
    }),
  }));
}

async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

async function assignChunk(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
  personas: CompiledPersona[],
): Promise<number> {
  const contacts = await db
    .selectFrom('contacts')
    .select(['id', 'title'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
  if (contacts.length === 0) return 0;
  const cIds: string[] = [];
  const fns: (JobFunction | null)[] = [];
  const sens: (Seniority | null)[] = [];
  const pairContacts: string[] = [];
  const pairPersonas: string[] = [];
  for (const c of contacts) {
    const title = c.title?.trim() ? c.title : null;
    const cls = title ? classifyTitle(title) : null;
    const fn = cls?.function ?? null;
    const sen = cls?.seniority ?? null;
    cIds.push(c.id);
    fns.push(fn);
    sens.push(sen);
    for (const p of personas) {
      if (p.matches(fn, sen, title)) {
        pairContacts.push(c.id);
        pairPersonas.push(p.id);
      }
    }
  }
  await sql`
    UPDATE contacts c SET job_function = v.fn, seniority = v.sen
    FROM unnest(${cIds}::uuid[], ${fns}::text[], ${sens}::text[]) AS v(id, fn, sen)
    WHERE c.workspace_id = ${workspaceId} AND c.id = v.id
      AND (c.job_function IS DISTINCT FROM v.fn OR c.seniority IS DISTINCT FROM v.sen)
  `.execute(db);
  // Keep unchanged memberships (and their assigned_at); drop the ones that no longer fit.
  await sql`
    DELETE FROM contact_personas cp
    WHERE cp.workspace_id = ${workspaceId} AND cp.contact_id = ANY(${cIds}::uuid[])
      AND NOT EXISTS (
        SELECT 1 FROM unnest(${pairContacts}::uuid[], ${pairPersonas}::uuid[]) AS v(contact_id, persona_id)
        WHERE v.contact_id = cp.contact_id AND v.persona_id = cp.persona_id)
  `.execute(db);
  if (pairContacts.length > 0) {
    // A new member of an account's buying committee is an outbox event (alerts and plays read it).
    await sql`
      WITH added AS (
        INSERT INTO contact_personas (workspace_id, contact_id, persona_id)
        SELECT ${workspaceId}, v.contact_id, v.persona_id
        FROM unnest(${pairContacts}::uuid[], ${pairPersonas}::uuid[]) AS v(contact_id, persona_id)
        ON CONFLICT DO NOTHING
        RETURNING contact_id, persona_id
      )
      INSERT INTO signal_events (workspace_id, type, account_id, payload)
      SELECT ${workspaceId}, 'committee_member_added', c.account_id,
        jsonb_build_object('contactId', a.contact_id, 'personaId', a.persona_id)
      FROM added a JOIN contacts c ON c.workspace_id = ${workspaceId} AND c.id = a.contact_id
      WHERE c.account_id IS NOT NULL
    `.execute(db);
  }
  return contacts.length;
}

/**
 * Derive job function and seniority from the titles of the given contacts and (re)assign their
 * personas, set-based (a few statements per 2,000 contacts). Call after a contact is created,
 * imported or its title changes; inside the caller's transaction when given one.
 *
 * @returns how many contacts were evaluated.
 */
export async function assignPersonas(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<number> {
  const unique = [...new Set(contactIds)];
  if (unique.length === 0) return 0;
  await ensureDefaultPersonas(db, workspaceId);
  const personas = await loadActivePersonas(db, workspaceId);
  let done = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const ids = unique.slice(i, i + CHUNK);
    done += await inTransaction(db, (trx) => assignChunk(trx, workspaceId, ids, personas));
  }
  return done;
}

/** Re-evaluate every contact of a workspace (after personas or the title rules change). */
export async function reassignAllPersonas(db: Kysely<DB>, workspaceId: string): Promise<number> {
  await ensureDefaultPersonas(db, workspaceId);
  const personas = await loadActivePersonas(db, workspaceId);
  let after: string | null = null;
  let done = 0;
  for (;;) {
    let query = db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .limit(CHUNK);
    if (after) query = query.where('id', '>', after);
    const page = await query.execute();
    if (page.length === 0) break;
    const ids = page.map((r) => r.id);
    done += await inTransaction(db, (trx) => assignChunk(trx, workspaceId, ids, personas));
    after = ids[ids.length - 1] ?? null;
    if (page.length < CHUNK) break;
  }
  return done;
}
