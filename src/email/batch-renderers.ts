import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BatchRenderers } from './deliver-sends.ts';
import { InlineContentSchema, inlineRenderer } from './inline-message.ts';
import type { RenderForContact } from './rendered-message.ts';

/** Renders a stored template (the content library's templateRenderer has this shape). */
export type TemplateRendererFactory = (
  db: Kysely<DB>,
  workspaceId: string,
  templateId: string,
  context: { unsubscribeUrl?: (contactId: string) => string },
) => Promise<RenderForContact>;

/**
 * The renderers of batches: inline content through `inlineRenderer`, a template id through the
 * content library's renderer when one is given (else the send fails, naming why).
 */
export function batchRenderers(templates: TemplateRendererFactory | null = null): BatchRenderers {
  return async (db, workspaceId, batchId) => {
    const batch = await db
      .selectFrom('email_batches')
      .select(['template_id', 'content', 'audience'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', batchId)
      .executeTakeFirst();
    if (!batch) return { error: 'the send’s batch no longer exists' };
    const renderAs = typeof batch.audience.renderAs === 'string' ? batch.audience.renderAs : null;
    if (batch.template_id) {
      if (!templates) return { error: 'templates cannot be rendered by this server (no content library)' };
      try {
        return { render: await templates(db, workspaceId, batch.template_id, {}), renderAs };
      } catch (error) {
        return {
          error: `template ${batch.template_id}: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    const content = InlineContentSchema.safeParse(batch.content);
    if (!content.success) return { error: 'the batch has neither a template nor valid content' };
    return { render: inlineRenderer(db, workspaceId, content.data), renderAs };
  };
}
