import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { accountCommittee } from './account-committee.ts';
import { reassignAllPersonas } from './assign-personas.ts';
import { classifyTitle } from './classify-title.ts';
import { committeeSummary } from './committee-summary.ts';
import { PersonaCreateSchema, PersonaPatchSchema } from './persona-fields.ts';
import { createPersona, deletePersona, getPersona, listPersonas, updatePersona } from './persona-store.ts';
import { COMMITTEE_ROLES } from './tables.ts';
import { JOB_FUNCTIONS, SENIORITIES } from './title-rules.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const PersonaOut = z.object({
  id: z.string(),
  name: z.string(),
  functions: z.array(z.enum(JOB_FUNCTIONS)),
  seniorities: z.array(z.enum(SENIORITIES)),
  includeKeywords: z.array(z.string()),
  excludeKeywords: z.array(z.string()),
  committeeRole: z.enum(COMMITTEE_ROLES),
  active: z.boolean(),
  contactCount: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ContactOut = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  function: z.string().nullable(),
  seniority: z.string().nullable(),
});
const CommitteeOut = z.object({
  accountId: z.string(),
  contactCount: z.number(),
  roles: z.array(
    z.object({
      role: z.enum(COMMITTEE_ROLES),
      covered: z.boolean(),
      contactCount: z.number(),
      personas: z.array(z.object({ id: z.string(), name: z.string(), contacts: z.array(ContactOut) })),
    }),
  ),
  missingRoles: z.array(z.enum(COMMITTEE_ROLES)),
  unassigned: z.array(ContactOut),
});
const Share = z.object({ accounts: z.number(), share: z.number() });
const SummaryOut = z.object({
  targetAccounts: z.number(),
  minContacts: z.number(),
  withMinContacts: Share,
  roles: z.array(z.object({ role: z.enum(COMMITTEE_ROLES), accounts: z.number(), share: z.number() })),
  fullyCovered: Share,
});
const Rule = z
  .object({
    id: z.string(),
    language: z.string(),
    keyword: z.string(),
    matched: z.string(),
    function: z.string().nullable(),
    seniority: z.string().nullable(),
  })
  .nullable();
const ClassificationOut = z.object({
  title: z.string(),
  function: z.enum(JOB_FUNCTIONS),
  seniority: z.enum(SENIORITIES),
  explain: z.object({
    functionRule: Rule,
    seniorityRule: Rule,
    fired: z.array(Rule.unwrap()),
    normalized: z.string(),
    ignored: z.string(),
  }),
});

/** Personas, buying-committee coverage and title classification. */
export async function personaRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const tags = ['personas'];

  api.get(
    '/personas',
    { schema: { tags, response: { 200: z.object({ data: z.array(PersonaOut) }) } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listPersonas(db, ctx.workspaceId) };
    },
  );

  api.post(
    '/personas',
    { schema: { tags, body: PersonaCreateSchema, response: { 201: PersonaOut } } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await createPersona(db, ctx, request.body));
    },
  );

  api.get(
    '/personas/:id',
    { schema: { tags, params: IdParams, response: { 200: PersonaOut } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const persona = await getPersona(db, ctx.workspaceId, request.params.id);
      if (!persona)
        throw new HttpProblem(404, 'Not found', {
          detail: `No persona ${request.params.id} in this workspace`,
        });
      return persona;
    },
  );

  api.patch(
    '/personas/:id',
    { schema: { tags, params: IdParams, body: PersonaPatchSchema, response: { 200: PersonaOut } } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return updatePersona(db, ctx, request.params.id, request.body);
    },
  );

  api.delete('/personas/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const ctx = requireRole(request, 'marketer');
    await deletePersona(db, ctx, request.params.id);
    return reply.code(204).send();
  });

  api.post(
    '/personas/reassign',
    { schema: { tags, response: { 200: z.object({ contacts: z.number() }) } } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return { contacts: await reassignAllPersonas(db, ctx.workspaceId) };
    },
  );

  api.get(
    '/accounts/:id/committee',
    { schema: { tags, params: IdParams, response: { 200: CommitteeOut } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return accountCommittee(db, ctx.workspaceId, request.params.id);
    },
  );

  api.get(
    '/committee/summary',
    {
      schema: {
        tags,
        querystring: z.strictObject({ minContacts: z.coerce.number().int().min(1).max(10_000).default(3) }),
        response: { 200: SummaryOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return committeeSummary(db, ctx.workspaceId, request.query.minContacts);
    },
  );

  api.post(
    '/titles/classify',
    {
      schema: {
        tags,
        body: z.strictObject({ titles: z.array(z.string().max(1000)).min(1).max(10_000) }),
        response: { 200: z.object({ data: z.array(ClassificationOut) }) },
      },
    },
    async (request) => {
      requireRole(request, 'sales');
      return {
        data: request.body.titles.map((title) => {
          const c = classifyTitle(title);
          return {
            title,
            function: c.function,
            seniority: c.seniority,
            explain: {
              functionRule: c.functionRule,
              seniorityRule: c.seniorityRule,
              fired: c.fired,
              normalized: c.normalized,
              ignored: c.ignored,
            },
          };
        }),
      };
    },
  );
}
