import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { evaluateMembership, membershipEventsSql } from './evaluate-membership.ts';
import { loadSegments, planSegments, segmentRefs } from './load-segments.ts';

export interface StaticChange {
  added: number;
  removed: number;
  /** Ids (or CSV rows) that name no record of the segment's kind in this workspace. */
  unknown: string[];
}

/**
 * Add records to (or remove them from) a static segment: entries and exits with reason `manual`
 * or `csv` and their outbox events, then the dynamic segments that refer to it are brought up to
 * date for those records — in one transaction. Ids of other workspaces or of the other kind are
 * reported as unknown, never added. 400 for a dynamic segment.
 */
export async function changeStaticMembers(
  db: Kysely<DB>,
  ctx: AuthContext,
  segmentId: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
  reason = 'manual',
): Promise<StaticChange> {
  return db.transaction().execute(async (trx) => {
    const segments = await loadSegments(trx, ctx.workspaceId);
    const segment = segments.get(segmentId);
    if (!segment)
      throw new HttpProblem(404, 'Not found', { detail: `No segment ${segmentId} in this workspace` });
    if (segment.type !== 'static')
      throw new HttpProblem(400, 'Not a static segment', {
        detail: 'Members of a dynamic segment follow its rule; change the rule instead',
      });
    const table = sql.table(segment.kind === 'account' ? 'accounts' : 'contacts');
    const wanted = [...new Set([...(change.add ?? []), ...(change.remove ?? [])])];
    const known = new Set(
      (
        await sql<{ id: string }>`SELECT id FROM ${table}
          WHERE workspace_id = ${ctx.workspaceId} AND id = ANY (${wanted}::uuid[])`.execute(trx)
      ).rows.map((r) => r.id),
    );
    const add = [...new Set(change.add ?? [])].filter((id) => known.has(id));
    const remove = [...new Set(change.remove ?? [])].filter((id) => known.has(id));
    const ws = ctx.workspaceId;
    const result = await sql<{ added: number; removed: number }>`
      WITH entered AS (
        INSERT INTO segment_memberships (workspace_id, segment_id, member_id, entered_at, entry_reason)
        SELECT ${ws}::uuid, ${segmentId}::uuid, u.id, now(), ${reason}::text FROM unnest(${add}::uuid[]) u(id)
        ON CONFLICT (workspace_id, segment_id, member_id) WHERE exited_at IS NULL DO NOTHING
        RETURNING member_id
      ), exited AS (
        UPDATE segment_memberships sm SET exited_at = greatest(now(), sm.entered_at), exit_reason = ${reason}
        WHERE sm.workspace_id = ${ws} AND sm.segment_id = ${segmentId} AND sm.exited_at IS NULL
          AND sm.member_id = ANY (${remove}::uuid[])
        RETURNING sm.member_id
      ), outbox AS (${membershipEventsSql(segment, ws, reason)})
      SELECT (SELECT count(*) FROM entered)::int AS added, (SELECT count(*) FROM exited)::int AS removed`.execute(
      trx,
    );
    const counts = result.rows[0] ?? { added: 0, removed: 0 };
    // Dynamic segments that read this one move with it, for the records that changed.
    const touched = [...add, ...remove];
    const refs = segmentRefs(segments);
    for (const plan of planSegments(segments, ws).filter((p) => p.refs.size > 0)) {
      const restrict =
        segment.kind === 'account'
          ? { accountIds: touched, contactIds: await contactsOf(trx, ws, touched) }
          : {
              accountIds: await accountsOf(trx, ws, touched),
              contactIds: touched,
            };
      await evaluateMembership(
        trx,
        plan.segment,
        { workspaceId: ws, at: new Date(), segments: refs, restrict },
        'segment',
      );
    }
    await recordAudit(trx, ctx, {
      action: 'segment.members',
      objectType: 'segment',
      objectId: segmentId,
      changes: { added: { old: null, new: counts.added }, removed: { old: null, new: counts.removed } },
    });
    return { ...counts, unknown: wanted.filter((id) => !known.has(id)) };
  });
}

async function contactsOf(db: Kysely<DB>, ws: string, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('account_id', 'in', accountIds)
    .execute();
  return rows.map((r) => r.id);
}

async function accountsOf(db: Kysely<DB>, ws: string, contactIds: string[]): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await db
    .selectFrom('contacts')
    .select('account_id')
    .where('workspace_id', '=', ws)
    .where('id', 'in', contactIds)
    .where('account_id', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.account_id ? [r.account_id] : []));
}

/**
 * The records a CSV names, for a static segment: a header with `id`, or `email` (people) or
 * `domain` (accounts). Returns the ids found and the 1-based data rows that named nothing. 400 when
 * no usable column is there or the file is not CSV.
 */
export async function resolveCsvMembers(
  db: Kysely<DB>,
  workspaceId: string,
  kind: 'account' | 'contact',
  text: string,
): Promise<{ ids: string[]; unmatchedRows: number[] }> {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
    });
  } catch (error) {
    throw new HttpProblem(400, 'Invalid CSV', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const first = rows[0] ?? {};
  const column = ['id', kind === 'account' ? 'domain' : 'email'].find((c) => c in first);
  if (!column)
    throw new HttpProblem(400, 'Invalid CSV', {
      detail: `The header needs an id column or a ${kind === 'account' ? 'domain' : 'email'} column`,
      errors: [{ path: 'body', message: `needs a column id or ${kind === 'account' ? 'domain' : 'email'}` }],
    });
  const values = rows.map((r) => (r[column] ?? '').trim().toLowerCase());
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const lookup = column === 'id' ? values.filter((v) => uuid.test(v)) : values.filter((v) => v.length > 0);
  const table = sql.table(kind === 'account' ? 'accounts' : 'contacts');
  const key = sql.ref(column === 'id' ? 'id' : column === 'domain' ? 'domain' : 'email');
  const found = await sql<{ key: string; id: string }>`
    SELECT lower(${key}::text) AS key, id FROM ${table}
    WHERE workspace_id = ${workspaceId} AND lower(${key}::text) = ANY (${[...new Set(lookup)]}::text[])`.execute(
    db,
  );
  const byKey = new Map(found.rows.map((r) => [r.key, r.id]));
  const ids: string[] = [];
  const unmatchedRows: number[] = [];
  values.forEach((v, i) => {
    const id = byKey.get(v);
    if (id) ids.push(id);
    else unmatchedRows.push(i + 1);
  });
  return { ids: [...new Set(ids)], unmatchedRows };
}
