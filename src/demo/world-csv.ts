import type { DemoAccount, DemoActivity, DemoContact, DemoOpportunity } from './world-types.ts';

type Cell = string | number | boolean | null;

/** One CSV table of the demo world: its camelCase header and how a record becomes a row. */
export interface CsvTable<T> {
  header: string[];
  row(record: T): Cell[];
}

const list = (values: string[]) => values.join(';');

/** Accounts keyed by Salesforce id; `domains` and `technologies` are `;`-separated. */
export const ACCOUNT_CSV: CsvTable<DemoAccount> = {
  header: [
    'salesforceId',
    'hubspotId',
    'name',
    'domain',
    'domains',
    'website',
    'industry',
    'employeeCount',
    'annualRevenue',
    'currency',
    'country',
    'region',
    'city',
    'technologies',
    'parentSalesforceId',
    'lifecycle',
    'isTarget',
    'tier',
  ],
  row: (a) => [
    a.salesforceId,
    a.hubspotId,
    a.name,
    a.domain,
    list(a.domains),
    a.website,
    a.industry,
    a.employeeCount,
    a.annualRevenue,
    a.currency,
    a.country,
    a.region,
    a.city,
    list(a.technologies),
    a.parentSalesforceId,
    a.lifecycle,
    a.isTarget,
    a.tier,
  ],
};

/** Contacts linked to their account by the account's Salesforce id. */
export const CONTACT_CSV: CsvTable<DemoContact> = {
  header: [
    'salesforceId',
    'hubspotId',
    'email',
    'firstName',
    'lastName',
    'title',
    'phone',
    'country',
    'accountSalesforceId',
    'unsubscribed',
    'bounced',
    'doNotContact',
    'consentBasis',
  ],
  row: (c) => [
    c.salesforceId,
    c.hubspotId,
    c.email,
    c.firstName,
    c.lastName,
    c.title,
    c.phone,
    c.country,
    c.accountSalesforceId,
    c.unsubscribed,
    c.bounced,
    c.doNotContact,
    c.consentBasis,
  ],
};

export const OPPORTUNITY_CSV: CsvTable<DemoOpportunity> = {
  header: [
    'salesforceId',
    'name',
    'stage',
    'amount',
    'currency',
    'createdDate',
    'closeDate',
    'isClosed',
    'isWon',
    'accountSalesforceId',
  ],
  row: (o) => [
    o.salesforceId,
    o.name,
    o.stage,
    o.amount,
    o.currency,
    o.createdDate,
    o.closeDate,
    o.isClosed,
    o.isWon,
    o.accountSalesforceId,
  ],
};

/** Activities of known contacts (linked by email); `properties` is a JSON object. */
export const ACTIVITY_CSV: CsvTable<DemoActivity> = {
  header: ['type', 'occurredAt', 'contactEmail', 'properties', 'source', 'messageId'],
  row: (a) => [a.type, a.occurredAt, a.contactEmail, JSON.stringify(a.properties), a.source, a.messageId],
};

/** One CSV line (RFC 4180 quoting), ending in a newline. */
export function csvLine(cells: Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const text = cell === null || cell === undefined ? '' : String(cell);
    if (i > 0) line += ',';
    line += /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\n`;
}
