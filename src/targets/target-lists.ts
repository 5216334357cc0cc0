import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { proposeTiers } from './tier-rules.ts';

export const PeriodSchema = z
  .string()
  .regex(
    /^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/,
    'must be a planning period like 2027, 2027-H1, 2027-Q1 or 2027-03',
  );

export const CreateTargetListSchema = z.strictObject({
  period: PeriodSchema,
  name: z.string().trim().min(1).max(200).optional(),
  /** Start from the proposed tiers (fit, value, capacity, overrides). Default true. */
  propose: z.boolean().default(true),
  /** Or start from another list's members (e.g. last period's). */
  copyFromListId: z.uuid().optional(),
});

export const MemberEditSchema = z.strictObject({
  upsert: z
    .array(
      z.strictObject({
        accountId: z.uuid(),
        tier: z.number().int().min(1).max(3),
        reason: z.string().trim().max(500).optional(),
      }),
    )
    .max(10_000)
    .default([]),
  remove: z.array(z.uuid()).max(10_000).default([]),
});

export const ApproveSchema = z.strictObject({
  /** Which side signs off; marketers approve for marketing and sales users for sales; admins must say. */
  side: z.enum(['marketing', 'sales']).optional(),
  comment: z.string().trim().max(1000).optional(),
});

async function loadList(db: Kysely<DB>, workspaceId: string, id: string) {
  const list = await db
    .selectFrom('target_lists')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!list) throw new HttpProblem(404, 'Not found', { detail: `No target list ${id} in this workspace` });
  return list;
}

function assertEditable(status: string): void {
  if (status !== 'draft' && status !== 'approved') {
    throw new HttpProblem(409, 'Conflict', {
      detail: `The list is ${status}; only draft or approved lists can change`,
    });
  }
}

/** Create a draft list for a period, proposed from tiers or copied from another list. */
export async function createTargetList(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: z.infer<typeof CreateTargetListSchema>,
): Promise<string> {
  const ws = ctx.workspaceId;
  if (input.copyFromListId) await loadList(db, ws, input.copyFromListId);
  const proposal = !input.copyFromListId && input.propose ? await proposeTiers(db, ws) : [];
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('target_lists')
      .values({
        workspace_id: ws,
        period: input.period,
        name: input.name ?? `Target accounts ${input.period}`,
        created_by: ctx.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.copyFromListId) {
      await sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier, reason)
        SELECT workspace_id, ${row.id}::uuid, account_id, tier, reason FROM target_list_members
        WHERE workspace_id = ${ws} AND list_id = ${input.copyFromListId}::uuid`.execute(trx);
    } else if (proposal.length > 0) {
      await sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier, reason)
        SELECT ${ws}::uuid, ${row.id}::uuid, u.account_id, u.tier, u.reason
        FROM unnest(${proposal.map((p) => p.accountId)}::uuid[], ${proposal.map((p) => p.tier)}::smallint[],
          ${proposal.map((p) => p.reason)}::text[]) AS u(account_id, tier, reason)`.execute(trx);
    }
    await recordAudit(trx, ctx, {
      action: 'target_list.create',
      objectType: 'target_list',
      objectId: row.id,
      changes: { period: input.period, members: proposal.length, copyFrom: input.copyFromListId ?? null },
    });
    return row.id;
  });
}

/** A list with its approvals and tier counts. */
export async function getTargetList(db: Kysely<DB>, workspaceId: string, id: string) {
  const list = await loadList(db, workspaceId, id);
  const approvals = await db
    .selectFrom('target_list_approvals')
    .select(['side', 'actor_type', 'actor_id', 'comment', 'approved_at'])
    .where('workspace_id', '=', workspaceId)
    .where('list_id', '=', id)
    .orderBy('side')
    .execute();
  const counts = await sql<{
    tier: number;
    n: number;
  }>`SELECT tier, count(*)::int AS n FROM target_list_members
    WHERE workspace_id = ${workspaceId} AND list_id = ${id}::uuid GROUP BY tier ORDER BY tier`.execute(db);
  return {
    id: list.id,
    period: list.period,
    name: list.name,
    status: list.status,
    createdAt: list.created_at,
    activatedAt: list.activated_at,
    archivedAt: list.archived_at,
    members: counts.rows.reduce((s, r) => s + Number(r.n), 0),
    tiers: Object.fromEntries(counts.rows.map((r) => [`tier${r.tier}`, Number(r.n)])),
    approvals: approvals.map((a) => ({
      side: a.side,
      actorType: a.actor_type,
      actorId: a.actor_id,
      comment: a.comment,
      approvedAt: a.approved_at,
    })),
  };
}

