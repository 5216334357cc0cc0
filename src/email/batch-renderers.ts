import { templateRenderer } from '../content/template-renderer.ts';
import type { BatchRenderers } from './deliver-sends.ts';
import { loadEmailSettings } from './email-settings.ts';
import { InlineContentSchema, inlineRenderer } from './inline-message.ts';
import type { RenderedMessage } from './rendered-message.ts';
import { unsubscribeSigner } from './unsubscribe-token.ts';

/**
 * The renderer of a batch: a content-library template (src/content, rendered for many recipients
 * with one load of their data, `{{ unsubscribe_url }}` filled with the recipient's one-click link), or
 * the batch's inline content. A template that cannot be loaded fails its sends, naming why.
 */
export const batchRenderers: BatchRenderers = async (db, workspaceId, batchId) => {
  const batch = await db
    .selectFrom('email_batches')
    .select(['template_id', 'content', 'audience'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch) return { error: 'the send’s batch no longer exists' };
  const renderAs = typeof batch.audience.renderAs === 'string' ? batch.audience.renderAs : null;
  if (batch.template_id) {
    try {
      const { publicUrl } = await loadEmailSettings(db, workspaceId);
      const sign = await unsubscribeSigner(db, workspaceId);
      const base = publicUrl.replace(/\/+$/, '');
      const template = await templateRenderer(db, workspaceId, batch.template_id, {
        unsubscribeUrl: (contactId) => `${base}/u/${sign({ w: workspaceId, c: contactId })}`,
      });
      const primed = new Map<string, RenderedMessage>();
      const render = async (contactId: string): Promise<RenderedMessage> => {
        const hit = primed.get(contactId);
        primed.delete(contactId);
        return hit ?? template(contactId);
      };
      const prime = async (contactIds: readonly string[]) => {
        for (const [id, message] of await template.renderMany(contactIds)) primed.set(id, message);
      };
      return { render: Object.assign(render, { prime }), renderAs };
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
