import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BlockSource, TemplateSource } from './compile-template.ts';
import { getTemplate } from './get-template.ts';
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
  const t = await getTemplate(db, workspaceId, templateId, version);
  return {
    templateId: t.id,
    name: t.name,
    version: t.version,
    subject: t.subject,
    preheader: t.preheader,
    html: t.html,
    text: t.text,
    locale: t.locale,
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