/** Add, retier or remove members; any change withdraws earlier approvals (the list goes back to draft). */
export async function editMembers(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  edit: z.infer<typeof MemberEditSchema>,
) {
  const ws = ctx.workspaceId;
  const list = await loadList(db, ws, id);
  assertEditable(list.status);
  const ids = edit.upsert.map((m) => m.accountId);
  if (ids.length > 0) {
    const found = await sql<{
      id: string;
    }>`SELECT id FROM accounts WHERE workspace_id = ${ws} AND id = ANY(${ids}::uuid[])`.execute(db);
    const known = new Set(found.rows.map((r) => r.id));
    const index = ids.findIndex((a) => !known.has(a));
    if (index >= 0) {
      throw new HttpProblem(422, 'Unknown account', {
        errors: [
          { path: `body.upsert.${index}.accountId`, message: `no account ${ids[index]} in this workspace` },
        ],
      });
    }
  }
  return db.transaction().execute(async (trx) => {
    if (edit.upsert.length > 0) {
      await sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier, reason)
        SELECT ${ws}::uuid, ${id}::uuid, u.account_id, u.tier, u.reason
        FROM unnest(${ids}::uuid[], ${edit.upsert.map((m) => m.tier)}::smallint[], ${edit.upsert.map((m) => m.reason ?? 'added manually')}::text[])
          AS u(account_id, tier, reason)
        ON CONFLICT (workspace_id, list_id, account_id) DO UPDATE SET tier = excluded.tier, reason = excluded.reason`.execute(
        trx,
      );
    }
    if (edit.remove.length > 0) {
      await trx
        .deleteFrom('target_list_members')
        .where('workspace_id', '=', ws)
        .where('list_id', '=', id)
        .where('account_id', '=', sql<string>`ANY(${edit.remove}::uuid[])`)
        .execute();
    }
    const withdrawn = await trx
      .deleteFrom('target_list_approvals')
      .where('workspace_id', '=', ws)
      .where('list_id', '=', id)
      .executeTakeFirst();
    await trx
      .updateTable('target_lists')
      .set({ status: 'draft', updated_at: sql`now()` })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'target_list.members',
      objectType: 'target_list',
      objectId: id,
      changes: { upserted: edit.upsert.length, removed: edit.remove.length },
    });
    return {
      upserted: edit.upsert.length,
      removed: edit.remove.length,
      approvalsWithdrawn: Number(withdrawn.numDeletedRows),
    };
  });
}

/** Record marketing's or sales' sign-off; with both the list becomes `approved`. */
export async function approveTargetList(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  input: z.infer<typeof ApproveSchema>,
) {
  const ws = ctx.workspaceId;
  const list = await loadList(db, ws, id);
  assertEditable(list.status);
  const side = ctx.role === 'admin' ? input.side : ctx.role === 'marketer' ? 'marketing' : 'sales';
  if (!side) {
    throw new HttpProblem(400, 'Bad request', {
      errors: [
        { path: 'body.side', message: 'admins must say which side they approve for: marketing or sales' },
      ],
    });
  }
  if (input.side && input.side !== side) {
    throw new HttpProblem(403, 'Forbidden', {
      detail: `a ${ctx.role} user approves for ${side}, not ${input.side}`,
    });
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('target_list_approvals')
      .values({
        workspace_id: ws,
        list_id: id,
        side,
        actor_type: ctx.actorType,
        actor_id: ctx.actorId,
        comment: input.comment ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'list_id', 'side']).doUpdateSet({
          actor_type: ctx.actorType,
          actor_id: ctx.actorId,
          comment: input.comment ?? null,
          approved_at: sql`now()`,
        }),
      )
      .execute();
    const sides = await trx
      .selectFrom('target_list_approvals')
      .select('side')
      .where('workspace_id', '=', ws)
      .where('list_id', '=', id)
      .execute();
    const status = sides.length === 2 ? 'approved' : 'draft';
    await trx
      .updateTable('target_lists')
      .set({ status, updated_at: sql`now()` })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'target_list.approve',
      objectType: 'target_list',
      objectId: id,
      changes: { side, status },
    });
    return { side, status, approvals: sides.map((s) => s.side).sort() };
  });
}

/**
 * Make an approved list the active one: the previous active list is archived; members become
 * targets with their tier (a manual tier override wins); every other account stops being a target.
 */
export async function activateTargetList(db: Kysely<DB>, ctx: AuthContext, id: string) {
  const ws = ctx.workspaceId;
  const list = await loadList(db, ws, id);
  if (list.status !== 'approved') {
    throw new HttpProblem(409, 'Conflict', {
      detail: `The list is ${list.status}; marketing and sales must both approve it before it can be activated`,
    });
  }
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .updateTable('target_lists')
      .set({ status: 'archived', archived_at: sql`now()`, updated_at: sql`now()` })
      .where('workspace_id', '=', ws)
      .where('status', '=', 'active')
      .returning('id')
      .execute();
    await trx
      .updateTable('target_lists')
      .set({ status: 'active', activated_at: sql`now()`, updated_at: sql`now()` })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    const cleared =
      await sql`UPDATE accounts a SET is_target = false, tier = a.tier_override, updated_at = now()
      WHERE a.workspace_id = ${ws} AND (a.is_target OR a.tier IS DISTINCT FROM a.tier_override)
        AND NOT EXISTS (SELECT 1 FROM target_list_members m WHERE m.workspace_id = a.workspace_id AND m.list_id = ${id}::uuid AND m.account_id = a.id)`.execute(
        trx,
      );
    const targeted =
      await sql`UPDATE accounts a SET is_target = true, tier = coalesce(a.tier_override, m.tier), updated_at = now()
      FROM target_list_members m
      WHERE a.workspace_id = ${ws} AND m.workspace_id = a.workspace_id AND m.list_id = ${id}::uuid AND m.account_id = a.id
        AND (NOT a.is_target OR a.tier IS DISTINCT FROM coalesce(a.tier_override, m.tier))`.execute(trx);
    await recordAudit(trx, ctx, {
      action: 'target_list.activate',
      objectType: 'target_list',
      objectId: id,
      changes: {
        archived: previous.map((p) => p.id),
        targeted: Number(targeted.numAffectedRows ?? 0n),
        cleared: Number(cleared.numAffectedRows ?? 0n),
      },
    });
    return { status: 'active' as const, archived: previous.map((p) => p.id) };
  });
}

/** Archive a list (kept as history). Archiving the active list clears every account's target flag. */
export async function archiveTargetList(db: Kysely<DB>, ctx: AuthContext, id: string) {
  const ws = ctx.workspaceId;
  const list = await loadList(db, ws, id);
  if (list.status === 'archived') return { status: 'archived' as const };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('target_lists')
      .set({ status: 'archived', archived_at: sql`now()`, updated_at: sql`now()` })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    if (list.status === 'active') {
      await sql`UPDATE accounts SET is_target = false, tier = tier_override, updated_at = now()
        WHERE workspace_id = ${ws} AND (is_target OR tier IS DISTINCT FROM tier_override)`.execute(trx);
    }
    await recordAudit(trx, ctx, {
      action: 'target_list.archive',
      objectType: 'target_list',
      objectId: id,
      changes: { was: list.status },
    });
  });
  return { status: 'archived' as const };
}
