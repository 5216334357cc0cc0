import { type Kysely, type Selectable, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { reassignAllPersonas } from './assign-personas.ts';
import { ensureDefaultPersonas } from './default-personas.ts';
import { MAX_ACTIVE_PERSONAS, type PersonaFields, type PersonaPatch } from './persona-fields.ts';
import type { CommitteeRole, PersonasTable } from './tables.ts';
import type { JobFunction, Seniority } from './title-rules.ts';

/** A persona as the API returns it. */
export interface Persona {
  id: string;
  name: string;
  functions: JobFunction[];
  seniorities: Seniority[];
  includeKeywords: string[];
  excludeKeywords: string[];
  committeeRole: CommitteeRole;
  active: boolean;
  contactCount: number;
  createdAt: Date;
  updatedAt: Date;
}

function toPersona(r: Selectable<PersonasTable>, contactCount: number): Persona {
  return {
    id: r.id,
    name: r.name,
    functions: r.functions,
    seniorities: r.seniorities,
    includeKeywords: r.include_keywords,
    excludeKeywords: r.exclude_keywords,
    committeeRole: r.committee_role,
    active: r.active,
    contactCount,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The workspace's personas (seeding the defaults on first use), with contact counts. */
export async function listPersonas(db: Kysely<DB>, workspaceId: string): Promise<Persona[]> {
  await ensureDefaultPersonas(db, workspaceId);
  const rows = await db.selectFrom('personas').selectAll().where('workspace_id', '=', workspaceId).execute();
  const counts = await db
    .selectFrom('contact_personas')
    .select(['persona_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .groupBy('persona_id')
    .execute();
  const byId = new Map(counts.map((c) => [c.persona_id, Number(c.n)]));
  return rows
    .map((r) => toPersona(r, byId.get(r.id) ?? 0))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name));
}

/** Serialise persona writes per workspace and refuse more than MAX_ACTIVE_PERSONAS active ones. */
async function checkActiveLimit(
  trx: Kysely<DB>,
  workspaceId: string,
  exceptId: string | null,
): Promise<void> {
  await sql`SELECT id FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`.execute(trx);
  let q = trx
    .selectFrom('personas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', true);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const row = await q.executeTakeFirstOrThrow();
  if (Number(row.n) >= MAX_ACTIVE_PERSONAS) {
    throw new HttpProblem(409, 'Too many active personas', {
      detail: `A workspace has at most ${MAX_ACTIVE_PERSONAS} active personas; deactivate one first`,
    });
  }
}

/** Create a persona, then re-evaluate the workspace's contacts. */
export async function createPersona(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: PersonaFields,
): Promise<Persona> {
  await ensureDefaultPersonas(db, ctx.workspaceId);
  const row = await db.transaction().execute(async (trx) => {
    if (input.active) await checkActiveLimit(trx, ctx.workspaceId, null);
    const created = await trx
      .insertInto('personas')
      .values({
        workspace_id: ctx.workspaceId,
        name: input.name,
        functions: input.functions,
        seniorities: input.seniorities,
        include_keywords: input.includeKeywords,
        exclude_keywords: input.excludeKeywords,
        committee_role: input.committeeRole,
        active: input.active,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'persona.create',
      objectType: 'persona',
      objectId: created.id,
      changes: { name: input.name, committeeRole: input.committeeRole },
    });
    return created;
  });
  await reassignAllPersonas(db, ctx.workspaceId);
  return (await getPersona(db, ctx.workspaceId, row.id)) ?? toPersona(row, 0);
}

/** One persona, or null. */
export async function getPersona(db: Kysely<DB>, workspaceId: string, id: string): Promise<Persona | null> {
  const row = await db
    .selectFrom('personas')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const count = await db
    .selectFrom('contact_personas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('persona_id', '=', id)
    .executeTakeFirstOrThrow();
  return toPersona(row, Number(count.n));
}

/** Update a persona (409 when activating it would exceed the limit), then re-evaluate contacts. */
export async function updatePersona(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: PersonaPatch,
): Promise<Persona> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('personas')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new HttpProblem(404, 'Not found', { detail: `No persona ${id} in this workspace` });
    if (patch.active === true && !current.active) await checkActiveLimit(trx, ctx.workspaceId, id);
    const next = {
      functions: patch.functions ?? current.functions,
      seniorities: patch.seniorities ?? current.seniorities,
      include: patch.includeKeywords ?? current.include_keywords,
    };
    if (next.functions.length + next.seniorities.length + next.include.length === 0) {
      throw new HttpProblem(422, 'Invalid value', {
        detail: 'A persona needs at least one of functions, seniorities or includeKeywords',
        errors: [{ path: 'body.functions', message: 'give at least one criterion' }],
      });
    }
    await trx
      .updateTable('personas')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.functions !== undefined ? { functions: patch.functions } : {}),
        ...(patch.seniorities !== undefined ? { seniorities: patch.seniorities } : {}),
        ...(patch.includeKeywords !== undefined ? { include_keywords: patch.includeKeywords } : {}),
        ...(patch.excludeKeywords !== undefined ? { exclude_keywords: patch.excludeKeywords } : {}),
        ...(patch.committeeRole !== undefined ? { committee_role: patch.committeeRole } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'persona.update',
      objectType: 'persona',
      objectId: id,
      changes: patch,
    });
  });
  await reassignAllPersonas(db, ctx.workspaceId);
  const persona = await getPersona(db, ctx.workspaceId, id);
  if (!persona) throw new HttpProblem(404, 'Not found', { detail: `No persona ${id} in this workspace` });
  return persona;
}

/** Delete a persona (its memberships go with it). */
export async function deletePersona(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('personas')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n)
      throw new HttpProblem(404, 'Not found', { detail: `No persona ${id} in this workspace` });
    await recordAudit(trx, ctx, { action: 'persona.delete', objectType: 'persona', objectId: id });
  });
}
