import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { ListFieldMap } from './list-fields.ts';
import { listDescription, listQuerystring } from './list-querystring.ts';
import { requireAccount } from './record-access.ts';

const IdParams = z.strictObject({ id: z.uuid() });

/** A page of records as every list endpoint answers it. */
export interface RecordPage<Out> {
  data: Out[];
  nextCursor: string | null;
}

/**
 * What one CRM record type (accounts, contacts, opportunities) is over HTTP: its names, its input and
 * output contracts, its list fields and the domain functions that do the work.
 */
export interface RecordRoutesSpec<Fields extends z.ZodType, Patch extends z.ZodType, Out, Detail = Out> {
  /** The collection: path segment, OpenAPI tag and plural in summaries, e.g. `contacts`. */
  plural: string;
  /** One record with its article, for summaries: `a contact`, `an opportunity`. */
  one: string;
  /** The record's name alone: `contact`. */
  noun: string;
  /** Input of create. */
  fields: Fields;
  /** Input of update: the same fields, all optional (`fields.partial()`). */
  patch: Patch;
  /** Output of list, create and update. */
  output: z.ZodType<Out>;
  /** Output of create and update when it says more (the normalisation warnings); default `output`. */
  written?: z.ZodType;
  /** Output of GET /{plural}/{id} when it says more than `output` (the account's parent and counts). */
  detail?: { schema: z.ZodType<Detail>; summary: string };
  list: {
    fields: ListFieldMap;
    defaultSort: string;
    /** What `q` searches, for the OpenAPI description: `name and domain`. */
    search: string;
    /** Also serve `GET /accounts/{id}/{plural}` (the same list for one account). */
    perAccount: boolean;
  };
  run: {
    list(db: Kysely<DB>, workspaceId: string, query: Record<string, unknown>): Promise<RecordPage<Out>>;
    create(db: Kysely<DB>, ctx: AuthContext, input: z.infer<Fields>): Promise<Out>;
    get(db: Kysely<DB>, workspaceId: string, id: string): Promise<Detail>;
    update(db: Kysely<DB>, ctx: AuthContext, id: string, patch: z.infer<Patch>): Promise<Out>;
    remove(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void>;
  };
}

/**
 * List, create, get, update and delete routes for one record type, with the same roles for every
 * type: sales list, read and update (only records they own, checked by `update`); marketers and admins
 * create and delete.
 *
 * @example
 * await recordRoutes(api, database, { plural: 'contacts', one: 'a contact', noun: 'contact', … });
 */
export async function recordRoutes<Fields extends z.ZodType, Patch extends z.ZodType, Out, Detail = Out>(
  app: FastifyInstance,
  database: Database,
  spec: RecordRoutesSpec<Fields, Patch, Out, Detail>,
): Promise<void> {
  // The zod type provider cannot resolve schemas that are type parameters, so params and querystring
  // are typed by the route generics (their schemas are concrete here) and the body, already validated
  // by the app's zod validator compiler, is parsed once more with the record's own schema to type it
  // (the fields' transforms are idempotent: trimming, case folding).
  type Query = Record<string, unknown>;
  type Params = z.infer<typeof IdParams>;
  const { db } = database;
  const { plural, one, noun, run } = spec;
  const tags = [plural];
  const querystring = listQuerystring(spec.list.fields, spec.list.defaultSort, spec.list.search);
  const ListOut = z.object({ data: z.array(spec.output), nextCursor: z.string().nullable() });

  app.get<{ Querystring: Query }>(
    `/${plural}`,
    {
      schema: {
        tags,
        summary: `List ${plural}`,
        description: listDescription(plural, spec.list.fields),
        querystring,
        response: { 200: ListOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return run.list(db, ctx.workspaceId, request.query);
    },
  );

  if (spec.list.perAccount) {
    app.get<{ Querystring: Query; Params: Params }>(
      `/accounts/:id/${plural}`,
      {
        schema: {
          tags,
          summary: `An account's ${plural} (same filters as /${plural})`,
          params: IdParams,
          querystring,
          response: { 200: ListOut },
        },
      },
      async (request) => {
        const ctx = requireRole(request, 'sales');
        await requireAccount(db, ctx.workspaceId, request.params.id);
        return run.list(db, ctx.workspaceId, { ...request.query, accountId: request.params.id });
      },
    );
  }

  app.post(
    `/${plural}`,
    {
      schema: {
        tags,
        summary: `Create ${one}`,
        body: spec.fields,
        response: { 201: spec.written ?? spec.output },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await run.create(db, ctx, spec.fields.parse(request.body)));
    },
  );

  app.get<{ Params: Params }>(
    `/${plural}/:id`,
    {
      schema: {
        tags,
        summary: spec.detail?.summary ?? `One ${noun}`,
        params: IdParams,
        response: { 200: spec.detail?.schema ?? spec.output },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return run.get(db, ctx.workspaceId, request.params.id);
    },
  );

  app.patch<{ Params: Params }>(
    `/${plural}/:id`,
    {
      schema: {
        tags,
        summary: `Update ${one} (sales: only ${plural} they own)`,
        params: IdParams,
        body: spec.patch,
        response: { 200: spec.written ?? spec.output },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return run.update(db, ctx, request.params.id, spec.patch.parse(request.body));
    },
  );

  app.delete<{ Params: Params }>(
    `/${plural}/:id`,
    {
      schema: { tags, summary: `Delete ${one} (marketer or admin)`, params: IdParams },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await run.remove(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
