import { z } from 'zod';

/**
 * The one data table of import fields: for each kind of record, each target field with its value
 * type and the column labels that map to it — Salesforce exports and Data Loader files, HubSpot
 * exports, and our own camelCase / snake_case names (added automatically). Labels are compared
 * loosely (see `looseLabel`).
 */

export const ImportKindSchema = z.enum(['accounts', 'contacts', 'opportunities', 'activities']);
export type ImportKind = z.infer<typeof ImportKindSchema>;
export const IMPORT_KINDS: readonly ImportKind[] = ImportKindSchema.options;

/**
 * How a cell is coerced. `anyId` resolves by the value's shape: a UUID is our id, all digits a
 * HubSpot id, anything else a Salesforce id (Salesforce and our exports both call the column `Id`).
 */
export type FieldType =
  | 'text'
  | 'int'
  | 'number'
  | 'money'
  | 'bool'
  | 'date'
  | 'datetime'
  | 'list'
  | 'json'
  | 'uuid'
  | 'lifecycle'
  | 'consent'
  | 'firstOfList'
  | 'anyId'
  | 'anyAccountId'
  | 'anyParentId'
  | 'anyOwnerId';

export interface FieldDef {
  type: FieldType;
  aliases: string[];
  /** The column must be present (the import stops before any row otherwise). */
  required?: boolean;
}

const accounts: Record<string, FieldDef> = {
  anyId: { type: 'anyId', aliases: ['Id'] },
  salesforceId: { type: 'text', aliases: ['Salesforce Id', 'SFDC Id', 'Account Id 18'] },
  hubspotId: { type: 'text', aliases: ['Record ID', 'HubSpot Id', 'Company ID', 'hs_object_id'] },
  name: {
    type: 'text',
    aliases: ['Name', 'Account Name', 'Company name', 'Company', 'Organization', 'Organisation'],
    required: true,
  },
  domain: {
    type: 'text',
    aliases: ['Company Domain Name', 'Domain Name', 'Primary Domain', 'Company Email Domain', 'Email Domain'],
  },
  domains: { type: 'list', aliases: ['Additional Domains', 'All Domains'] },
  website: { type: 'text', aliases: ['Website URL', 'Web Site', 'URL', 'Homepage', 'Company Website'] },
  industry: { type: 'text', aliases: ['Sector', 'Company Industry', 'Primary Industry', 'Industry Type'] },
  phone: { type: 'text', aliases: ['Phone Number', 'Company Phone', 'Main Phone', 'Billing Phone'] },
  employeeCount: {
    type: 'int',
    aliases: ['NumberOfEmployees', 'Number of Employees', 'Employees', 'Headcount'],
  },
  annualRevenue: { type: 'money', aliases: ['AnnualRevenue', 'Annual Revenue', 'Revenue'] },
  currency: { type: 'text', aliases: ['CurrencyIsoCode', 'Currency Code', 'Account Currency'] },
  country: {
    type: 'text',
    aliases: [
      'BillingCountry',
      'Billing Country',
      'Country/Region',
      'Company Country',
      'Billing Country Code',
      'HQ Country',
      'Headquarters Country',
    ],
  },
  region: {
    type: 'text',
    aliases: [
      'BillingState',
      'Billing State/Province',
      'Billing State',
      'State/Region',
      'State/Province',
      'State',
      'Province',
      'HQ State',
    ],
  },
  city: { type: 'text', aliases: ['BillingCity', 'Billing City', 'Company City', 'HQ City'] },
  'custom.postalCode': {
    type: 'text',
    aliases: ['BillingPostalCode', 'Billing Zip/Postal Code', 'Postal Code', 'Zip', 'Zipcode', 'Zip Code'],
  },
  'custom.linkedinPage': {
    type: 'text',
    aliases: ['LinkedIn Company Page URL', 'LinkedIn Company Page', 'Company LinkedIn URL', 'LinkedIn URL'],
  },
  'custom.stockSymbol': { type: 'text', aliases: ['Stock Symbol', 'Ticker Symbol', 'TickerSymbol'] },
  technologies: { type: 'list', aliases: ['Tech Stack', 'Technology', 'Web Technologies'] },
  anyParentId: { type: 'anyParentId', aliases: ['ParentId', 'Parent Account ID'] },
  parentSalesforceId: { type: 'text', aliases: ['Parent Salesforce Id'] },
  parentHubspotId: { type: 'firstOfList', aliases: ['Parent Company ID', 'Parent Company Record ID'] },
  anyOwnerId: { type: 'anyOwnerId', aliases: ['OwnerId', 'Owner Id', 'Account Owner Id'] },
  owner: {
    type: 'text',
    aliases: [
      'Company owner',
      'Account Owner',
      'Account Owner Name',
      'Account Owner: Full Name',
      'Owner',
      'Owner Name',
    ],
  },
  lifecycle: { type: 'lifecycle', aliases: ['Lifecycle Stage', 'Type', 'Account Type'] },
  isTarget: { type: 'bool', aliases: ['Target', 'Target Account', 'Is Target Account'] },
  tier: { type: 'int', aliases: ['Account Tier', 'ABM Tier'] },
  externalIds: { type: 'json', aliases: [] },
  custom: { type: 'json', aliases: [] },
};

