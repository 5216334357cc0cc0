import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { ErasureResultSchema, erasePerson } from './erase-person.ts';
import { exportPerson, PersonExportSchema } from './export-person.ts';
import { PersonTargetSchema } from './find-person.ts';

const tags = ['privacy'];

/** Data-subject requests (GDPR Art. 15 and 17), admin only: export one person, erase one person. */
export async function privacyRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.post(
    '/privacy/erasures',
    {
      schema: {
        tags,
        summary: 'Erase a person (by contactId or email); returns what was erased per table',
        body: PersonTargetSchema,
        response: { 200: ErasureResultSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      return erasePerson(db, ctx, request.body);
    },
  );

  api.get(
    '/privacy/people/export',
    {
      schema: {
        tags,
        summary: 'Everything held about one person (by contactId or email), as JSON',
        querystring: PersonTargetSchema,
        response: { 200: PersonExportSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      return exportPerson(db, ctx.workspaceId, request.query);
    },
  );
}
