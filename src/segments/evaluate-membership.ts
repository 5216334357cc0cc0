import { type Kysely, type RawBuilder, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import { SIGNAL_EVENTS_CHANNEL } from '../signals/stages/evaluate-stages.ts';
import { type CompileOptions, compileRule } from './compile-rule.ts';
import { nextDue } from './leaf-context.ts';
import type { SegmentDefinition } from './load-segments.ts';

export interface MembershipChange {
  entered: number;
  exited: number;
}

/**
 * Evaluate a dynamic segment's rule — for the whole workspace, or only for the records in
 * `options.restrict` — and apply the difference to its membership in ONE statement: new members get
 * a stint (entered_at = `at`, entry_reason), leavers' stints are closed (exited_at, exit_reason),
 * and each change is a `segment_entered` / `segment_exited` row in the signal_events outbox
 * (payload: segmentId, segmentName, kind, memberId, contactId, reason; account_id is the account, or
 * the person's account), in the caller's transaction. Then the members' due times are refreshed.
 * Concurrent evaluations of the same member cannot double a stint (the current-member key) or an
 * event (an exit is one row update).
 */
export async function evaluateMembership(
  db: Kysely<DB>,
  segment: SegmentDefinition,
  options: CompileOptions,
  reason: string,
  notify = true,
): Promise<MembershipChange> {
  if (!segment.rule) return { entered: 0, exited: 0 };
  const ws = options.workspaceId;
  const compiled = compileRule(segment.rule, segment.kind, options);
  const table = sql.table(segment.kind === 'account' ? 'accounts' : 'contacts');
  const ids = options.restrict
    ? segment.kind === 'account'
      ? options.restrict.accountIds
      : options.restrict.contactIds
    : null;
  if (ids && ids.length === 0) return { entered: 0, exited: 0 };
  const at = options.at.toISOString();
  const now = sql`${at}::timestamptz`;
  // Restricted: each evaluated record is read by key once and its rule (and next due time) is a
  // set of probes correlated with it, so the plan is a loop over the records whatever the
  // statistics say. The current members among them: one probe of the current-member key each.
  const evaluated = ids
    ? sql`SELECT m.id, coalesce(${compiled.where('m')}, false) AS member,
          ${
            compiled.rowDues.length > 0
              ? nextDue(
                  compiled.rowDues.map((d) => d('m')),
                  now,
                )
              : sql`NULL::timestamptz`
          } AS due_at
        FROM unnest(${[...ids]}::uuid[]) k(id)
        CROSS JOIN LATERAL (SELECT * FROM ${table} r WHERE r.workspace_id = ${plannedWorkspace(ws)} AND r.id = k.id LIMIT 1) m`
    : sql`SELECT m.id, true AS member, NULL::timestamptz AS due_at
        FROM ${table} m WHERE m.workspace_id = ${ws} AND ${compiled.where('m')}`;
  const current = ids
    ? sql`SELECT t.member_id FROM unnest(${[...ids]}::uuid[]) k(id)
        CROSS JOIN LATERAL (SELECT member_id FROM segment_memberships
          WHERE workspace_id = ${plannedWorkspace(ws)} AND segment_id = ${segment.id} AND member_id = k.id
            AND exited_at IS NULL LIMIT 1) t`
    : sql`SELECT member_id FROM segment_memberships
        WHERE workspace_id = ${ws} AND segment_id = ${segment.id} AND exited_at IS NULL`;
  // Restricted with time windows: the records' due times in the same statement.
  const dues =
    ids && compiled.rowDues.length > 0
      ? sql`, due_gone AS (
          DELETE FROM segment_due sd
          WHERE sd.workspace_id = ${ws} AND sd.segment_id = ${segment.id} AND sd.member_id = ANY (${[...ids]}::uuid[])
            AND NOT EXISTS (SELECT 1 FROM ev WHERE ev.id = sd.member_id AND ev.due_at IS NOT NULL)
        ), due_set AS (
          INSERT INTO segment_due AS t (workspace_id, segment_id, member_id, due_at)
          SELECT ${ws}::uuid, ${segment.id}::uuid, ev.id, ev.due_at FROM ev WHERE ev.due_at IS NOT NULL
          ON CONFLICT (workspace_id, segment_id, member_id) DO UPDATE SET due_at = excluded.due_at
          WHERE t.due_at IS DISTINCT FROM excluded.due_at
        )`
      : sql``;
  const result = await sql<{ entered: number; exited: number }>`
    WITH ev AS MATERIALIZED (${evaluated}),
    cur AS MATERIALIZED (${current}),
    joining AS MATERIALIZED (SELECT id FROM ev WHERE member EXCEPT SELECT member_id FROM cur),
    leaving AS MATERIALIZED (SELECT member_id FROM cur EXCEPT SELECT id FROM ev WHERE member),
    entered AS (
      INSERT INTO segment_memberships (workspace_id, segment_id, member_id, entered_at, entry_reason)
      SELECT ${ws}::uuid, ${segment.id}::uuid, joining.id, ${at}::timestamptz, ${reason}::text FROM joining
      ON CONFLICT (workspace_id, segment_id, member_id) WHERE exited_at IS NULL DO NOTHING
      RETURNING member_id
    ), exited AS (
      UPDATE segment_memberships sm SET exited_at = greatest(${at}::timestamptz, sm.entered_at), exit_reason = ${reason}
      FROM leaving
      WHERE sm.workspace_id = ${ws} AND sm.segment_id = ${segment.id} AND sm.member_id = leaving.member_id
        AND sm.exited_at IS NULL
      RETURNING sm.member_id
    ), outbox AS (
      ${membershipEventsSql(segment, ws, reason)}
    )${dues}
    SELECT (SELECT count(*) FROM entered)::int AS entered, (SELECT count(*) FROM exited)::int AS exited`.execute(
    db,
  );
  const change = result.rows[0] ?? { entered: 0, exited: 0 };
  if (!ids) await refreshDues(db, segment.id, ws, compiled.dues, options.at);
  if (notify && change.entered + change.exited > 0)
    await sql`SELECT pg_notify(${SIGNAL_EVENTS_CHANNEL}, ${ws})`.execute(db);
  return change;
}

/**
 * The outbox INSERT for the `entered` and `exited` CTEs of a membership statement (each returning
 * member_id): one signal_events row per change, in member order.
 */
export function membershipEventsSql(
  segment: SegmentDefinition,
  ws: string,
  reason: string,
): RawBuilder<unknown> {
  const person = segment.kind === 'contact';
  return sql`INSERT INTO signal_events (workspace_id, type, account_id, payload)
    SELECT ${ws}::uuid, ch.type, ${person ? sql`pc.account_id` : sql`ch.member_id`},
      jsonb_build_object('segmentId', ${segment.id}::text, 'segmentName', ${segment.name}::text,
        'kind', ${segment.kind}::text, 'memberId', ch.member_id,
        'contactId', ${person ? sql`ch.member_id` : sql`NULL::uuid`}, 'reason', ${reason}::text)
    FROM (SELECT member_id, 'segment_entered' AS type FROM entered
          UNION ALL SELECT member_id, 'segment_exited' FROM exited) ch
    ${person ? sql`LEFT JOIN contacts pc ON pc.workspace_id = ${ws} AND pc.id = ch.member_id` : sql``}
    ORDER BY ch.type, ch.member_id`;
}

/**
 * Store, for every record of the workspace, the next time a time-window condition can change (the
 * earliest future due time of its conditions); records with none lose their row.
 */
async function refreshDues(
  db: Kysely<DB>,
  segmentId: string,
  ws: string,
  dues: RawBuilder<unknown>[],
  at: Date,
): Promise<void> {
  if (dues.length === 0) {
    await sql`DELETE FROM segment_due WHERE workspace_id = ${ws} AND segment_id = ${segmentId}`.execute(db);
    return;
  }
  await sql`
    WITH d AS MATERIALIZED (
      SELECT u.id, min(u.due_at) AS due_at
      FROM (${sql.join(dues, sql` UNION ALL `)}) u
      WHERE u.due_at > ${at.toISOString()}::timestamptz
      GROUP BY u.id
    ), gone AS (
      DELETE FROM segment_due sd
      WHERE sd.workspace_id = ${ws} AND sd.segment_id = ${segmentId}
        AND NOT EXISTS (SELECT 1 FROM d WHERE d.id = sd.member_id)
    )
    INSERT INTO segment_due AS t (workspace_id, segment_id, member_id, due_at)
    SELECT ${ws}::uuid, ${segmentId}::uuid, d.id, d.due_at FROM d
    ON CONFLICT (workspace_id, segment_id, member_id) DO UPDATE SET due_at = excluded.due_at
    WHERE t.due_at IS DISTINCT FROM excluded.due_at`.execute(db);
}
