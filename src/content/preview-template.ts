import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { compileTemplate, renderCompiled, TemplateError, type TemplateSource } from './compile-template.ts';
import { loadBlocksFor, loadTemplate } from './load-template.ts';
import { emptyRecipient } from './preview-recipient.ts';
import { loadRecipients, loadStageCount, type RecipientContext } from './recipient-context.ts';
import { TemplateInputSchema, TemplatePartsSchema } from './template-fields.ts';

/** What to preview: a stored template (a version of it) or parts being edited, for a contact or a persona. */
export const PreviewInputSchema = z
  .strictObject({
    templateId: z.uuid().optional(),
    version: z.number().int().min(1).optional(),
    template: TemplatePartsSchema.extend({ locale: TemplateInputSchema.shape.locale }).optional(),
    contactId: z.uuid().optional(),
    personaId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.templateId === undefined) === (v.template === undefined))
      ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'give either templateId or template' });
    if (v.contactId !== undefined && v.personaId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['personaId'], message: 'give either contactId or personaId' });
  });
export type PreviewInput = z.infer<typeof PreviewInputSchema>;

/** A preview: the rendered message, who it was rendered for, and the variant each block chose. */
export const PreviewOutSchema = z.object({
  subject: z.string(),
  preheader: z.string(),
  html: z.string(),
  text: z.string(),
  missingVariables: z.array(z.string()),
  templateId: z.string().nullable(),
  templateVersion: z.number().nullable(),
  recipient: z.object({
    contactId: z.string().nullable(),
    name: z.string().nullable(),
    accountName: z.string().nullable(),
    personaIds: z.array(z.string()),
    stage: z.string().nullable(),
    buyingStage: z.string().nullable(),
    tier: z.number().nullable(),
    industry: z.string().nullable(),
    language: z.string().nullable(),
  }),
  blocks: z.array(z.object({ key: z.string(), variant: z.string() })),
});
export type PreviewOut = z.infer<typeof PreviewOutSchema>;

async function recipientFor(
  db: Kysely<DB>,
  workspaceId: string,
  input: PreviewInput,
): Promise<RecipientContext> {
  const stageCount = await loadStageCount(db, workspaceId);
  let contactId = input.contactId;
  if (input.personaId) {
    const persona = await db
      .selectFrom('personas')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', input.personaId)
      .executeTakeFirst();
    if (!persona)
      throw new HttpProblem(400, 'Bad request', {
        errors: [{ path: 'body.personaId', message: 'no such persona in this workspace' }],
      });
    const sample = await sql<{ contact_id: string }>`
      SELECT contact_id FROM contact_personas
      WHERE workspace_id = ${plannedWorkspace(workspaceId)} AND persona_id = ${input.personaId}
      ORDER BY contact_id LIMIT 1`.execute(db);
    contactId = sample.rows[0]?.contact_id;
    if (!contactId) return emptyRecipient(input.personaId);
  }
  if (!contactId) return emptyRecipient();
  const found = (await loadRecipients(db, workspaceId, [contactId], stageCount)).get(contactId);
  if (!found) throw new HttpProblem(404, 'Not found', { detail: `No contact ${contactId}` });
  return found;
}

/**
 * Render a template for one contact (or a sample contact of a persona, or nobody) without sending:
 * the message, its missing variables and the block variants chosen. A part that does not parse or
 * render is a 400 naming it (`body.template.html`; for a stored template `body.templateId`).
 */
export async function previewTemplate(
  db: Kysely<DB>,
  workspaceId: string,
  input: PreviewInput,
): Promise<PreviewOut> {
  const stored = input.templateId
    ? await loadTemplate(db, workspaceId, input.templateId, input.version)
    : null;
  const source: TemplateSource | undefined = stored ?? input.template;
  if (!source)
    throw new HttpProblem(400, 'Bad request', {
      errors: [{ path: 'body.templateId', message: 'give either templateId or template' }],
    });
  const recipient = await recipientFor(db, workspaceId, input);
  const blocks = await loadBlocksFor(db, workspaceId, [
    source.subject,
    source.preheader,
    source.html,
    source.text ?? '',
  ]);
  const workspace = await db
    .selectFrom('workspaces')
    .select('name')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  const chosen = new Map<string, string>();
  try {
    const message = renderCompiled(
      compileTemplate(source, blocks),
      recipient,
      {
        play: { name: 'Preview' },
        workspace: { name: workspace?.name ?? null },
        unsubscribeUrl: 'https://example.invalid/unsubscribe/preview',
        today: new Date().toISOString().slice(0, 10),
      },
      chosen,
    );
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    return {
      ...message,
      templateId: stored?.templateId ?? null,
      templateVersion: stored?.version ?? null,
      recipient: {
        contactId: recipient.contactId,
        name: text(recipient.contact.full_name),
        accountName: text(recipient.account.name),
        personaIds: [...recipient.facts.personaIds],
        stage: recipient.facts.stage,
        buyingStage: recipient.facts.buyingStage,
        tier: recipient.facts.tier,
        industry: recipient.facts.industry,
        language: recipient.facts.language,
      },
      blocks: [...chosen].map(([key, variant]) => ({ key, variant })),
    };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const path = stored
      ? 'body.templateId'
      : `body.template.${e.field.startsWith('blocks.') ? 'html' : e.field}`;
    throw new HttpProblem(400, 'Bad request', {
      detail: `${e.field}: ${e.message}`,
      errors: [{ path, message: `${e.field}: ${e.message}` }],
    });
  }
}
