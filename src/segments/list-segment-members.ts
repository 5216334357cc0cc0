import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { personName } from './preview-segment.ts';
import type { SegmentMember } from './segment-fields.ts';
import type { SegmentKind } from './segment-rule.ts';

export interface MemberPage {
  kind: SegmentKind;
  data: SegmentMember[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/**
 * The current members of a segment, in member-id order (keyset pages through the current-member
 * key), each with its record's name, domain or e-mail, account and when and why it entered. This
 * is the audience call for e-mail sends, plays and exports: members whose record was deleted are
 * skipped. 404 for a segment of another workspace.
 *
 * @example
 * for (let page = await listSegmentMembers(db, ws, id); ; page = await listSegmentMembers(db, ws, id, { after: page.next })) {
 *   send(page.data);
 *   if (!page.next) break;
 * }
 */
export async function listSegmentMembers(
  db: Kysely<DB>,
  workspaceId: string,
  segmentId: string,
  options: { after?: string | null; limit?: number } = {},
): Promise<MemberPage> {
  const segment = await db
    .selectFrom('segments')
    .select('kind')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', segmentId)
    .executeTakeFirst();
  if (!segment)
    throw new HttpProblem(404, 'Not found', { detail: `No segment ${segmentId} in this workspace` });
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 10_000);
  const after = options.after ? sql` AND sm.member_id > ${options.after}::uuid` : sql``;
  const record =
    segment.kind === 'account'
      ? sql`JOIN accounts r ON r.workspace_id = sm.workspace_id AND r.id = sm.member_id`
      : sql`JOIN contacts r ON r.workspace_id = sm.workspace_id AND r.id = sm.member_id`;
  const columns =
    segment.kind === 'account'
      ? sql`r.name, NULL::text AS first_name, NULL::text AS last_name, r.domain AS detail, NULL::uuid AS account_id`
      : sql`NULL::text AS name, r.first_name, r.last_name, r.email AS detail, r.account_id`;
  const rows = await sql<{
    member_id: string;
    entered_at: Date;
    entry_reason: string;
    name: string | null;
    first_name: string | null;
    last_name: string | null;
    detail: string | null;
    account_id: string | null;
  }>`
    SELECT sm.member_id, sm.entered_at, sm.entry_reason, ${columns}
    FROM segment_memberships sm ${record}
    WHERE sm.workspace_id = ${workspaceId} AND sm.segment_id = ${segmentId} AND sm.exited_at IS NULL${after}
    ORDER BY sm.member_id LIMIT ${limit + 1}`.execute(db);
  const page = rows.rows.slice(0, limit);
  return {
    kind: segment.kind,
    data: page.map((r) => ({
      id: r.member_id,
      name: r.name ?? personName(r.first_name, r.last_name, r.detail),
      detail: r.detail,
      accountId: r.account_id,
      enteredAt: r.entered_at,
      entryReason: r.entry_reason,
    })),
    next: rows.rows.length > limit ? (page.at(-1)?.member_id ?? null) : null,
  };
}
