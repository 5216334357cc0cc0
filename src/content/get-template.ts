import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { insertedBlockKeys } from './liquid-engine.ts';
import type { TemplateOut, TemplateSummary } from './template-fields.ts';

/** A template with its current version, or the given one (404 when either is unknown). */
export async function getTemplate(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  version?: number,
): Promise<TemplateOut> {
  const row = await db
    .selectFrom('content_templates as t')
    .innerJoin('content_template_versions as v', (j) =>
      j.onRef('v.workspace_id', '=', 't.workspace_id').onRef('v.template_id', '=', 't.id'),
    )
    .select([
      't.id',
      't.name',
      't.description',
      't.locale',
      't.owner_id',
      't.current_version',
      't.created_at',
      't.updated_at',
      'v.version',
      'v.subject',
      'v.preheader',
      'v.html',
      'v.text',
      'v.created_by',
      'v.created_at as version_created_at',
    ])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', id)
    .$if(version === undefined, (q) => q.whereRef('v.version', '=', 't.current_version'))
    .$if(version !== undefined, (q) => q.where('v.version', '=', version ?? 0))
    .executeTakeFirst();
  if (!row)
    throw new HttpProblem(404, 'Not found', {
      detail: `No template ${id}${version ? ` version ${version}` : ''}`,
    });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    locale: row.locale,
    ownerId: row.owner_id,
    currentVersion: row.current_version,
    version: row.version,
    subject: row.subject,
    preheader: row.preheader,
    html: row.html,
    text: row.text,
    blocks: insertedBlockKeys(`${row.subject}\n${row.preheader}\n${row.html}\n${row.text ?? ''}`),
    versionCreatedBy: row.created_by,
    versionCreatedAt: row.version_created_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The workspace's templates by name, with their current subject. */
export async function listTemplates(db: Kysely<DB>, workspaceId: string): Promise<TemplateSummary[]> {
  const rows = await db
    .selectFrom('content_templates as t')
    .innerJoin('content_template_versions as v', (j) =>
      j
        .onRef('v.workspace_id', '=', 't.workspace_id')
        .onRef('v.template_id', '=', 't.id')
        .onRef('v.version', '=', 't.current_version'),
    )
    .select([
      't.id',
      't.name',
      't.description',
      't.locale',
      't.owner_id',
      't.current_version',
      't.updated_at',
      'v.subject',
    ])
    .where('t.workspace_id', '=', workspaceId)
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    locale: r.locale,
    ownerId: r.owner_id,
    currentVersion: r.current_version,
    subject: r.subject,
    updatedAt: r.updated_at,
  }));
}

/** A template's versions, newest first (404 when the template is unknown). */
export async function listTemplateVersions(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
): Promise<{ version: number; subject: string; createdBy: string | null; createdAt: Date }[]> {
  await getTemplate(db, workspaceId, id);
  const rows = await db
    .selectFrom('content_template_versions')
    .select(['version', 'subject', 'created_by', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('template_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    subject: r.subject,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}
