import { type Kysely, type Selectable, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonObject } from '../db/json.ts';
import type { AccountsTable, DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ultimateParentOf } from './ultimate-parent.ts';

export interface MergeResult {
  survivorId: string;
  mergedIds: string[];
  moved: {
    contacts: number;
    opportunities: number;
    activities: number;
    notes: number;
    domains: number;
    childAccounts: number;
    /** Rows of other account-keyed tables (scores, lists, …), by table. */
    other: Record<string, number>;
  };
  /** Other tables whose rows could not move (the survivor already has one); they go with the duplicate. */
  notMoved: string[];
  /** Survivor fields that were empty and were filled from a duplicate. */
  filled: string[];
}

type Account = Selectable<AccountsTable>;
const FILLABLE = [
  'domain',
  'website',
  'industry',
  'employee_count',
  'annual_revenue',
  'currency',
  'country',
  'region',
  'city',
  'owner_id',
  'tier',
  'salesforce_id',
  'hubspot_id',
] as const;
type Fillable = (typeof FILLABLE)[number];
type Fill = { [K in Fillable]?: Account[K] };
const HANDLED = new Set(['accounts', 'account_domains', 'contacts', 'opportunities', 'activities', 'notes']);

const count = (r: { numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint }) =>
  Number(r.numUpdatedRows ?? r.numInsertedOrUpdatedRows ?? 0n);

function fillFrom(survivor: Account, duplicates: Account[]): Fill {
  const fill: Fill = {};
  for (const field of FILLABLE) {
    if (survivor[field] !== null) continue;
    const source = duplicates.find((d) => d[field] !== null);
    if (source) Object.assign(fill, { [field]: source[field] });
  }
  return fill;
}

/**
 * Merge duplicate accounts into a survivor in one transaction: every contact, opportunity,
 * activity, note, domain and child account moves to the survivor (and the rows of any other
 * account-keyed table), empty survivor fields are filled from the duplicates, the duplicates are
 * deleted and the merge is written to the audit log.
 */
