import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { checkReferences } from './check-references.ts';
import { enrollAccounts } from './enroll-accounts.ts';
import { PlayDefinitionSchema } from './play-definition.ts';
import { AccountPlaySchema, accountPlays, listRuns, RunOutSchema } from './play-runs.ts';
import { PlayStatsSchema } from './play-stats-schema.ts';
import { playStepStats } from './play-step-stats.ts';
import { createPlay, getPlayOrThrow, listPlays, setPlayStatus, updatePlay } from './play-store.ts';
import { simulatePlay } from './simulate-play.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['plays'];
const Name = z.string().trim().min(1).max(200);

const PlayOutSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['draft', 'active', 'paused', 'stopped']),
  version: z.number().int(),
  definition: PlayDefinitionSchema,
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  runs: z.object({ active: z.number(), heldOut: z.number(), goal: z.number(), exited: z.number() }),
});

const SimulationSchema = z.object({
  entering: z.number().nullable(),
  alreadyIn: z.number(),
  heldOutExpected: z.number(),
  tracks: z.array(z.object({ key: z.string(), name: z.string(), accounts: z.number(), people: z.number() })),
  sample: z.array(
    z.object({ accountId: z.uuid(), name: z.string(), tracks: z.record(z.string(), z.number()) }),
  ),
});

/** Plays: definitions with versions, status, simulation, manual enrollment, runs; an account's plays. */
export async function playsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/plays',
    {
      schema: {
        tags,
        summary: 'Plays with run counts',
        response: { 200: z.object({ data: z.array(PlayOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listPlays(db, ctx.workspaceId) };
    },
  );

  api.post(
    '/plays',
    {
      schema: {
        tags,
        summary: 'Create a play (a draft)',
        body: z.strictObject({ name: Name, definition: PlayDefinitionSchema }),
        response: { 201: PlayOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await checkReferences(db, ctx.workspaceId, request.body.definition);
      return reply.code(201).send(await createPlay(db, ctx, request.body));
    },
  );

  api.get(
    '/plays/:id',
    { schema: { tags, summary: 'A play', params: IdParams, response: { 200: PlayOutSchema } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return getPlayOrThrow(db, ctx.workspaceId, request.params.id);
    },
  );

  api.patch(
    '/plays/:id',
    {
      schema: {
        tags,
        summary: 'Rename a play or save a new version of its definition (running accounts keep theirs)',
        params: IdParams,
        body: z.strictObject({ name: Name.optional(), definition: PlayDefinitionSchema.optional() }),
        response: { 200: PlayOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      if (request.body.definition) await checkReferences(db, ctx.workspaceId, request.body.definition);
      return updatePlay(db, ctx, request.params.id, request.body);
    },
  );

  api.post(
    '/plays/:id/status',
    {
      schema: {
        tags,
        summary: 'Activate, pause, resume or stop a play',
        params: IdParams,
        body: z.strictObject({ status: z.enum(['active', 'paused', 'stopped']) }),
        response: { 200: PlayOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return setPlayStatus(db, ctx, request.params.id, request.body.status);
    },
  );

  api.post(
    '/plays/:id/simulate',
    {
      schema: {
        tags,
        summary: 'Which accounts would enter now, and which persona tracks would start (nothing is written)',
        params: IdParams,
        response: { 200: SimulationSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const play = await getPlayOrThrow(db, ctx.workspaceId, request.params.id);
      return simulatePlay(db, ctx.workspaceId, play.definition, play.id);
    },
  );

  api.post(
    '/plays/simulate',
    {
      schema: {
        tags,
        summary: 'Simulate a draft definition before saving it',
        body: z.strictObject({ definition: PlayDefinitionSchema }),
        response: { 200: SimulationSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      await checkReferences(db, ctx.workspaceId, request.body.definition);
      return simulatePlay(db, ctx.workspaceId, request.body.definition, null);
    },
  );

  api.post(
    '/plays/:id/enroll',
    {
      schema: {
        tags,
        summary: 'Enter accounts into an active play (API entry)',
        params: IdParams,
        body: z.strictObject({ accountIds: z.array(z.uuid()).min(1).max(10_000) }),
        response: { 200: z.object({ entered: z.number(), heldOut: z.number(), skipped: z.number() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const play = await getPlayOrThrow(db, ctx.workspaceId, request.params.id);
      if (play.status !== 'active')
        throw new HttpProblem(409, 'Conflict', { detail: 'Only an active play takes accounts' });
      return enrollAccounts(db, ctx.workspaceId, play.id, request.body.accountIds, 'entry: api');
    },
  );

  api.get(
    '/plays/:id/runs',
    {
      schema: {
        tags,
        summary: "A play's runs, newest first, with their steps' progress",
        params: IdParams,
        querystring: z.strictObject({
          status: z.enum(['active', 'held_out', 'goal', 'exited', 'stopped']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(RunOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      await getPlayOrThrow(db, ctx.workspaceId, request.params.id);
      return { data: await listRuns(db, ctx.workspaceId, request.params.id, request.query) };
    },
  );

  api.get(
    '/plays/:id/stats',
    {
      schema: {
        tags,
        summary: "A play's dashboard: runs by status, and accounts and people per track and step",
        params: IdParams,
        response: { 200: PlayStatsSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const play = await getPlayOrThrow(db, ctx.workspaceId, request.params.id);
      return playStepStats(db, ctx.workspaceId, play.id, play.version);
    },
  );

  api.get(
    '/accounts/:id/plays',
    {
      schema: {
        tags,
        summary: 'The plays an account is in, with its next scheduled steps',
        params: IdParams,
        response: { 200: z.object({ data: z.array(AccountPlaySchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await accountPlays(db, ctx.workspaceId, request.params.id) };
    },
  );
}