const contacts: Record<string, FieldDef> = {
  anyId: { type: 'anyId', aliases: ['Id', 'Contact ID'] },
  salesforceId: { type: 'text', aliases: ['Salesforce Id', 'SFDC Id'] },
  hubspotId: { type: 'text', aliases: ['Record ID', 'HubSpot Id', 'hs_object_id'] },
  email: { type: 'text', aliases: ['Email Address', 'E-mail', 'Work Email'] },
  firstName: { type: 'text', aliases: ['FirstName', 'First Name', 'Given Name'] },
  lastName: { type: 'text', aliases: ['LastName', 'Last Name', 'Surname', 'Family Name'] },
  title: { type: 'text', aliases: ['Job Title', 'Position'] },
  phone: { type: 'text', aliases: ['Phone Number', 'Work Phone', 'Mobile Phone Number', 'MobilePhone'] },
  country: { type: 'text', aliases: ['MailingCountry', 'Mailing Country', 'Country/Region'] },
  owner: {
    type: 'text',
    aliases: ['Contact owner', 'Contact Owner Name', 'Lead Owner', 'Owner', 'Owner Name'],
  },
  anyAccountId: { type: 'anyAccountId', aliases: ['AccountId', 'Account Id'] },
  accountSalesforceId: { type: 'text', aliases: ['Account Salesforce Id'] },
  accountHubspotId: {
    type: 'firstOfList',
    aliases: [
      'Associated Company IDs',
      'Associated Company ID',
      'Associated Company Record ID',
      'Company ID',
    ],
  },
  'custom.company': {
    type: 'text',
    aliases: ['Associated Company', 'Company Name', 'Company', 'Account Name', 'Employee Company'],
  },
  unsubscribed: {
    type: 'bool',
    aliases: ['HasOptedOutOfEmail', 'Unsubscribed from all email', 'Opted out of all email', 'Email Opt Out'],
  },
  bounced: { type: 'bool', aliases: ['IsEmailBounced', 'Email hard bounced', 'Hard Bounced'] },
  doNotContact: { type: 'bool', aliases: ['Do Not Contact'] },
  consentBasis: { type: 'consent', aliases: ["Legal basis for processing contact's data", 'Legal Basis'] },
  anyOwnerId: { type: 'anyOwnerId', aliases: ['OwnerId', 'Owner Id', 'Contact Owner Id'] },
  externalIds: { type: 'json', aliases: [] },
  custom: { type: 'json', aliases: [] },
};

