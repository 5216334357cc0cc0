import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { IcpCriterionSchema, type ResolvedCriterion, resolveCriteria } from './icp-criteria.ts';

/** The workspace's ICP (empty criteria when none is saved yet). */
export async function getIcpProfile(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<{ name: string; criteria: ResolvedCriterion[]; updatedAt: Date | null }> {
  const row = await db
    .selectFrom('icp_profiles')
    .select(['name', 'criteria', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return { name: 'Ideal customer profile', criteria: [], updatedAt: null };
  // Stored criteria were validated on save; parse again so the type is proven, not assumed.
  const criteria = z.array(IcpCriterionSchema).parse(row.criteria);
  return { name: row.name, criteria: resolveCriteria(criteria), updatedAt: row.updated_at };
}

/** Save the ICP (criteria get ids `c1`… when none were given). */
export async function saveIcpProfile(
  db: Kysely<DB>,
  workspaceId: string,
  profile: { name?: string; criteria: ResolvedCriterion[] },
  userId: string | null,
): Promise<void> {
  const criteria = JSON.stringify(profile.criteria);
  await db
    .insertInto('icp_profiles')
    .values({ workspace_id: workspaceId, name: profile.name, criteria, updated_by: userId })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        name: profile.name ?? 'Ideal customer profile',
        criteria,
        updated_by: userId,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}
