import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { changeNote } from './change-note.ts';
import { createNote } from './create-note.ts';
import { listNotes } from './list-notes.ts';
import { NoteInputSchema, NoteOutSchema } from './note-output.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['notes'];

/** Account notes: everyone (sales too) reads and writes them; only the author or an admin edits. */
export async function notesRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/accounts/:id/notes',
    {
      schema: {
        tags,
        summary: "An account's notes, newest first",
        params: IdParams,
        response: { 200: z.object({ data: z.array(NoteOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listNotes(db, ctx.workspaceId, request.params.id) };
    },
  );

  api.post(
    '/accounts/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note',
        params: IdParams,
        body: NoteInputSchema,
        response: { 201: NoteOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      return reply.code(201).send(await createNote(db, ctx, request.params.id, request.body.body));
    },
  );

  api.patch(
    '/notes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a note (author or admin)',
        params: IdParams,
        body: NoteInputSchema,
        response: { 200: NoteOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const note = await changeNote(db, ctx, request.params.id, request.body.body);
      if (!note) throw new HttpProblem(404, 'Not found');
      return note;
    },
  );

  api.delete(
    '/notes/:id',
    {
      schema: { tags, summary: 'Delete a note (author or admin)', params: IdParams },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      await changeNote(db, ctx, request.params.id, null);
      return reply.code(204).send();
    },
  );
}
