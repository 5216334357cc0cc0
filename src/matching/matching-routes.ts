import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { decideMatch } from './decide-match.ts';
import { matchSingleLead } from './match-single-lead.ts';
import { DEFAULT_MATCH_CONFIG } from './match-types.ts';
import { rematchWorkspace } from './rematch-workspace.ts';
import { listReviewQueue } from './review-queue.ts';

const field = (max: number) => z.string().max(max).nullable().optional();
const MatchBody = z.strictObject({
  email: field(320),
  company: field(1000),
  website: field(2048),
  country: field(100),
  city: field(200),
  phone: field(64),
  threshold: z.number().min(0).max(1).optional(),
});
const MethodOut = z.string().nullable();
const CandidateOut = z.object({
  accountId: z.string(),
  accountName: z.string(),
  confidence: z.number(),
  method: z.string(),
});
const MatchOut = z.object({
  status: z.enum(['matched', 'weak', 'none']),
  accountId: z.string().nullable(),
  confidence: z.number(),
  method: MethodOut,
  evidence: z.array(z.string()),
  reason: z.string().nullable(),
  candidates: z.array(CandidateOut),
});
const ReviewQuery = z.strictObject({
  status: z.enum(['weak', 'unmatched', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});
const ReviewItemOut = z.object({
  contactId: z.string(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  country: z.string().nullable(),
  status: z.enum(['weak', 'unmatched']),
  suggestedAccountId: z.string().nullable(),
  confidence: z.number(),
  reason: z.string().nullable(),
  evidence: z.array(z.string()),
  candidates: z.array(CandidateOut),
});
const ContactParams = z.strictObject({ contactId: z.uuid() });
const DecisionOut = z.object({
  contactId: z.string(),
  decision: z.enum(['assign', 'reject']),
  accountId: z.string().nullable(),
  matchMethod: z.literal('manual'),
  matchConfidence: z.number().nullable(),
});
const RematchOut = z.object({
  contacts: z.number(),
  matched: z.number(),
  weak: z.number(),
  unmatched: z.number(),
  manual: z.number(),
  explicit: z.number(),
  changed: z.number(),
  ms: z.number(),
});

/** Lead-to-account matching: single-lead match, review queue with assign/reject, bulk re-match. */
export async function matchingRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const tags = ['matching'];

  api.post(
    '/matching/match',
    { schema: { tags, body: MatchBody, response: { 200: MatchOut } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { threshold, ...lead } = request.body;
      const config = threshold === undefined ? DEFAULT_MATCH_CONFIG : { ...DEFAULT_MATCH_CONFIG, threshold };
      return matchSingleLead(db, ctx.workspaceId, lead, config);
    },
  );

  api.get(
    '/matching/review',
    {
      schema: {
        tags,
        querystring: ReviewQuery,
        response: { 200: z.object({ data: z.array(ReviewItemOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return listReviewQueue(db, ctx.workspaceId, { status: q.status, limit: q.limit, after: q.cursor });
    },
  );

  api.post(
    '/matching/review/:contactId/assign',
    {
      schema: {
        tags,
        params: ContactParams,
        body: z.strictObject({ accountId: z.uuid() }),
        response: { 200: DecisionOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return decideMatch(db, ctx, request.params.contactId, 'assign', request.body.accountId);
    },
  );

  api.post(
    '/matching/review/:contactId/reject',
    {
      schema: {
        tags,
        params: ContactParams,
        body: z.strictObject({ accountId: z.uuid().optional() }).nullish(),
        response: { 200: DecisionOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return decideMatch(db, ctx, request.params.contactId, 'reject', request.body?.accountId ?? null);
    },
  );

  api.post('/matching/rematch', { schema: { tags, response: { 200: RematchOut } } }, async (request) => {
    const ctx = requireRole(request, 'marketer');
    return rematchWorkspace(db, ctx.workspaceId, { ctx });
  });
}
