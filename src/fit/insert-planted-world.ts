import type { Kysely } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { type PlantedAccount, plantedAccounts } from './planted-world.ts';

/**
 * Insert planted accounts (and one closed opportunity each: won or lost) into a workspace, for
 * tests and benchmarks. Returns the account ids in order. `customerShare` of the winners are marked
 * lifecycle customer instead of having a won opportunity; `openShare` of accounts get no opportunity.
 */
export async function insertPlantedWorld(
  db: Kysely<DB>,
  workspaceId: string,
  options: {
    count: number;
    seed?: number;
    baseLogOdds?: number;
    customerShare?: number;
    openShare?: number;
    ownerIds?: string[];
  },
): Promise<{ ids: string[]; accounts: PlantedAccount[] }> {
  const accounts = plantedAccounts(options.count, options.seed ?? 7, options.baseLogOdds);
  const ids: string[] = [];
  const chunk = 1000;
  for (let start = 0; start < accounts.length; start += chunk) {
    const slice = accounts.slice(start, start + chunk);
    const rows = await db
      .insertInto('accounts')
      .values(
        slice.map((a, k) => {
          const i = start + k;
          const custom: JsonObject = { segment: a.segment, seats: (i * 37) % 500 };
          return {
            workspace_id: workspaceId,
            name: a.name,
            industry: a.industry,
            employee_count: a.employeeCount,
            annual_revenue: a.annualRevenue,
            country: a.country,
            region: a.region,
            technologies: a.technologies,
            owner_id: options.ownerIds?.length
              ? (options.ownerIds[i % options.ownerIds.length] ?? null)
              : null,
            lifecycle:
              a.won && (i * 7919) % 100 < (options.customerShare ?? 0) * 100
                ? ('customer' as const)
                : ('prospect' as const),
            custom,
          };
        }),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  const openShare = options.openShare ?? 0;
  const opportunities = accounts.flatMap((a, i) => {
    const id = ids[i];
    if (!id || (i * 104729) % 100 < openShare * 100) return [];
    return [
      {
        workspace_id: workspaceId,
        account_id: id,
        name: `${a.name} deal`,
        stage: a.won ? 'Closed Won' : 'Closed Lost',
        amount: 10_000,
        is_closed: true,
        is_won: a.won,
      },
    ];
  });
  for (let start = 0; start < opportunities.length; start += chunk) {
    await db
      .insertInto('opportunities')
      .values(opportunities.slice(start, start + chunk))
      .execute();
  }
  return { ids, accounts };
}
