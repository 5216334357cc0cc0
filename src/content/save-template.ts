import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { assertContentReferences } from './content-references.ts';
import { getTemplate } from './get-template.ts';
import type { TemplateInput, TemplateOut, TemplatePatch } from './template-fields.ts';
import { validateTemplateSource } from './validate-content.ts';

/** Create a template at version 1, its parts checked (400 naming `body.html` etc.); audited. */
export async function createTemplate(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: TemplateInput,
): Promise<TemplateOut> {
  if (input.ownerId)
    await assertContentReferences(db, ctx.workspaceId, [
      { kind: 'member', id: input.ownerId, path: 'body.ownerId' },
    ]);
  await validateTemplateSource(db, ctx.workspaceId, input);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('content_templates')
      .values({
        workspace_id: ctx.workspaceId,
        name: input.name,
        description: input.description,
        locale: input.locale,
        owner_id: input.ownerId === undefined ? ctx.userId : input.ownerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('content_template_versions')
      .values({
        workspace_id: ctx.workspaceId,
        template_id: row.id,
        version: 1,
        subject: input.subject,
        preheader: input.preheader,
        html: input.html,
        text: input.text,
        created_by: ctx.actorId,
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'content_template.create',
      objectType: 'content_template',
      objectId: row.id,
      changes: { name: { old: null, new: input.name } },
    });
    return row.id;
  });
  return getTemplate(db, ctx.workspaceId, id);
}

/**
 * Change a template. New parts or a new locale make a new version (earlier versions stay as they were,
 * for the sends that used them); name, description and owner change in place. 409 when `baseVersion`
 * is not the current version.
 */
export async function updateTemplate(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: TemplatePatch,
): Promise<TemplateOut> {
  const current = await getTemplate(db, ctx.workspaceId, id);
  if (patch.baseVersion !== undefined && patch.baseVersion !== current.currentVersion)
    throw new HttpProblem(409, 'Conflict', {
      detail: `The template is at version ${current.currentVersion}; reload it and apply your change again`,
    });
  if (patch.ownerId)
    await assertContentReferences(db, ctx.workspaceId, [
      { kind: 'member', id: patch.ownerId, path: 'body.ownerId' },
    ]);
  const next = {
    subject: patch.subject ?? current.subject,
    preheader: patch.preheader ?? current.preheader,
    html: patch.html ?? current.html,
    text: patch.text === undefined ? current.text : patch.text,
    locale: patch.locale ?? current.locale,
  };
  const changed =
    next.subject !== current.subject ||
    next.preheader !== current.preheader ||
    next.html !== current.html ||
    next.text !== current.text ||
    next.locale !== current.locale;
  if (changed) await validateTemplateSource(db, ctx.workspaceId, next);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('content_templates')
      .set((eb) => ({
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
        locale: next.locale,
        owner_id: patch.ownerId === undefined ? current.ownerId : patch.ownerId,
        current_version: changed ? eb('current_version', '+', 1) : eb.ref('current_version'),
        updated_at: new Date(),
      }))
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning('current_version')
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No template ${id}` });
    if (changed)
      await trx
        .insertInto('content_template_versions')
        .values({
          workspace_id: ctx.workspaceId,
          template_id: id,
          version: row.current_version,
          subject: next.subject,
          preheader: next.preheader,
          html: next.html,
          text: next.text,
          created_by: ctx.actorId,
        })
        .execute();
    await recordAudit(trx, ctx, {
      action: 'content_template.update',
      objectType: 'content_template',
      objectId: id,
      changes: { version: { old: current.currentVersion, new: row.current_version } },
    });
  });
  return getTemplate(db, ctx.workspaceId, id);
}

/** Delete a template and its versions (404 when unknown); audited. */
export async function deleteTemplate(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('content_templates')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning('name')
      .executeTakeFirst();
    if (!gone) throw new HttpProblem(404, 'Not found', { detail: `No template ${id}` });
    await recordAudit(trx, ctx, {
      action: 'content_template.delete',
      objectType: 'content_template',
      objectId: id,
      changes: { name: { old: gone.name, new: null } },
    });
  });
}
