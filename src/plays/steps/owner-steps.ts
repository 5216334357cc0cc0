import { sql } from 'kysely';
import { recordAudit } from '../../audit/record-audit.ts';
import { systemContext } from '../../auth/auth-context.ts';
import type { JsonValue } from '../../db/json.ts';
import { defineStep, type StepContext, type StepResult } from '../step-executor.ts';
import { addDuration } from './flow-steps.ts';

/** The account's owner (tasks and alerts go to them; unowned accounts' items wait in the shared inbox). */
async function accountOwner(ctx: StepContext): Promise<string | null> {
  const row = await ctx.trx
    .selectFrom('accounts')
    .select('owner_id')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', ctx.run.accountId)
    .executeTakeFirst();
  return row?.owner_id ?? null;
}

async function reason(ctx: StepContext): Promise<string> {
  const play = await ctx.trx
    .selectFrom('plays')
    .select('name')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', ctx.run.playId)
    .executeTakeFirst();
  return `Play "${play?.name ?? ctx.run.playId}", track "${ctx.track.name}", step "${ctx.step.name ?? ctx.step.id}"`;
}

/** A task for the account owner, due in some (business) days. */
export const taskStep = defineStep('task', {
  async execute(ctx, step) {
    const owner = await accountOwner(ctx);
    const due = addDuration(ctx.now, step.dueDays, 0, ctx.businessDays);
    const row = await ctx.trx
      .insertInto('owner_tasks')
      .values({
        workspace_id: ctx.workspaceId,
        account_id: ctx.run.accountId,
        owner_id: owner,
        kind: 'task',
        title: step.title,
        body: step.body,
        reason: await reason(ctx),
        play_id: ctx.run.playId,
        run_id: ctx.run.id,
        due_at: due,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { status: 'done', outcome: { taskId: row.id, ownerId: owner, dueAt: due.toISOString() } };
  },
});

/** An alert in the account owner's inbox. */
export const alertStep = defineStep('alert', {
  async execute(ctx, step) {
    const owner = await accountOwner(ctx);
    const row = await ctx.trx
      .insertInto('owner_tasks')
      .values({
        workspace_id: ctx.workspaceId,
        account_id: ctx.run.accountId,
        owner_id: owner,
        kind: 'alert',
        title: step.title,
        body: step.body,
        reason: await reason(ctx),
        play_id: ctx.run.playId,
        run_id: ctx.run.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { status: 'done', outcome: { alertId: row.id, ownerId: owner } };
  },
});

/** Set a custom field of the account; audited as the play's change. */
export const setFieldStep = defineStep('set_field', {
  async execute(ctx, step): Promise<StepResult> {
    const { field, value } = step;
    const before = await sql<{ old: JsonValue | null }>`
      UPDATE accounts a SET custom = a.custom || jsonb_build_object(${field}::text, ${JSON.stringify(value)}::jsonb),
        updated_at = now()
      FROM (SELECT custom -> ${field}::text AS old FROM accounts WHERE workspace_id = ${ctx.workspaceId}
        AND id = ${ctx.run.accountId} FOR UPDATE) o
      WHERE a.workspace_id = ${ctx.workspaceId} AND a.id = ${ctx.run.accountId}
      RETURNING o.old`.execute(ctx.trx);
    if (before.rows.length === 0) return { status: 'skipped', outcome: { reason: 'account not found' } };
    const old = before.rows[0]?.old ?? null;
    await recordAudit(ctx.trx, systemContext(ctx.workspaceId, `play:${ctx.run.playId}`), {
      action: 'account.update',
      objectType: 'account',
      objectId: ctx.run.accountId,
      changes: { [`custom.${field}`]: { old, new: value } },
    });
    return { status: 'done', outcome: { field, value } };
  },
});
