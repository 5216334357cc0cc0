import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { withoutJit } from '../signals/without-jit.ts';
import { compileRule } from './compile-rule.ts';
import { loadSegments, segmentRefs } from './load-segments.ts';
import { RuleError } from './rule-error.ts';
import type { SegmentMember } from './segment-fields.ts';
import type { SegmentKind, SegmentRule } from './segment-rule.ts';

export interface SegmentPreview {
  count: number;
  sample: SegmentMember[];
  tookMs: number;
}

/**
 * Count the records a rule selects now and return a sample of them (by name), without storing
 * anything: the builder's live count. One evaluation of the compiled rule over the workspace, with
 * JIT off, room for its hashed sets and a 20 s statement limit. A rule that does not fit is a 400
 * naming `body.rule.<path>`.
 */
export async function previewSegment(
  db: Kysely<DB>,
  workspaceId: string,
  kind: SegmentKind,
  rule: SegmentRule,
  sampleSize = 10,
): Promise<SegmentPreview> {
  const started = performance.now();
  return withoutJit(db, async (trx) => {
    await sql`SELECT set_config('work_mem', '256MB', true), set_config('statement_timeout', '20s', true)`.execute(
      trx,
    );
    const segments = segmentRefs(await loadSegments(trx, workspaceId));
    let where: (alias: string) => ReturnType<typeof sql<boolean>>;
    try {
      where = compileRule(rule, kind, { workspaceId, at: new Date(), segments }).where;
    } catch (error) {
      if (error instanceof RuleError) throw error.toProblem('body.rule');
      throw error;
    }
    const table = sql.table(kind === 'account' ? 'accounts' : 'contacts');
    const result = await sql<{ count: number; sample: string[] | null }>`
      WITH c AS MATERIALIZED (SELECT m.id FROM ${table} m WHERE m.workspace_id = ${workspaceId} AND ${where('m')})
      SELECT (SELECT count(*) FROM c)::int AS count,
        (SELECT array_agg(id) FROM (SELECT id FROM c LIMIT ${sampleSize}) s) AS sample`.execute(trx);
    const row = result.rows[0];
    const sample = await describeMembers(trx, workspaceId, kind, row?.sample ?? []);
    return { count: row?.count ?? 0, sample, tookMs: Math.round(performance.now() - started) };
  });
}

/** Name, domain or e-mail, and account of records of a kind, by name. */
export async function describeMembers(
  db: Kysely<DB>,
  workspaceId: string,
  kind: SegmentKind,
  ids: readonly string[],
): Promise<SegmentMember[]> {
  if (ids.length === 0) return [];
  if (kind === 'account') {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'name', 'domain'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...ids])
      .orderBy(sql`lower(name)`)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      detail: r.domain,
      accountId: null,
      enteredAt: null,
      entryReason: null,
    }));
  }
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'first_name', 'last_name', 'email', 'account_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...ids])
    .orderBy('last_name')
    .orderBy('first_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: personName(r.first_name, r.last_name, r.email),
    detail: r.email,
    accountId: r.account_id,
    enteredAt: null,
    entryReason: null,
  }));
}

/** "First Last", else the e-mail, else empty. */
export function personName(first: string | null, last: string | null, email: string | null): string {
  const name = [first, last].filter((p) => p?.trim()).join(' ');
  return name || email || '';
}
