import { type Kysely, sql } from 'kysely';

/**
 * Index diet: every index on accounts is paid for on each imported row (a 1M-row import writes each
 * index a million times), so indexes no query needs go.
 *
 * - `accounts_{revenue,employees,industry,country}_desc_idx`, `opportunities_{amount,close}_desc_idx`
 *   (`col DESC NULLS LAST, id DESC`): the list engine (build-list-statement.ts) now reads a
 *   descending sort on a nullable column as two branches, the values and the null tail, each ordered
 *   the way the ascending (workspace_id, col, id) index reads backwards, so that one index serves
 *   both directions (as it already did for the fit, stage and engagement sorts).
 * - `accounts_external_ids_idx` (GIN, jsonb_path_ops): no query looks accounts up by containment in
 *   external_ids (imports match on salesforce_id/hubspot_id/domain, which have their own indexes;
 *   external ids are only read with their row).
 *
 * Kept, with the query that needs each: the primary key; the Salesforce/HubSpot unique keys
 * (matching and uniqueness); lower(name) (default sort); name and domain trigrams (`q=` search,
 * duplicate candidates); country, industry, employee_count, annual_revenue, created_at and
 * updated_at (list sorts, both directions); owner (`ownerId=` lists); parent (children and the
 * self-referencing foreign key); is_target/tier (target lists); domain (`domain=` lookups).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS accounts_revenue_desc_idx, accounts_employees_desc_idx, accounts_industry_desc_idx,
      accounts_country_desc_idx, accounts_external_ids_idx, opportunities_amount_desc_idx,
      opportunities_close_desc_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS accounts_revenue_desc_idx ON accounts (workspace_id, annual_revenue DESC NULLS LAST, id DESC);
    CREATE INDEX IF NOT EXISTS accounts_employees_desc_idx ON accounts (workspace_id, employee_count DESC NULLS LAST, id DESC);
    CREATE INDEX IF NOT EXISTS accounts_industry_desc_idx ON accounts (workspace_id, industry DESC NULLS LAST, id DESC);
    CREATE INDEX IF NOT EXISTS accounts_country_desc_idx ON accounts (workspace_id, country DESC NULLS LAST, id DESC);
    CREATE INDEX IF NOT EXISTS accounts_external_ids_idx ON accounts USING gin (external_ids jsonb_path_ops);
    CREATE INDEX IF NOT EXISTS opportunities_amount_desc_idx ON opportunities (workspace_id, amount DESC NULLS LAST, id DESC);
    CREATE INDEX IF NOT EXISTS opportunities_close_desc_idx ON opportunities (workspace_id, close_date DESC NULLS LAST, id DESC);
  `.execute(db);
}
