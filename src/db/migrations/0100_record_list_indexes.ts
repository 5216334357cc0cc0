import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind the list endpoints' keyset pagination. Nulls sort last in both directions, so a
 * descending sort on a nullable column needs its own (col DESC NULLS LAST, id DESC) index; ascending
 * sorts and not-null columns use the (workspace_id, col, id) indexes of 0001 forwards or backwards.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX accounts_revenue_desc_idx ON accounts (workspace_id, annual_revenue DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_employees_desc_idx ON accounts (workspace_id, employee_count DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_industry_desc_idx ON accounts (workspace_id, industry DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_country_desc_idx ON accounts (workspace_id, country DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_created_idx ON accounts (workspace_id, created_at, id);
    CREATE INDEX accounts_domain_trgm_idx ON accounts USING gin (lower(domain) gin_trgm_ops);

    CREATE INDEX contacts_created_idx ON contacts (workspace_id, created_at, id);

    CREATE INDEX opportunities_updated_idx ON opportunities (workspace_id, updated_at, id);
    CREATE INDEX opportunities_created_idx ON opportunities (workspace_id, created_at, id);
    CREATE INDEX opportunities_amount_idx ON opportunities (workspace_id, amount, id);
    CREATE INDEX opportunities_amount_desc_idx ON opportunities (workspace_id, amount DESC NULLS LAST, id DESC);
    CREATE INDEX opportunities_close_desc_idx ON opportunities (workspace_id, close_date DESC NULLS LAST, id DESC);
    CREATE INDEX opportunities_owner_idx ON opportunities (workspace_id, owner_id, id);

    CREATE INDEX activities_feed_idx ON activities (workspace_id, occurred_at DESC, id DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS accounts_revenue_desc_idx, accounts_employees_desc_idx, accounts_industry_desc_idx,
      accounts_country_desc_idx, accounts_created_idx, accounts_domain_trgm_idx, contacts_created_idx,
      opportunities_updated_idx, opportunities_created_idx, opportunities_amount_idx,
      opportunities_amount_desc_idx, opportunities_close_desc_idx, opportunities_owner_idx, activities_feed_idx;
  `.execute(db);
}
