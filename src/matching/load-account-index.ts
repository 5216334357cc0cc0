import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AccountIndex } from './account-index.ts';
import type { MatchAccountInput } from './match-types.ts';

interface AccountRow {
  id: string;
  name: string;
  country: string | null;
  lifecycle: 'prospect' | 'customer' | 'churned';
  parent_id: string | null;
  created_ms: number;
  domains: string[] | null;
  contacts: number;
  open_opportunity: boolean;
}

/**
 * Builds the matching index of a workspace with one set-based query over accounts, account_domains
 * (primary first), contact counts and open opportunities (for the tie-breakers).
 */
export async function loadAccountIndex(db: Kysely<DB>, workspaceId: string): Promise<AccountIndex> {
  const result = await sql<AccountRow>`
    SELECT a.id, a.name, a.country, a.lifecycle, a.parent_id,
           (extract(epoch FROM a.created_at) * 1000)::float8 AS created_ms,
           d.domains, coalesce(c.n, 0)::int AS contacts, (o.account_id IS NOT NULL) AS open_opportunity
    FROM accounts a
    LEFT JOIN (
      SELECT account_id, array_agg(domain ORDER BY is_primary DESC, domain) AS domains
      FROM account_domains WHERE workspace_id = ${workspaceId} GROUP BY account_id
    ) d ON d.account_id = a.id
    LEFT JOIN (
      SELECT account_id, count(*) AS n FROM contacts
      WHERE workspace_id = ${workspaceId} AND account_id IS NOT NULL GROUP BY account_id
    ) c ON c.account_id = a.id
    LEFT JOIN (
      SELECT DISTINCT account_id FROM opportunities
      WHERE workspace_id = ${workspaceId} AND account_id IS NOT NULL AND NOT is_closed
    ) o ON o.account_id = a.id
    WHERE a.workspace_id = ${workspaceId}
    ORDER BY a.created_at, a.id
  `.execute(db);
  const accounts: MatchAccountInput[] = result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    domains: r.domains ?? [],
    country: r.country,
    lifecycle: r.lifecycle,
    contactCount: r.contacts,
    hasOpenOpportunity: r.open_opportunity,
    parentId: r.parent_id,
    createdAt: r.created_ms,
  }));
  return AccountIndex.build(accounts);
}
