import { type Kysely, type Selectable, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB, ImportsTable } from '../db/schema.ts';
import type { UpsertCounts } from '../records/upsert-result.ts';

/** An import as the API shows it. */
export interface ImportRecord {
  id: string;
  kind: string;
  fileName: string | null;
  status: 'running' | 'done' | 'failed';
  dryRun: boolean;
  mapping: JsonObject;
  /** Data rows read so far (while running) or in all (when finished). */
  rowsTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  hasRejects: boolean;
  error: string | null;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** Seconds since the start (until the finish once finished), by the database clock. */
  elapsedSeconds: number;
  /** rowsTotal / elapsedSeconds (null during the first 0.1 s). */
  rowsPerSecond: number | null;
}

type Row = Omit<Selectable<ImportsTable>, 'rejects_csv' | 'workspace_id'> & {
  has_rejects: boolean | 0 | 1;
  elapsed: number | string;
};

function toRecord(r: Row): ImportRecord {
  const elapsed = Math.max(0, Number(r.elapsed));
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    status: r.status,
    dryRun: r.dry_run,
    mapping: r.mapping,
    rowsTotal: r.rows_total,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    hasRejects: r.has_rejects === true || r.has_rejects === 1,
    error: r.error,
    startedBy: r.started_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    elapsedSeconds: Math.round(elapsed * 10) / 10,
    rowsPerSecond: elapsed >= 0.1 ? Math.round(r.rows_total / elapsed) : null,
  };
}

/**
 * Start recording an import (status `running`). `id` lets the caller pick the id up front (so a
 * client can poll the import's progress while its upload is still running); a taken id is a
 * unique violation (409).
 */
export async function createImportRecord(
  db: Kysely<DB>,
  workspaceId: string,
  values: { id?: string; kind: string; fileName: string | null; dryRun: boolean; startedBy: string },
): Promise<string> {
  const row = await db
    .insertInto('imports')
    .values({
      ...(values.id ? { id: values.id } : {}),
      workspace_id: workspaceId,
      kind: values.kind,
      file_name: values.fileName,
      dry_run: values.dryRun,
      started_by: values.startedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Finish an import with its counts, mapping, rejects and status. */
export async function finishImportRecord(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  values: {
    status: 'done' | 'failed';
    mapping?: JsonObject;
    rowsTotal?: number;
    counts?: { inserted: number; updated: number; unchanged: number; rejected: number };
    rejectsCsv?: string | null;
    error?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: values.status,
      ...(values.mapping ? { mapping: values.mapping } : {}),
      rows_total: values.rowsTotal ?? 0,
      ...(values.counts ?? {}),
      rejects_csv: values.rejectsCsv ?? null,
      error: values.error ?? null,
      finished_at: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/**
 * Record the progress of a running import: rows read so far and the outcome counts so far. A no-op
 * once the import has finished, so a late progress write never overwrites the final counts.
 */
export async function recordImportProgress(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  values: { rowsRead: number; counts: UpsertCounts },
): Promise<void> {
  const { inserted, updated, unchanged, rejected } = values.counts;
  await db
    .updateTable('imports')
    .set({ rows_total: values.rowsRead, inserted, updated, unchanged, rejected })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

const elapsed = sql<number>`extract(epoch FROM coalesce(finished_at, now()) - started_at)::float8`;

const columns = [
  'id',
  'kind',
  'file_name',
  'status',
  'dry_run',
  'mapping',
  'rows_total',
  'inserted',
  'updated',
  'unchanged',
  'rejected',
  'error',
  'started_by',
  'started_at',
  'finished_at',
] as const;

/** The workspace's most recent imports, newest first. */
export async function listImports(db: Kysely<DB>, workspaceId: string, limit = 50): Promise<ImportRecord[]> {
  const rows = await db
    .selectFrom('imports')
    .select(columns)
    .select((eb) => eb('rejects_csv', 'is not', null).as('has_rejects'))
    .select(elapsed.as('elapsed'))
    .where('workspace_id', '=', workspaceId)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

/** One import of the workspace, or null. */
export async function getImport(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
): Promise<ImportRecord | null> {
  const row = await db
    .selectFrom('imports')
    .select(columns)
    .select((eb) => eb('rejects_csv', 'is not', null).as('has_rejects'))
    .select(elapsed.as('elapsed'))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** The stored rejects CSV of an import (undefined when there is no such import). */
export async function getImportRejects(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('imports')
    .select('rejects_csv')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? row.rejects_csv : undefined;
}
