import { type Kysely, type RawBuilder, sql } from 'kysely';
import { storeActivities } from '../activities/store-activities.ts';
import type { DB } from '../db/schema.ts';
import { emailDomain } from '../matching/normalize-domain.ts';
import type { DemoAccount, DemoActivity, DemoContact, DemoOpportunity } from './world-types.ts';

/** Rows written so far by a demo load. */
export interface DemoCounts {
  accounts: number;
  accountDomains: number;
  contacts: number;
  opportunities: number;
  activities: number;
  users: number;
}

/**
 * Rows buffered for one round of set-based inserts: each table gets one `INSERT … SELECT … FROM unnest(…)`
 * per batch (contacts and activities in chunks of 5,000), with ids from the generator.
 */
export class DemoRowBatch {
  accounts: DemoAccount[] = [];
  contacts: DemoContact[] = [];
  opportunities: DemoOpportunity[] = [];
  activities: DemoActivity[] = [];

  add(
    account: DemoAccount,
    contacts: DemoContact[],
    opportunities: DemoOpportunity[],
    activities: DemoActivity[],
  ): void {
    this.accounts.push(account);
    for (const c of contacts) this.contacts.push(c);
    for (const o of opportunities) this.opportunities.push(o);
    for (const a of activities) this.activities.push(a);
  }

  async flush(
    db: Kysely<DB>,
    workspaceId: string,
    owners: Map<string, string>,
    counts: DemoCounts,
  ): Promise<void> {
    if (this.accounts.length === 0) return;
    const owner = (email: string) => owners.get(email) ?? null;
    await insertAccounts(db, workspaceId, this.accounts, owner);
    counts.accounts += this.accounts.length;
    counts.accountDomains += await insertDomains(db, workspaceId, this.accounts);
    for (let i = 0; i < this.contacts.length; i += 5000) {
      await insertContacts(db, workspaceId, this.contacts.slice(i, i + 5000));
    }
    counts.contacts += this.contacts.length;
    await insertOpportunities(db, workspaceId, this.opportunities, owner);
    counts.opportunities += this.opportunities.length;
    for (let i = 0; i < this.activities.length; i += 5000) {
      await insertActivities(db, workspaceId, this.activities.slice(i, i + 5000));
    }
    counts.activities += this.activities.length;
    this.accounts = [];
    this.contacts = [];
    this.opportunities = [];
    this.activities = [];
  }
}

/** `unnest($1::type[], …) AS t(col, …)` over column arrays. */
function unnest(columns: [name: string, type: string, values: unknown[]][]): RawBuilder<unknown> {
  const parts = columns.map(([, type, values]) => sql`${values}::${sql.raw(type)}[]`);
  const names = columns.map(([name]) => sql.raw(name));
  return sql`unnest(${sql.join(parts)}) AS t(${sql.join(names)})`;
}

async function insertAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  rows: DemoAccount[],
  owner: (email: string) => string | null,
): Promise<void> {
  const from = unnest([
    ['id', 'uuid', rows.map((r) => r.id)],
    ['name', 'text', rows.map((r) => r.name)],
    ['domain', 'text', rows.map((r) => r.domain)],
    ['website', 'text', rows.map((r) => r.website)],
    ['industry', 'text', rows.map((r) => r.industry)],
    ['employee_count', 'int4', rows.map((r) => r.employeeCount)],
    ['annual_revenue', 'numeric', rows.map((r) => r.annualRevenue)],
    ['currency', 'text', rows.map((r) => r.currency)],
    ['country', 'text', rows.map((r) => r.country)],
    ['region', 'text', rows.map((r) => r.region)],
    ['city', 'text', rows.map((r) => r.city)],
    ['technologies', 'text', rows.map((r) => JSON.stringify(r.technologies))],
    ['parent_id', 'uuid', rows.map((r) => r.parentId)],
    ['owner_id', 'uuid', rows.map((r) => owner(r.ownerEmail))],
    ['lifecycle', 'text', rows.map((r) => r.lifecycle)],
    ['is_target', 'bool', rows.map((r) => r.isTarget)],
    ['tier', 'int2', rows.map((r) => r.tier)],
    ['salesforce_id', 'text', rows.map((r) => r.salesforceId)],
    ['hubspot_id', 'text', rows.map((r) => r.hubspotId)],
    ['external_ids', 'text', rows.map((r) => JSON.stringify(r.externalIds))],
    ['custom', 'text', rows.map((r) => JSON.stringify(r.custom))],
    ['created_at', 'timestamptz', rows.map((r) => r.createdAt)],
  ]);
  await sql`
    INSERT INTO accounts (workspace_id, id, name, domain, website, industry, employee_count, annual_revenue, currency,
      country, region, city, technologies, parent_id, owner_id, lifecycle, is_target, tier, salesforce_id, hubspot_id,
      external_ids, custom, created_at, updated_at)
    SELECT ${workspaceId}::uuid, id, name, domain, website, industry, employee_count, annual_revenue, currency,
      country, region, city, ARRAY(SELECT jsonb_array_elements_text(technologies::jsonb)), parent_id, owner_id,
      lifecycle, is_target, tier, salesforce_id, hubspot_id, external_ids::jsonb, custom::jsonb, created_at, created_at
    FROM ${from}`.execute(db);
}