const opportunities: Record<string, FieldDef> = {
  anyId: { type: 'anyId', aliases: ['Id', 'Opportunity ID'] },
  salesforceId: { type: 'text', aliases: ['Salesforce Id', 'SFDC Id'] },
  hubspotId: { type: 'text', aliases: ['Record ID', 'Deal ID', 'HubSpot Id', 'hs_object_id'] },
  name: { type: 'text', aliases: ['Deal Name', 'Opportunity Name', 'dealname'], required: true },
  stage: { type: 'text', aliases: ['StageName', 'Deal Stage', 'dealstage', 'Stage Name'], required: true },
  amount: { type: 'money', aliases: ['Deal Amount', 'Value'] },
  currency: { type: 'text', aliases: ['CurrencyIsoCode', 'Currency Code', 'Deal Currency Code'] },
  createdDate: { type: 'date', aliases: ['CreatedDate', 'Created Date', 'Create Date', 'createdate'] },
  closeDate: { type: 'date', aliases: ['CloseDate', 'Close Date'] },
  isClosed: { type: 'bool', aliases: ['IsClosed', 'Closed', 'Is Closed'] },
  isWon: { type: 'bool', aliases: ['IsWon', 'Won', 'Is Won', 'Is Closed Won'] },
  anyAccountId: { type: 'anyAccountId', aliases: ['AccountId', 'Account Id'] },
  accountSalesforceId: { type: 'text', aliases: ['Account Salesforce Id'] },
  accountHubspotId: {
    type: 'firstOfList',
    aliases: [
      'Associated Company IDs',
      'Associated Company ID',
      'Associated Company Record ID',
      'Company ID',
    ],
  },
  anyOwnerId: { type: 'anyOwnerId', aliases: ['OwnerId', 'Owner Id', 'Opportunity Owner Id'] },
  owner: { type: 'text', aliases: ['Deal owner', 'Opportunity Owner', 'Owner', 'Owner Name'] },
  externalIds: { type: 'json', aliases: [] },
  custom: { type: 'json', aliases: [] },
};

const activities: Record<string, FieldDef> = {
  type: { type: 'text', aliases: ['Activity Type', 'Event', 'Event Type'], required: true },
  occurredAt: {
    type: 'datetime',
    aliases: ['Occurred At', 'Timestamp', 'Date', 'Time', 'ActivityDate', 'Event Date'],
    required: true,
  },
  accountId: { type: 'uuid', aliases: [] },
  contactId: { type: 'uuid', aliases: [] },
  contactEmail: { type: 'text', aliases: ['Email', 'Contact Email', 'Email Address'] },
  source: { type: 'text', aliases: [] },
  messageId: { type: 'text', aliases: ['Message ID', 'Event ID'] },
  properties: { type: 'json', aliases: [] },
};

/** Every import field per kind. */
export const FIELD_TABLE: Record<ImportKind, Record<string, FieldDef>> = {
  accounts,
  contacts,
  opportunities,
  activities,
};

/**
 * A label compared loosely: lower-case, accents folded, `(Primary)` and trailing `(12345)` dropped,
 * everything but letters and digits removed (`Company Domain Name` = `company_domain_name`).
 */
export function looseLabel(label: string): string {
  return label
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(primary\)/g, '')
    .replace(/\(\s*\d+\s*\)\s*$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const lookups = new Map<ImportKind, Map<string, string>>();

/** The target field a column label maps to for a kind, or undefined. */
export function fieldForLabel(kind: ImportKind, label: string): string | undefined {
  let lookup = lookups.get(kind);
  if (!lookup) {
    lookup = new Map();
    for (const [target, def] of Object.entries(FIELD_TABLE[kind])) {
      if (!target.startsWith('any') && !target.includes('.')) lookup.set(looseLabel(target), target);
      for (const alias of def.aliases) lookup.set(looseLabel(alias), target);
    }
    lookups.set(kind, lookup);
  }
  return lookup.get(looseLabel(label));
}
