import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

const Day = z.iso.date();
const Name = z.string().trim().min(1).max(200);

/** A channel name as touches use it (linkedin_ads, google_ads, email, events, …). */
export const ChannelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be a channel name like linkedin_ads, google_ads, email, events');
const Currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code')
  .transform((s) => s.toUpperCase());

/** A cost as entered: a channel (the names touches use, e.g. linkedin_ads, email, events) and a date range. */
export const CostInputSchema = z
  .strictObject({
    startsOn: Day,
    endsOn: Day.optional().describe('Last day the cost covers (default: startsOn)'),
    channel: ChannelSchema,
    campaign: Name.nullish(),
    play: Name.nullish(),
    event: Name.nullish(),
    amount: z.number().nonnegative().max(1e12),
    currency: Currency.nullish(),
    note: z.string().max(2000).nullish(),
  })
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, {
    path: ['endsOn'],
    message: 'must not be before startsOn',
  });
export type CostInput = z.infer<typeof CostInputSchema>;

export const CostPatchSchema = z.strictObject({
  startsOn: Day.optional(),
  endsOn: Day.optional(),
  channel: ChannelSchema.optional(),
  campaign: Name.nullish(),
  play: Name.nullish(),
  event: Name.nullish(),
  amount: z.number().nonnegative().max(1e12).optional(),
  currency: Currency.nullish(),
  note: z.string().max(2000).nullish(),
});

export interface CostOut {
  id: string;
  startsOn: string;
  endsOn: string;
  channel: string;
  campaign: string | null;
  play: string | null;
  event: string | null;
  amount: number;
  currency: string | null;
  source: string;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type CostRow = {
  id: string;
  starts_on: string;
  ends_on: string;
  channel: string;
  campaign: string | null;
  play: string | null;
  event: string | null;
  amount: number;
  currency: string | null;
  source: string;
  note: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = [
  'id',
  'starts_on',
  'ends_on',
  'channel',
  'campaign',
  'play',
  'event',
  'amount',
  'currency',
  'source',
  'note',
  'created_at',
  'updated_at',
] as const;

function out(r: CostRow): CostOut {
  return {
    id: r.id,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    channel: r.channel,
    campaign: r.campaign,
    play: r.play,
    event: r.event,
    amount: Number(r.amount),
    currency: r.currency?.trim() ?? null,
    source: r.source,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Costs overlapping a date range (or all), oldest first, optionally of one channel. */
export async function listCosts(
  db: Kysely<DB>,
  workspaceId: string,
  filter: { from?: string; to?: string; channel?: string | undefined } = {},
): Promise<CostOut[]> {
  let q = db.selectFrom('marketing_costs').select(COLUMNS).where('workspace_id', '=', workspaceId);
  if (filter.to) q = q.where('starts_on', '<', filter.to);
  if (filter.from) q = q.where('ends_on', '>=', filter.from);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  const rows = await q.orderBy('starts_on').orderBy('id').limit(10_000).execute();
  return rows.map(out);
}

/** Enter one cost (marketer or admin), audited. */
export async function createCost(db: Kysely<DB>, ctx: AuthContext, input: CostInput): Promise<CostOut> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('marketing_costs')
      .values({
        workspace_id: ctx.workspaceId,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? input.startsOn,
        channel: input.channel,
        campaign: input.campaign ?? null,
        play: input.play ?? null,
        event: input.event ?? null,
        amount: input.amount,
        currency: input.currency ?? null,
        note: input.note ?? null,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'cost.create',
      objectType: 'marketing_cost',
      objectId: row.id,
      changes: { ...input },
    });
    return out(row);
  });
}

/** Change a cost; null removes it. 404 when it does not exist in the workspace. */
export async function changeCost(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: z.infer<typeof CostPatchSchema> | null,
): Promise<CostOut | null> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('marketing_costs')
      .select(COLUMNS)
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new HttpProblem(404, 'Not found', { detail: `No cost ${id}` });
    if (patch === null) {
      await trx
        .deleteFrom('marketing_costs')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, ctx, { action: 'cost.delete', objectType: 'marketing_cost', objectId: id });
      return null;
    }
    const startsOn = patch.startsOn ?? current.starts_on;
    const endsOn = patch.endsOn ?? current.ends_on;
    if (endsOn < startsOn) {
      throw new HttpProblem(400, 'Bad request', {
        errors: [{ path: 'body.endsOn', message: 'must not be before startsOn' }],
      });
    }
    const row = await trx
      .updateTable('marketing_costs')
      .set({
        starts_on: startsOn,
        ends_on: endsOn,
        ...(patch.channel !== undefined && { channel: patch.channel }),
        ...(patch.campaign !== undefined && { campaign: patch.campaign }),
        ...(patch.play !== undefined && { play: patch.play }),
        ...(patch.event !== undefined && { event: patch.event }),
        ...(patch.amount !== undefined && { amount: patch.amount }),
        ...(patch.currency !== undefined && { currency: patch.currency }),
        ...(patch.note !== undefined && { note: patch.note }),
        updated_at: sql`now()`,
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'cost.update',
      objectType: 'marketing_cost',
      objectId: id,
      changes: { ...patch },
    });
    return out(row);
  });
}
