import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import {
  EmailSettingsInputSchema,
  EmailSettingsOutSchema,
  loadEmailSettings,
  saveEmailSettings,
  settingsOut,
} from './email-settings.ts';
import { listBatches } from './list-batches.ts';
import { listSends, SendLogQuerySchema, SendOutSchema } from './list-sends.ts';
import { AudiencePreviewInputSchema, AudiencePreviewSchema, previewAudience } from './preview-audience.ts';
import { processFeedback } from './process-feedback.ts';
import { OneOffSendSchema, queueOneOffSend, queueTestSend, TestSendSchema } from './queue-sends.ts';
import { ResolveSendSchema, resolveUncertainSend } from './resolve-uncertain.ts';

const tags = ['email'];
const QueueOutSchema = z.object({
  batchId: z.string(),
  sendKey: z.string(),
  mode: z.enum(['smtp', 'dry-run']),
  queued: z.number(),
  alreadyQueued: z.number(),
  withoutEmail: z.number(),
});

/**
 * E-mail sending API: settings (admin; secrets write-only), test and one-off sends (marketer), the
 * send log and batches (everyone: the dossier shows them), settling uncertain sends, and the
 * bounce/complaint webhook (a raw RFC 822 report message, admin key). Its own scope keeps the raw
 * message body parser local.
 */
export async function emailRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(
      ['message/rfc822', 'text/plain'],
      { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
      (_r, body, done) => done(null, body),
    );
    const api = scope.withTypeProvider<ZodTypeProvider>();
    const { db } = database;

    api.get(
      '/email/settings',
      {
        schema: {
          tags,
          summary: 'E-mail settings (secrets never shown)',
          response: { 200: EmailSettingsOutSchema },
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'admin');
        return settingsOut(await loadEmailSettings(db, ctx.workspaceId));
      },
    );

    api.put(
      '/email/settings',
      {
        schema: {
          tags,
          summary: 'Replace the e-mail settings (no smtp: dry-run)',
          body: EmailSettingsInputSchema,
          response: { 200: EmailSettingsOutSchema },
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'admin');
        const saved = await saveEmailSettings(db, ctx.workspaceId, request.body);
        await recordAudit(db, ctx, {
          action: 'email.settings',
          objectType: 'email_settings',
          changes: { mode: saved.mode, smtpHost: saved.smtp?.host ?? null, dkim: saved.dkim?.domain ?? null },
        });
        return settingsOut(saved);
      },
    );

    api.post(
      '/email/test',
      {
        schema: {
          tags,
          summary: 'Send a test of a message, rendered for a contact, to colleagues',
          body: TestSendSchema,
          response: { 202: QueueOutSchema },
        },
      },
      async (request, reply) => {
        const ctx = requireRole(request, 'marketer');
        const result = await queueTestSend(db, ctx, request.body);
        const { mode } = await loadEmailSettings(db, ctx.workspaceId);
        return reply.code(202).send({ ...result, mode });
      },
    );

    api.post(
      '/email/sends',
      {
        schema: {
          tags,
          summary: 'Queue a one-off send to contacts, a target list or a segment',
          body: OneOffSendSchema,
          response: { 202: QueueOutSchema },
        },
      },
      async (request, reply) => {
        const ctx = requireRole(request, 'marketer');
        const result = await queueOneOffSend(db, ctx, request.body);
        const { mode } = await loadEmailSettings(db, ctx.workspaceId);
        return reply.code(202).send({ ...result, mode });
      },
    );

    api.post(
      '/email/audience',
      {
        schema: {
          tags,
          summary: 'Count a one-off send’s audience and the refusals that would apply now (nothing sent)',
          body: AudiencePreviewInputSchema,
          response: { 200: AudiencePreviewSchema },
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'marketer');
        return previewAudience(db, ctx.workspaceId, request.body);
      },
    );

    api.get(
      '/email/sends',
      {
        schema: {
          tags,
          summary: 'The send log (per contact, account, batch or status)',
          querystring: SendLogQuerySchema,
          response: { 200: z.object({ data: z.array(SendOutSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'sales');
        return listSends(db, ctx.workspaceId, request.query);
      },
    );

    api.get(
      '/email/batches',
      { schema: { tags, summary: 'Recent sends with counts per status' } },
      async (request) => {
        const ctx = requireRole(request, 'sales');
        return { data: await listBatches(db, ctx.workspaceId) };
      },
    );

    api.post(
      '/email/sends/:id/resolve',
      {
        schema: {
          tags,
          summary: 'Settle an uncertain send',
          params: z.strictObject({ id: z.uuid() }),
          body: ResolveSendSchema,
        },
      },
      async (request, reply) => {
        const ctx = requireRole(request, 'marketer');
        await resolveUncertainSend(db, ctx, request.params.id, request.body.outcome);
        return reply.code(204).send();
      },
    );

    api.post(
      '/email/feedback',
      {
        schema: {
          tags,
          summary:
            'Report a bounce (RFC 3464 DSN) or complaint (RFC 5965 ARF): the raw message as message/rfc822',
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'admin');
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new HttpProblem(415, 'Unsupported Media Type', {
            detail: 'Post the raw report message with Content-Type: message/rfc822',
          });
        }
        return processFeedback(db, ctx.workspaceId, body);
      },
    );
  });
}
