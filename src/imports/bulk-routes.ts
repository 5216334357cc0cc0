import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AccountKeySchema, AccountUpsertSchema, upsertAccounts } from '../accounts/upsert-accounts.ts';
import { requireRole } from '../auth/auth-hook.ts';
import { ContactKeySchema, ContactUpsertSchema, upsertContacts } from '../contacts/upsert-contacts.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import {
  OpportunityKeySchema,
  OpportunityUpsertSchema,
  upsertOpportunities,
} from '../opportunities/upsert-opportunities.ts';
import type { UpsertResult } from '../records/upsert-result.ts';

/** Most records one bulk request may carry. */
export const MAX_BULK_RECORDS = 10_000;

const ResultOut = z.object({
  index: z.number(),
  outcome: z.enum(['inserted', 'updated', 'unchanged', 'rejected']),
  id: z.string().nullable(),
  reason: z.string().optional(),
  field: z.string().optional(),
  warning: z.string().optional(),
});
const BulkOut = z.object({
  counts: z.object({
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    rejected: z.number(),
  }),
  results: z.array(ResultOut),
});

class Rejected extends Error {
  constructor(readonly result: UpsertResult) {
    super('rejected');
  }
}

/**
 * Run a bulk upsert all-or-nothing: when any record is rejected (duplicate key, unknown reference,
 * key held by another record) the transaction rolls back and the caller gets a 422 naming each one.
 */
async function allOrNothing(
  db: Kysely<DB>,
  run: (trx: Kysely<DB>) => Promise<UpsertResult>,
): Promise<UpsertResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await run(trx);
      if (result.counts.rejected > 0) throw new Rejected(result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    const errors = error.result.results
      .filter((r) => r.outcome === 'rejected')
      .map((r) => ({
        path: `body.records.${r.index}${r.field ? `.${r.field}` : ''}`,
        message: r.reason ?? 'rejected',
      }));
    throw new HttpProblem(422, 'Records rejected', {
      detail: `${errors.length} of ${error.result.results.length} records were rejected; nothing was written. ${errors
        .slice(0, 5)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
      errors,
    });
  }
}

function bodySchema<K extends z.ZodType, R extends z.ZodType>(key: K, record: R) {
  return z.strictObject({
    key: key.optional(),
    records: z
      .array(record)
      .min(1, 'must hold at least one record')
      .max(
        MAX_BULK_RECORDS,
        `must hold at most ${MAX_BULK_RECORDS} records; split larger loads into several requests`,
      ),
  });
}

/**
 * `POST /accounts/bulk`, `/contacts/bulk`, `/opportunities/bulk`: up to 10,000 records a request,
 * validated as a whole before anything is written, upserted in one transaction.
 */
export async function bulkRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const describe = (noun: string, keys: string) =>
    `Insert or update up to ${MAX_BULK_RECORDS} ${noun} in one transaction, matched by \`key\` (${keys}). ` +
    'Identical records are reported unchanged. Any invalid or rejected record fails the whole request (400/422) and nothing is written.';

  api.post(
    '/accounts/bulk',
    {
      schema: {
        tags: ['accounts'],
        description: describe('accounts', 'auto, salesforceId, hubspotId, domain, id'),
        body: bodySchema(AccountKeySchema, AccountUpsertSchema),
        response: { 200: BulkOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const { key, records } = request.body;
      const result = await allOrNothing(db, (trx) => upsertAccounts(trx, ctx, records, key ? { key } : {}));
      return { counts: result.counts, results: result.results };
    },
  );

  api.post(
    '/contacts/bulk',
    {
      schema: {
        tags: ['contacts'],
        description: describe('contacts', 'auto, email, salesforceId, hubspotId, id'),
        body: bodySchema(ContactKeySchema, ContactUpsertSchema),
        response: { 200: BulkOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const { key, records } = request.body;
      const result = await allOrNothing(db, (trx) => upsertContacts(trx, ctx, records, key ? { key } : {}));
      return { counts: result.counts, results: result.results };
    },
  );

  api.post(
    '/opportunities/bulk',
    {
      schema: {
        tags: ['opportunities'],
        description: describe('opportunities', 'auto, salesforceId, hubspotId, id'),
        body: bodySchema(OpportunityKeySchema, OpportunityUpsertSchema),
        response: { 200: BulkOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const { key, records } = request.body;
      const result = await allOrNothing(db, (trx) =>
        upsertOpportunities(trx, ctx, records, key ? { key } : {}),
      );
      return { counts: result.counts, results: result.results };
    },
  );
}
