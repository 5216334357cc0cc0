import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { listDecisions, RoutingDecisionOutSchema } from './list-decisions.ts';
import { routeAccounts } from './route-accounts.ts';
import { RuleInputSchema } from './routing-rule.ts';
import { deleteRule, listRules, RuleOutSchema, saveRule } from './rule-store.ts';
import { RoutingTestInputSchema, RoutingTestOutSchema, testRouting } from './test-routing.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['routing'];

/** Owner routing: everyone reads the rules and the audit; admins edit rules and re-route. */
export async function routingRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/routing/rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the order they are tried',
        response: { 200: z.object({ data: z.array(RuleOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listRules(db, ctx.workspaceId) };
    },
  );

  api.post(
    '/routing/rules',
    {
      schema: {
        tags,
        summary: 'Add a routing rule (admin)',
        body: RuleInputSchema,
        response: { 201: RuleOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      return reply.code(201).send(await saveRule(db, ctx, null, request.body));
    },
  );

  api.put(
    '/routing/rules/:id',
    {
      schema: {
        tags,
        summary: 'Replace a routing rule (admin)',
        params: IdParams,
        body: RuleInputSchema,
        response: { 200: RuleOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      return saveRule(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/routing/rules/:id',
    { schema: { tags, summary: 'Delete a routing rule (admin)', params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      await deleteRule(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/routing/test',
    {
      schema: {
        tags,
        summary: 'Which rule would route an account, and to whom (an unsaved rule, one rule, or all)',
        body: RoutingTestInputSchema,
        response: { 200: RoutingTestOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return testRouting(db, ctx.workspaceId, request.body);
    },
  );

  api.post(
    '/routing/reroute',
    {
      schema: {
        tags,
        summary: 'Route every unowned account now (admin)',
        body: z.strictObject({ scope: z.literal('unowned') }),
        response: {
          200: z.object({
            routed: z.number().int(),
            unmatched: z.number().int(),
            contacts: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      const result = await routeAccounts(db, ctx.workspaceId, 'unowned', 'reroute');
      await recordAudit(db, ctx, {
        action: 'routing.reroute',
        objectType: 'workspace',
        objectId: ctx.workspaceId,
        changes: { ...result },
      });
      return result;
    },
  );

  api.get(
    '/accounts/:id/routing',
    {
      schema: {
        tags,
        summary: 'Why an account and its contacts have their owners (the routing audit), newest first',
        params: IdParams,
        response: { 200: z.object({ data: z.array(RoutingDecisionOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listDecisions(db, ctx.workspaceId, request.params.id) };
    },
  );
}