export async function mergeAccounts(
  db: Kysely<DB>,
  ctx: AuthContext,
  survivorId: string,
  duplicateIds: readonly string[],
): Promise<MergeResult> {
  const ws = ctx.workspaceId;
  const dups = [...new Set(duplicateIds)];
  if (dups.includes(survivorId)) {
    throw new HttpProblem(422, 'Invalid value', {
      detail: 'body.duplicateIds: an account cannot be merged into itself',
      errors: [{ path: 'body.duplicateIds', message: 'must not contain the surviving account' }],
    });
  }
  return db.transaction().execute(async (trx) => {
    const all = [survivorId, ...dups];
    const rows = await trx
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', 'in', all)
      .orderBy('id')
      .forUpdate()
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const survivor = byId.get(survivorId);
    if (!survivor)
      throw new HttpProblem(404, 'Not found', { detail: `No account ${survivorId} in this workspace` });
    const missing = dups.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new HttpProblem(404, 'Not found', {
        detail: `No account ${missing.join(', ')} in this workspace`,
        errors: missing.map((id) => ({
          path: `body.duplicateIds.${dups.indexOf(id)}`,
          message: 'no such account',
        })),
      });
    }
    const duplicates = dups.map((id) => byId.get(id)).filter((a) => a !== undefined);

    // The survivor must not end up below one of its own duplicates.
    let parentId = survivor.parent_id;
    if (parentId && dups.includes(parentId)) {
      const up = byId.get(parentId)?.parent_id ?? null;
      parentId = up && !all.includes(up) ? up : null;
    }
    const ancestors = new Set((await ultimateParentOf(trx, ws, survivorId))?.path ?? []);
    const childIds = await trx
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('parent_id', 'in', dups)
      .execute();
    const movableChildren = childIds.map((c) => c.id).filter((id) => !all.includes(id) && !ancestors.has(id));
    let childAccounts = 0;
    if (movableChildren.length > 0) {
      const r = await trx
        .updateTable('accounts')
        .set({ parent_id: survivorId, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', 'in', movableChildren)
        .executeTakeFirst();
      childAccounts = count(r);
    }

    const now = new Date();
    const contacts = await trx
      .updateTable('contacts')
      .set({ account_id: survivorId, updated_at: now })
      .where('workspace_id', '=', ws)
      .where('account_id', 'in', dups)
      .executeTakeFirst();
    const opportunities = await trx
      .updateTable('opportunities')
      .set({ account_id: survivorId, updated_at: now })
      .where('workspace_id', '=', ws)
      .where('account_id', 'in', dups)
      .executeTakeFirst();
    const activities = await trx
      .updateTable('activities')
      .set({ account_id: survivorId })
      .where('workspace_id', '=', ws)
      .where('account_id', 'in', dups)
      .executeTakeFirst();
    const notes = await trx
      .updateTable('notes')
      .set({ account_id: survivorId })
      .where('workspace_id', '=', ws)
      .where('account_id', 'in', dups)
      .executeTakeFirst();
    const domains = await sql`
      INSERT INTO account_domains (workspace_id, account_id, domain, is_primary)
      SELECT DISTINCT ${ws}::uuid, ${survivorId}::uuid, domain, false FROM account_domains
      WHERE workspace_id = ${ws} AND account_id = ANY(${dups}::uuid[])
      ON CONFLICT DO NOTHING`.execute(trx);

    const { other, notMoved } = await moveOtherTables(trx, ws, survivorId, dups);

    const fill = fillFrom(survivor, duplicates);
    const technologies = [
      ...new Set([...survivor.technologies, ...duplicates.flatMap((d) => d.technologies)]),
    ];
    // Survivor values win; among duplicates the first listed wins.
    const externalIds: Record<string, string> = {};
    const custom: JsonObject = {};
    for (const source of [...[...duplicates].reverse(), survivor]) {
      Object.assign(externalIds, source.external_ids);
      Object.assign(custom, source.custom);
    }
    const isTarget = survivor.is_target || duplicates.some((d) => d.is_target);
    const lifecycle =
      survivor.lifecycle === 'prospect' && duplicates.some((d) => d.lifecycle === 'customer')
        ? 'customer'
        : survivor.lifecycle;

    await trx.deleteFrom('accounts').where('workspace_id', '=', ws).where('id', 'in', dups).execute();
    await trx
      .updateTable('accounts')
      .set({
        ...fill,
        parent_id: parentId,
        technologies,
        external_ids: externalIds,
        custom,
        is_target: isTarget,
        lifecycle,
        updated_at: now,
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', survivorId)
      .execute();

    const result: MergeResult = {
      survivorId,
      mergedIds: dups,
      moved: {
        contacts: count(contacts),
        opportunities: count(opportunities),
        activities: count(activities),
        notes: count(notes),
        domains: Number(domains.numAffectedRows ?? 0n),
        childAccounts,
        other,
      },
      notMoved,
      filled: Object.keys(fill),
    };
    await recordAudit(trx, ctx, [
      {
        action: 'account.merge',
        objectType: 'account',
        objectId: survivorId,
        changes: {
          mergedIds: dups,
          mergedNames: duplicates.map((d) => d.name),
          moved: { ...result.moved },
          notMoved,
          filled: result.filled,
        },
      },
      ...duplicates.map((d) => ({
        action: 'account.merged_into',
        objectType: 'account',
        objectId: d.id,
        changes: { survivorId, name: d.name },
      })),
    ]);
    return result;
  });
}

/** Move rows of every other table keyed by (workspace_id, account_id); a unique clash leaves that table's rows. */
async function moveOtherTables(
  trx: Kysely<DB>,
  ws: string,
  survivorId: string,
  dups: string[],
): Promise<{ other: Record<string, number>; notMoved: string[] }> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name = 'account_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns w WHERE w.table_schema = c.table_schema
        AND w.table_name = c.table_name AND w.column_name = 'workspace_id')
    ORDER BY c.table_name`.execute(trx);
  const other: Record<string, number> = {};
  const notMoved: string[] = [];
  for (const { table_name: table } of rows) {
    if (HANDLED.has(table)) continue;
    await sql`SAVEPOINT merge_move`.execute(trx);
    try {
      const r = await sql`UPDATE ${sql.table(table)} SET account_id = ${survivorId}
        WHERE workspace_id = ${ws} AND account_id = ANY(${dups}::uuid[])`.execute(trx);
      await sql`RELEASE SAVEPOINT merge_move`.execute(trx);
      const n = Number(r.numAffectedRows ?? 0n);
      if (n > 0) other[table] = n;
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT merge_move`.execute(trx);
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505')
        notMoved.push(table);
      else throw error;
    }
  }
  return { other, notMoved };
}