async function insertDomains(db: Kysely<DB>, workspaceId: string, rows: DemoAccount[]): Promise<number> {
  const ids: string[] = [];
  const domains: string[] = [];
  const primary: boolean[] = [];
  for (const r of rows) {
    for (const [i, d] of r.domains.entries()) {
      ids.push(r.id);
      domains.push(d);
      primary.push(i === 0);
    }
  }
  const from = unnest([
    ['account_id', 'uuid', ids],
    ['domain', 'text', domains],
    ['is_primary', 'bool', primary],
  ]);
  await sql`
    INSERT INTO account_domains (workspace_id, account_id, domain, is_primary)
    SELECT ${workspaceId}::uuid, account_id, domain, is_primary FROM ${from}`.execute(db);
  return ids.length;
}

async function insertContacts(db: Kysely<DB>, workspaceId: string, rows: DemoContact[]): Promise<void> {
  if (rows.length === 0) return;
  const from = unnest([
    ['id', 'uuid', rows.map((r) => r.id)],
    ['account_id', 'uuid', rows.map((r) => r.accountId)],
    ['email', 'text', rows.map((r) => r.email)],
    ['email_domain', 'text', rows.map((r) => emailDomain(r.email))],
    ['first_name', 'text', rows.map((r) => r.firstName)],
    ['last_name', 'text', rows.map((r) => r.lastName)],
    ['title', 'text', rows.map((r) => r.title)],
    ['phone', 'text', rows.map((r) => r.phone)],
    ['country', 'text', rows.map((r) => r.country)],
    ['unsubscribed', 'bool', rows.map((r) => r.unsubscribed)],
    ['bounced', 'bool', rows.map((r) => r.bounced)],
    ['do_not_contact', 'bool', rows.map((r) => r.doNotContact)],
    ['consent_basis', 'text', rows.map((r) => r.consentBasis)],
    ['salesforce_id', 'text', rows.map((r) => r.salesforceId)],
    ['hubspot_id', 'text', rows.map((r) => r.hubspotId)],
    ['created_at', 'timestamptz', rows.map((r) => r.createdAt)],
  ]);
  await sql`
    INSERT INTO contacts (workspace_id, id, account_id, email, email_domain, first_name, last_name, title, phone, country,
      match_method, match_confidence, unsubscribed, bounced, do_not_contact, consent_basis, salesforce_id, hubspot_id,
      external_ids, created_at, updated_at)
    SELECT ${workspaceId}::uuid, id, account_id, email, email_domain, first_name, last_name, title, phone, country,
      'demo', 1, unsubscribed, bounced, do_not_contact, consent_basis, salesforce_id, hubspot_id,
      CASE WHEN salesforce_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('salesforce', salesforce_id) END,
      created_at, created_at
    FROM ${from}`.execute(db);
}

async function insertOpportunities(
  db: Kysely<DB>,
  workspaceId: string,
  rows: DemoOpportunity[],
  owner: (email: string) => string | null,
): Promise<void> {
  if (rows.length === 0) return;
  const from = unnest([
    ['id', 'uuid', rows.map((r) => r.id)],
    ['account_id', 'uuid', rows.map((r) => r.accountId)],
    ['name', 'text', rows.map((r) => r.name)],
    ['stage', 'text', rows.map((r) => r.stage)],
    ['amount', 'numeric', rows.map((r) => r.amount)],
    ['currency', 'text', rows.map((r) => r.currency)],
    ['created_date', 'date', rows.map((r) => r.createdDate)],
    ['close_date', 'date', rows.map((r) => r.closeDate)],
    ['is_closed', 'bool', rows.map((r) => r.isClosed)],
    ['is_won', 'bool', rows.map((r) => r.isWon)],
    ['owner_id', 'uuid', rows.map((r) => owner(r.ownerEmail))],
    ['salesforce_id', 'text', rows.map((r) => r.salesforceId)],
  ]);
  await sql`
    INSERT INTO opportunities (workspace_id, id, account_id, name, stage, amount, currency, created_date, close_date,
      is_closed, is_won, owner_id, salesforce_id, external_ids, created_at, updated_at)
    SELECT ${workspaceId}::uuid, id, account_id, name, stage, amount, currency, created_date, close_date,
      is_closed, is_won, owner_id, salesforce_id, jsonb_build_object('salesforce', salesforce_id),
      created_date::timestamptz, CASE WHEN is_closed THEN close_date::timestamptz ELSE created_date::timestamptz END
    FROM ${from}`.execute(db);
}

/** Through the activities writer; the demo derives the whole workspace after loading (deriveDemoInsights). */
async function insertActivities(db: Kysely<DB>, workspaceId: string, rows: DemoActivity[]): Promise<void> {
  await storeActivities(
    db,
    workspaceId,
    rows.map((r) => ({
      accountId: r.accountId,
      contactId: r.contactId,
      type: r.type,
      occurredAt: r.occurredAt,
      properties: r.properties,
      source: r.source,
      messageId: r.messageId,
      createdAt: r.occurredAt,
    })),
    { derive: 'workspace' },
  );
}
