import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import type { BlockSource, TemplateSource } from './compile-template.ts';
import { insertedBlockKeys, RENDER_LIMITS } from './liquid-engine.ts';

/** A stored template version with the template's name and locale. */
export interface LoadedTemplate extends TemplateSource {
  templateId: string;
  name: string;
  version: number;
}

/** A template of the workspace at `version` (default: its current one); 404 when either is unknown. */
export async function loadTemplate(
  db: Kysely<DB>,
  workspaceId: string,
  templateId: string,
  version?: number,
): Promise<LoadedTemplate> {
  const row = await db
    .selectFrom('content_templates as t')
    .innerJoin('content_template_versions as v', (j) =>
      j.onRef('v.workspace_id', '=', 't.workspace_id').onRef('v.template_id', '=', 't.id'),
    )
    .select([
      't.id',
      't.name',
      't.locale',
      't.current_version',
      'v.version',
      'v.subject',
      'v.preheader',
      'v.html',
      'v.text',
    ])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', templateId)
    .$if(version === undefined, (q) => q.whereRef('v.version', '=', 't.current_version'))
    .$if(version !== undefined, (q) => q.where('v.version', '=', version ?? 0))
    .executeTakeFirst();
  if (!row)
    throw new HttpProblem(404, 'Not found', {
      detail: `No template ${templateId}${version ? ` version ${version}` : ''}`,
    });
  return {
    templateId: row.id,
    name: row.name,
    version: row.version,
    subject: row.subject,
    preheader: row.preheader,
    html: row.html,
    text: row.text,
    locale: row.locale,
  };
}

/**
 * The blocks the sources insert, and the blocks those insert, up to the nesting limit. Keys with no
 * block are left out (rendering reports them as `block:key`).
 */
export async function loadBlocksFor(
  db: Kysely<DB>,
  workspaceId: string,
  sources: readonly string[],
): Promise<BlockSource[]> {
  const found = new Map<string, BlockSource>();
  let wanted = new Set(sources.flatMap(insertedBlockKeys));
  for (let depth = 0; wanted.size > 0 && depth <= RENDER_LIMITS.blockDepth; depth++) {
    const rows = await db
      .selectFrom('content_blocks')
      .select(['key', 'variants'])
      .where('workspace_id', '=', workspaceId)
      .where('key', 'in', [...wanted])
      .execute();
    const next = new Set<string>();
    for (const row of rows) {
      found.set(row.key, { key: row.key, variants: row.variants });
      const bodies = Array.isArray(row.variants)
        ? row.variants.map((v) =>
            v && typeof v === 'object' && !Array.isArray(v) && typeof v.body === 'string' ? v.body : '',
          )
        : [];
      for (const key of bodies.flatMap(insertedBlockKeys)) if (!found.has(key)) next.add(key);
    }
    wanted = next;
  }
  return [...found.values()];
}
