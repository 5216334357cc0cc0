import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { insertedBlockKeys } from './liquid-engine.ts';

/**
 * Which templates (by their current version) and blocks insert each block key: the block's users,
 * found by reading the workspace's current template versions and block variants.
 */
export async function blockUsage(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<Map<string, { templates: { id: string; name: string }[]; blocks: string[] }>> {
  const templates = await db
    .selectFrom('content_templates as t')
    .innerJoin('content_template_versions as v', (j) =>
      j
        .onRef('v.workspace_id', '=', 't.workspace_id')
        .onRef('v.template_id', '=', 't.id')
        .onRef('v.version', '=', 't.current_version'),
    )
    .select(['t.id', 't.name', 'v.subject', 'v.preheader', 'v.html', 'v.text'])
    .where('t.workspace_id', '=', workspaceId)
    .execute();
  const blocks = await db
    .selectFrom('content_blocks')
    .select(['key', 'variants'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const usage = new Map<string, { templates: { id: string; name: string }[]; blocks: string[] }>();
  const entry = (key: string) => {
    let e = usage.get(key);
    if (!e) {
      e = { templates: [], blocks: [] };
      usage.set(key, e);
    }
    return e;
  };
  for (const t of templates)
    for (const key of insertedBlockKeys(`${t.subject}\n${t.preheader}\n${t.html}\n${t.text ?? ''}`))
      entry(key).templates.push({ id: t.id, name: t.name });
  for (const b of blocks)
    for (const key of insertedBlockKeys(JSON.stringify(b.variants).replace(/\\"/g, '"')))
      if (key !== b.key) entry(key).blocks.push(b.key);
  return usage;
}
