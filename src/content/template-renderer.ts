import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { compileTemplate, type RenderExtras, renderCompiled } from './compile-template.ts';
import { loadBlocksFor, loadTemplate } from './load-template.ts';
import { loadRecipients, loadStageCount } from './recipient-context.ts';
import type { RenderedMessage } from './rendered-message.ts';

/** What a send adds to a render. */
export interface RenderOptions {
  playId?: string;
  /** Further play variables (`play.name`, `play.step`…). */
  play?: Record<string, string | number | null>;
  unsubscribeUrl?: (contactId: string) => string;
  /** The template version to render (default: the current one). */
  version?: number;
}

/** Renders one template for contacts; see {@link templateRenderer}. */
export interface TemplateRender {
  (contactId: string): Promise<RenderedMessage>;
  /** Render for many contacts with one load of their data (contacts not in the workspace are absent). */
  renderMany(contactIds: readonly string[]): Promise<Map<string, RenderedMessage>>;
  readonly templateId: string;
  readonly templateVersion: number;
}

/**
 * Load a template (and its blocks/variants) once, return a function rendering it for one contact.
 * The function throws an HttpProblem 404 for a contact not in the workspace and a TemplateError
 * (compile-template.ts) when a part fails to render, e.g. over the time limit.
 *
 * @example
 * const render = await templateRenderer(db, ws, templateId, { unsubscribeUrl: (id) => links.unsubscribe(id) });
 * const message = await render(contactId); // { subject, preheader, html, text, missingVariables, templateVersion }
 */
export async function templateRenderer(
  db: Kysely<DB>,
  workspaceId: string,
  templateId: string,
  context: RenderOptions = {},
): Promise<TemplateRender> {
  const template = await loadTemplate(db, workspaceId, templateId, context.version);
  const blocks = await loadBlocksFor(db, workspaceId, [
    template.subject,
    template.preheader,
    template.html,
    template.text ?? '',
  ]);
  const compiled = compileTemplate(template, blocks);
  const stageCount = await loadStageCount(db, workspaceId);
  const workspace = await db
    .selectFrom('workspaces')
    .select('name')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  const play: Record<string, unknown> = { ...(context.play ?? {}) };
  if (context.playId) play.id = context.playId;
  const today = new Date().toISOString().slice(0, 10);
  const extrasFor = (contactId: string): RenderExtras => ({
    play,
    workspace: { name: workspace?.name ?? null },
    unsubscribeUrl: context.unsubscribeUrl ? context.unsubscribeUrl(contactId) : null,
    today,
  });
  const stamp = { templateId: template.templateId, templateVersion: template.version };

  const renderMany = async (contactIds: readonly string[]): Promise<Map<string, RenderedMessage>> => {
    const recipients = await loadRecipients(db, workspaceId, contactIds, stageCount);
    const out = new Map<string, RenderedMessage>();
    for (const [id, recipient] of recipients)
      out.set(id, { ...renderCompiled(compiled, recipient, extrasFor(id)), ...stamp });
    return out;
  };
  const render = async (contactId: string): Promise<RenderedMessage> => {
    const message = (await renderMany([contactId])).get(contactId);
    if (!message) throw new HttpProblem(404, 'Not found', { detail: `No contact ${contactId}` });
    return message;
  };
  return Object.assign(render, { renderMany, ...stamp });
}
