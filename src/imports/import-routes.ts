import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ImportKindSchema } from './field-aliases.ts';
import { importCsv } from './import-csv.ts';
import { getImport, getImportRejects, listImports } from './import-store.ts';
import { parseMapOption } from './map-columns.ts';
import { previewCsv } from './preview-csv.ts';
import { ImportFileError } from './read-csv.ts';

/** Largest CSV upload accepted by the import endpoint. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

/** Rows per transaction of an HTTP import on the embedded database. */
const EMBEDDED_BATCH_ROWS = 1000;

const CSV_TYPES = ['text/csv', 'application/csv', 'text/tab-separated-values', 'application/vnd.ms-excel'];

const KindParams = z.strictObject({ kind: ImportKindSchema });
const IdParams = z.strictObject({ id: z.uuid() });
const ImportQuery = z.strictObject({
  dryRun: z.stringbool().optional(),
  map: z.string().max(20_000).optional(),
  key: z.string().max(50).optional(),
  fileName: z.string().max(500).optional(),
  importId: z
    .uuid()
    .optional()
    .describe('Record the import under this id, to poll GET /imports/{id} for its progress while it runs'),
});

const ImportOut = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string().nullable(),
  status: z.enum(['running', 'done', 'failed']),
  dryRun: z.boolean(),
  mapping: z.record(z.string(), z.unknown()),
  rowsTotal: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  hasRejects: z.boolean(),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  elapsedSeconds: z.number(),
  rowsPerSecond: z.number().nullable(),
});

/** The uploaded body as a byte stream, cut off with a 413 past the limit. */
async function* uploadBytes(request: FastifyRequest): AsyncGenerator<Buffer> {
  const body = request.body;
  if (!(body instanceof Readable)) {
    throw new HttpProblem(415, 'Unsupported media type', {
      detail: `Send the file as the raw request body with Content-Type: ${CSV_TYPES[0]}`,
    });
  }
  let size = 0;
  // A reader that stops early (the preview, a file error) must not destroy the request: its unread
  // rest is drained after the answer (see importRoutes), so the keep-alive connection stays usable.
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > MAX_IMPORT_BYTES) {
      body.destroy();
      throw new HttpProblem(413, 'Payload too large', {
        detail: `The file exceeds ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it or import it with the CLI`,
      });
    }
    yield bytes;
  }
}

function fileProblem(error: unknown): never {
  if (error instanceof ImportFileError) {
    throw new HttpProblem(400, 'The file cannot be imported', {
      detail: error.message,
      ...(error.importId ? { extra: { importId: error.importId } } : {}),
    });
  }
  throw error;
}

/**
 * CSV import over HTTP: `POST /imports/{kind}` (text/csv body, streamed), `POST /imports/{kind}/preview`
 * for the import wizard, and the import history with its rejects. Marketer and admin.
 */
export async function importRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const { db } = database;
  await app.register(async (scoped) => {
    // The CSV body is handed to the route as a stream; nothing is buffered.
    scoped.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
    // Answered before the whole upload was read (preview, file errors): read and drop the rest, or
    // the next request a client sends on this keep-alive connection is never parsed.
    scoped.addHook('onResponse', async (request) => {
      const raw = request.raw;
      if (raw.complete || raw.destroyed) return;
      // The stopped reader's 'readable' listener would keep the stream paused.
      raw.removeAllListeners('readable');
      raw.resume();
    });
    const api = scoped.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/imports/:kind',
      {
        schema: {
          tags: ['imports'],
          description:
            'Import a CSV file (UTF-8 or UTF-16; `,` `;` or tab) as the raw `text/csv` body, up to 1 GB. ' +
            'Headers from Salesforce and HubSpot exports map automatically; `map=Header=field,Other=custom.x,Skip=` overrides. ' +
            'Bad rows are rejected with their row number and reason (see /imports/{id}/rejects), never stopping the import. ' +
            'Pass `importId` (a new UUID) to follow the running import with GET /imports/{id}.',
          params: KindParams,
          querystring: ImportQuery,
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'marketer');
        const { kind } = request.params;
        const { dryRun, map, key, fileName, importId } = request.query;
        try {
          return await importCsv(db, ctx, uploadBytes(request), {
            kind,
            map: parseMapOption(map),
            ...(key ? { key } : {}),
            dryRun: dryRun ?? false,
            fileName: fileName ?? null,
            ...(importId ? { importId } : {}),
            // The embedded database runs each statement on the server's thread: smaller batches keep
            // other requests answered within a fraction of a second during an import (same throughput).
            ...(database.kind === 'embedded' ? { batchSize: EMBEDDED_BATCH_ROWS } : {}),
          });
        } catch (error) {
          fileProblem(error);
        }
      },
    );

    api.post(
      '/imports/:kind/preview',
      {
        schema: {
          tags: ['imports'],
          description:
            'Detect the encoding and delimiter, propose the column mapping and show the first 20 rows as they would be imported. Nothing is written.',
          params: KindParams,
          querystring: ImportQuery.pick({ map: true }),
        },
      },
      async (request) => {
        requireRole(request, 'marketer');
        try {
          const preview = await previewCsv(request.params.kind, uploadBytes(request), {
            map: parseMapOption(request.query.map),
          });
          return preview;
        } catch (error) {
          fileProblem(error);
        }
      },
    );

    api.get(
      '/imports',
      { schema: { tags: ['imports'], response: { 200: z.object({ data: z.array(ImportOut) }) } } },
      async (request) => {
        const ctx = requireRole(request, 'marketer');
        return { data: await listImports(db, ctx.workspaceId) };
      },
    );

    api.get(
      '/imports/:id',
      {
        schema: {
          tags: ['imports'],
          description:
            'One import. While `status` is `running`, `rowsTotal` and the counts are the progress so far ' +
            '(updated about twice a second), with `elapsedSeconds` and `rowsPerSecond`.',
          params: IdParams,
          response: { 200: ImportOut },
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'marketer');
        const found = await getImport(db, ctx.workspaceId, request.params.id);
        if (!found) throw new HttpProblem(404, 'Not found', { detail: 'No such import in this workspace' });
        return found;
      },
    );

    api.get(
      '/imports/:id/rejects',
      {
        schema: {
          tags: ['imports'],
          params: IdParams,
          description: 'The rejected rows as CSV with `_row` and `_reason`.',
        },
      },
      async (request, reply) => {
        const ctx = requireRole(request, 'marketer');
        const csv = await getImportRejects(db, ctx.workspaceId, request.params.id);
        if (csv === undefined)
          throw new HttpProblem(404, 'Not found', { detail: 'No such import in this workspace' });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${request.params.id}-rejects.csv"`)
          .send(csv ?? '');
      },
    );
  });
}
