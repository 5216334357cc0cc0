import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  AccountKeySchema,
  AccountUpsertSchema,
  type PendingParent,
  upsertAccounts,
} from '../accounts/upsert-accounts.ts';
import { ActivityFieldsSchema } from '../activities/activity-fields.ts';
import { insertActivities } from '../activities/insert-activities.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { ContactKeySchema, ContactUpsertSchema, upsertContacts } from '../contacts/upsert-contacts.ts';
import type { DB } from '../db/schema.ts';
import {
  OpportunityKeySchema,
  OpportunityUpsertSchema,
  upsertOpportunities,
} from '../opportunities/upsert-opportunities.ts';
import type { BulkOptions, KeyClaims, RecordResult } from '../records/upsert-result.ts';
import type { ImportKind } from './field-aliases.ts';
import { ImportFileError } from './read-csv.ts';

/** Outcome of one written batch. */
export interface BatchOutcome {
  results: RecordResult[];
  pendingParents: PendingParent[];
}

/** A batch taken from a batcher: its row numbers and how to write it. */
export interface TakenBatch {
  /** Row numbers of the records, in order (results are by position). */
  readonly rows: readonly number[];
  write(db: Kysely<DB>, ctx: AuthContext, seen: KeyClaims): Promise<BatchOutcome>;
}

/** Collects validated records of one kind and hands them out a batch at a time. */
export interface KindBatcher {
  /** Validate and queue a record; returns why it is invalid instead. */
  add(raw: Record<string, unknown>, row: number): string | null;
  readonly size: number;
  /** Take the queued records as a batch (the batcher starts empty again). */
  take(): TakenBatch;
}

function issues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function batcher<R, K extends string>(
  schema: z.ZodType<R>,
  key: K | undefined,
  write: (
    db: Kysely<DB>,
    ctx: AuthContext,
    records: R[],
    options: BulkOptions<K>,
  ) => Promise<{ results: RecordResult[]; pendingParents?: PendingParent[] }>,
  enrich?: (record: R) => R,
): KindBatcher {
  let records: R[] = [];
  let rows: number[] = [];
  return {
    add(raw, row) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return issues(parsed.error);
      records.push(enrich ? enrich(parsed.data) : parsed.data);
      rows.push(row);
      return null;
    },
    get size() {
      return records.length;
    },
    take() {
      const batch = records;
      const batchRows = rows;
      records = [];
      rows = [];
      return {
        rows: batchRows,
        async write(db, ctx, seen) {
          const out = await write(db, ctx, batch, {
            ...(key ? { key } : {}),
            audit: false,
            rowNumbers: batchRows,
            seen,
          });
          return { results: out.results, pendingParents: out.pendingParents ?? [] };
        },
      };
    },
  };
}

function parseKey<K extends string>(
  schema: z.ZodType<K>,
  key: string | undefined,
  kind: ImportKind,
): K | undefined {
  if (key === undefined) return undefined;
  const parsed = schema.safeParse(key);
  if (!parsed.success) {
    const allowed =
      'options' in schema && Array.isArray(schema.options) ? schema.options.join(', ') : 'see --help';
    throw new ImportFileError(`--key "${key}" is not a key for ${kind} (use ${allowed})`);
  }
  return parsed.data;
}

/**
 * An activity without a messageId gets one derived from its content, so importing the same file
 * twice stores each activity once.
 */
function withMessageId(record: z.infer<typeof ActivityFieldsSchema>): z.infer<typeof ActivityFieldsSchema> {
  if (record.messageId) return record;
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        record.type,
        record.occurredAt,
        record.contactEmail ?? null,
        record.contactId ?? null,
        record.accountId ?? null,
        record.properties ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 40);
  return { ...record, messageId: `import:${digest}` };
}

/** The batcher for a kind, with its key checked. */
export function kindBatcher(kind: ImportKind, key: string | undefined): KindBatcher {
  switch (kind) {
    case 'accounts':
      return batcher(AccountUpsertSchema, parseKey(AccountKeySchema, key, kind), upsertAccounts);
    case 'contacts':
      return batcher(ContactUpsertSchema, parseKey(ContactKeySchema, key, kind), upsertContacts);
    case 'opportunities':
      return batcher(OpportunityUpsertSchema, parseKey(OpportunityKeySchema, key, kind), upsertOpportunities);
    case 'activities':
      if (key !== undefined && key !== 'messageId') {
        throw new ImportFileError('--key: activities are always matched by messageId');
      }
      return batcher(ActivityFieldsSchema, undefined, insertActivities, withMessageId);
  }
}
