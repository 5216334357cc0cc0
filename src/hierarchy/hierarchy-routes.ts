import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { accountHierarchy } from './account-hierarchy.ts';
import { findDuplicateAccounts } from './find-duplicate-accounts.ts';
import { mergeAccounts } from './merge-accounts.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const Stats = z.object({
  contacts: z.number(),
  opportunities: z.number(),
  openOpportunities: z.number(),
  openPipeline: z.number(),
  wonAmount: z.number(),
});
interface NodeOut {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  own: z.infer<typeof Stats>;
  rollup: z.infer<typeof Stats>;
  children: NodeOut[];
}
const Node: z.ZodType<NodeOut> = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  depth: z.number(),
  own: Stats,
  rollup: Stats,
  get children() {
    return z.array(Node);
  },
});
const Side = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  contacts: z.number(),
  lifecycle: z.string(),
  createdAt: z.date(),
});

/** Account hierarchy (tree with roll-ups), duplicate detection and merge. */
export async function hierarchyRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const tags = ['accounts'];

  api.get(
    '/accounts/:id/hierarchy',
    {
      schema: {
        tags,
        params: IdParams,
        response: {
          200: z.object({
            accountId: z.string(),
            ultimateParentId: z.string(),
            ancestors: z.array(z.string()),
            cycle: z.boolean(),
            truncated: z.boolean(),
            tree: Node,
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return accountHierarchy(db, ctx.workspaceId, request.params.id);
    },
  );

  api.get(
    '/accounts/duplicates',
    {
      schema: {
        tags,
        querystring: z.strictObject({
          minScore: z.coerce.number().min(0).max(1).default(0.6),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
          /** Only the duplicates of this account. */
          accountId: z.uuid().optional(),
        }),
        response: {
          200: z.object({
            data: z.array(
              z.object({ account: Side, duplicate: Side, score: z.number(), reasons: z.array(z.string()) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await findDuplicateAccounts(db, ctx.workspaceId, request.query) };
    },
  );

  api.post(
    '/accounts/:id/merge',
    {
      schema: {
        tags,
        params: IdParams,
        body: z.strictObject({ duplicateIds: z.array(z.uuid()).min(1).max(100) }),
        response: {
          200: z.object({
            survivorId: z.string(),
            mergedIds: z.array(z.string()),
            moved: z.object({
              contacts: z.number(),
              opportunities: z.number(),
              activities: z.number(),
              notes: z.number(),
              domains: z.number(),
              childAccounts: z.number(),
              other: z.record(z.string(), z.number()),
            }),
            notMoved: z.array(z.string()),
            filled: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return mergeAccounts(db, ctx, request.params.id, request.body.duplicateIds);
    },
  );
}
