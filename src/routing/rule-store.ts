import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type RuleInput, RuleInputSchema, ruleKind } from './routing-rule.ts';

/** A rule as answered (plain types: the input's normalising transforms cannot be encoded). */
export const RuleOutSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  priority: z.number().int(),
  active: z.boolean(),
  match: z.object({
    countries: z.array(z.string()).optional(),
    regions: z.array(z.string()).optional(),
    tiers: z.array(z.number().int()).optional(),
    domains: z.array(z.string()).optional(),
    accountIds: z.array(z.uuid()).optional(),
    targetOnly: z.boolean().optional(),
  }),
  assign: z.discriminatedUnion('type', [
    z.object({ type: z.literal('owner'), ownerId: z.uuid() }),
    z.object({
      type: z.literal('round_robin'),
      ownerIds: z.array(z.uuid()),
      maxAccountsPerOwner: z.number().int().nullable(),
    }),
  ]),
  kind: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RuleOut = z.infer<typeof RuleOutSchema>;

/** Every rule of the workspace, in the order they are tried (inactive ones too). */
export async function listRules(db: Kysely<DB>, workspaceId: string): Promise<RuleOut[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('priority')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => {
    const parsed = RuleInputSchema.safeParse({
      name: r.name,
      priority: r.priority,
      active: r.active,
      match: r.match,
      assign: r.assign,
    });
    if (!parsed.success) return [];
    return [
      {
        ...parsed.data,
        id: r.id,
        kind: ruleKind(parsed.data),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ];
  });
}

/** Create (id null) or replace a rule; owners must be members of the workspace (422 naming the field). */
export async function saveRule(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string | null,
  input: RuleInput,
): Promise<RuleOut> {
  const ws = ctx.workspaceId;
  const owners = input.assign.type === 'owner' ? [input.assign.ownerId] : input.assign.ownerIds;
  const members = new Set(
    (
      await db
        .selectFrom('workspace_members')
        .select('user_id')
        .where('workspace_id', '=', ws)
        .where('user_id', 'in', owners)
        .execute()
    ).map((m) => m.user_id),
  );
  const missing = owners.findIndex((o) => !members.has(o));
  if (missing >= 0) {
    const path = input.assign.type === 'owner' ? 'body.assign.ownerId' : `body.assign.ownerIds.${missing}`;
    throw new HttpProblem(422, 'Unknown reference', {
      detail: `${path}: not a member of this workspace`,
      errors: [{ path, message: 'not a member of this workspace' }],
    });
  }
  const clash = await db
    .selectFrom('routing_rules')
    .select('id')
    .where('workspace_id', '=', ws)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
    .executeTakeFirst();
  if (clash && clash.id !== id) {
    throw new HttpProblem(409, 'Conflict', {
      detail: `body.name: a rule named "${input.name}" exists`,
      errors: [{ path: 'body.name', message: 'a rule with this name exists' }],
    });
  }
  const values = {
    name: input.name,
    priority: input.priority,
    active: input.active,
    match: JSON.stringify(input.match),
    assign: JSON.stringify(input.assign),
  };
  return db.transaction().execute(async (trx) => {
    const row = id
      ? await trx
          .updateTable('routing_rules')
          .set({ ...values, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst()
      : await trx
          .insertInto('routing_rules')
          .values({ ...values, workspace_id: ws })
          .returningAll()
          .executeTakeFirstOrThrow();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No routing rule ${id} in this workspace` });
    await recordAudit(trx, ctx, {
      action: id ? 'routing_rule.update' : 'routing_rule.create',
      objectType: 'routing_rule',
      objectId: row.id,
      changes: { name: input.name, priority: input.priority, active: input.active },
    });
    return {
      ...input,
      id: row.id,
      kind: ruleKind(input),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

/** Delete a rule (decisions it made keep its name). */
export async function deleteRule(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('routing_rules')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning('name')
      .executeTakeFirst();
    if (!gone) throw new HttpProblem(404, 'Not found', { detail: `No routing rule ${id} in this workspace` });
    await recordAudit(trx, ctx, {
      action: 'routing_rule.delete',
      objectType: 'routing_rule',
      objectId: id,
      changes: { name: gone.name },
    });
  });
}
