import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { runRaw } from '../records/upsert-result.ts';

export const ExportKindSchema = z.enum(['accounts', 'contacts', 'opportunities', 'activities']);
export type ExportKind = z.infer<typeof ExportKindSchema>;
export const ExportFormatSchema = z.enum(['csv', 'json', 'ndjson']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Exported columns per kind: camelCase names the importer maps back to the same fields. */
const COLUMNS: Record<ExportKind, [string, string][]> = {
  accounts: [
    ['id', 'id'],
    ['name', 'name'],
    ['domain', 'domain'],
    [
      'domains',
      `ARRAY(SELECT d.domain FROM account_domains d WHERE d.workspace_id = t.workspace_id AND d.account_id = t.id AND NOT d.is_primary ORDER BY d.domain)`,
    ],
    ['website', 'website'],
    ['industry', 'industry'],
    ['employeeCount', 'employee_count'],
    ['annualRevenue', 'annual_revenue'],
    ['currency', 'currency'],
    ['country', 'country'],
    ['region', 'region'],
    ['city', 'city'],
    ['technologies', 'technologies'],
    ['parentId', 'parent_id'],
    ['ownerId', 'owner_id'],
    ['lifecycle', 'lifecycle'],
    ['isTarget', 'is_target'],
    ['tier', 'tier'],
    ['salesforceId', 'salesforce_id'],
    ['hubspotId', 'hubspot_id'],
    ['externalIds', 'external_ids'],
    ['custom', 'custom'],
    ['createdAt', 'created_at'],
    ['updatedAt', 'updated_at'],
  ],
  contacts: [
    ['id', 'id'],
    ['email', 'email'],
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
    ['title', 'title'],
    ['phone', 'phone'],
    ['country', 'country'],
    ['accountId', 'account_id'],
    ['matchMethod', 'match_method'],
    ['matchConfidence', 'match_confidence'],
    ['unsubscribed', 'unsubscribed'],
    ['bounced', 'bounced'],
    ['doNotContact', 'do_not_contact'],
    ['consentBasis', 'consent_basis'],
    ['ownerId', 'owner_id'],
    ['salesforceId', 'salesforce_id'],
    ['hubspotId', 'hubspot_id'],
    ['externalIds', 'external_ids'],
    ['custom', 'custom'],
    ['createdAt', 'created_at'],
    ['updatedAt', 'updated_at'],
  ],
  opportunities: [
    ['id', 'id'],
    ['accountId', 'account_id'],
    ['name', 'name'],
    ['stage', 'stage'],
    ['amount', 'amount'],
    ['currency', 'currency'],
    ['createdDate', 'created_date'],
    ['closeDate', 'close_date'],
    ['isClosed', 'is_closed'],
    ['isWon', 'is_won'],
    ['ownerId', 'owner_id'],
    ['salesforceId', 'salesforce_id'],
    ['hubspotId', 'hubspot_id'],
    ['externalIds', 'external_ids'],
    ['custom', 'custom'],
    ['createdAt', 'created_at'],
    ['updatedAt', 'updated_at'],
  ],
  activities: [
    ['id', 'id::text'],
    ['type', 'type'],
    ['occurredAt', 'occurred_at'],
    ['accountId', 'account_id'],
    ['contactId', 'contact_id'],
    ['source', 'source'],
    ['messageId', 'message_id'],
    ['properties', 'properties'],
  ],
};

/** The exported column names of a kind, in order. */
export function exportColumns(kind: ExportKind): string[] {
  return COLUMNS[kind].map(([name]) => name);
}

function pageSql(kind: ExportKind): string {
  const select = COLUMNS[kind].map(([name, expr]) => `${expr} AS "${name}"`).join(', ');
  const idType = kind === 'activities' ? 'bigint' : 'uuid';
  return `SELECT ${select}, t.id AS "_cursor" FROM ${kind} t
    WHERE t.workspace_id = $1 AND ($2::${idType} IS NULL OR t.id > $2::${idType})
    ORDER BY t.id LIMIT $3`;
}

/**
 * Every record of a kind in the workspace, page by page in id order (keyset pagination: constant
 * memory, no long-lived cursor, works the same on PGlite and PostgreSQL).
 */
export async function* exportRecords(
  db: Kysely<DB>,
  workspaceId: string,
  kind: ExportKind,
  pageSize = 5000,
): AsyncGenerator<Record<string, unknown>> {
  const text = pageSql(kind);
  let cursor: unknown = null;
  while (true) {
    const rows = await runRaw<Record<string, unknown>>(db, text, [workspaceId, cursor, pageSize]);
    for (const row of rows) {
      const { _cursor, ...record } = row;
      cursor = _cursor;
      yield record;
    }
    if (rows.length < pageSize) return;
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String).join(';');
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '' : JSON.stringify(value);
  return String(value);
}

async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/**
 * Stream a kind's records to `out` as CSV (the importer reads it back), a JSON array, or NDJSON.
 * Returns the number of records written.
 */
export async function writeExport(
  db: Kysely<DB>,
  workspaceId: string,
  kind: ExportKind,
  format: ExportFormat,
  out: NodeJS.WritableStream,
): Promise<number> {
  const columns = exportColumns(kind);
  let count = 0;
  let buffer = '';
  const push = async (text: string) => {
    buffer += text;
    if (buffer.length > 256 * 1024) {
      await write(out, buffer);
      buffer = '';
    }
  };
  if (format === 'csv') await push(stringify([columns]));
  if (format === 'json') await push('[');
  for await (const record of exportRecords(db, workspaceId, kind)) {
    if (format === 'csv') await push(stringify([columns.map((c) => cell(record[c]))]));
    else if (format === 'json') await push(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`);
    else await push(`${JSON.stringify(record)}\n`);
    count += 1;
  }
  if (format === 'json') await push(count === 0 ? ']\n' : '\n]\n');
  if (buffer) await write(out, buffer);
  return count;
}
