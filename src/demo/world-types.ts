import type { JsonObject } from '../db/json.ts';
import type { ConsentBasis, Lifecycle } from '../db/schema.ts';
import type { DemoHistory } from './generate-history.ts';
import type { JobFunction, Seniority } from './job-titles.ts';
import type { PlantedLift } from './planted-lift.ts';

/** Options every demo generator takes. Same seed and same `asOf` → the same world, byte for byte. */
export interface WorldOptions {
  seed: number;
  /** Number of accounts. */
  accounts: number;
  /** The day the world is "now" (default: today, UTC). Activities cover the 90 days before it. */
  asOf?: Date | string;
  /** The program's planted effect and the quarters of history (planted-lift.ts; defaults there). */
  lift?: Partial<PlantedLift> | undefined;
}

/** A generated account, field names as the API takes them plus its id and index in the world. */
export interface DemoAccount {
  index: number;
  id: string;
  name: string;
  domain: string;
  domains: string[];
  website: string;
  industry: string;
  employeeCount: number;
  annualRevenue: number;
  currency: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string;
  city: string;
  technologies: string[];
  parentId: string | null;
  parentSalesforceId: string | null;
  ownerEmail: string;
  lifecycle: Lifecycle;
  isTarget: boolean;
  tier: number | null;
  salesforceId: string;
  hubspotId: string | null;
  externalIds: Record<string, string>;
  custom: JsonObject;
  createdAt: string;
}

export interface DemoOpportunity {
  id: string;
  accountId: string;
  name: string;
  stage: string;
  amount: number;
  currency: string;
  createdDate: string;
  closeDate: string;
  isClosed: boolean;
  isWon: boolean;
  ownerEmail: string;
  salesforceId: string;
  accountSalesforceId: string;
  /** The true win probability the outcome was drawn with (for checking models; not loaded). */
  winProbability: number;
}

export interface DemoContact {
  id: string;
  accountId: string;
  accountSalesforceId: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  phone: string | null;
  country: string;
  unsubscribed: boolean;
  bounced: boolean;
  doNotContact: boolean;
  consentBasis: ConsentBasis | null;
  salesforceId: string | null;
  hubspotId: string | null;
  createdAt: string;
  /** The truth behind the title (for checking persona mapping; not loaded). */
  jobFunction: JobFunction;
  seniority: Seniority;
  titleLanguage: string;
}

export type DemoActivityType =
  | 'page_view'
  | 'email_open'
  | 'email_click'
  | 'form_fill'
  | 'webinar_registered'
  | 'webinar_attended'
  | 'ad_click'
  | 'meeting';

export interface DemoActivity {
  accountId: string;
  contactId: string | null;
  contactEmail: string | null;
  type: DemoActivityType;
  occurredAt: string;
  properties: JsonObject;
  source: string;
  messageId: string;
}

/** How much an account engages with the vendor over the 90 days (the truth behind its activity). */
export type Engagement = 'none' | 'light' | 'engaged' | 'surging';

/** Everything the world holds about one account. */
export interface DemoAccountBundle {
  account: DemoAccount;
  opportunities: DemoOpportunity[];
  contacts: DemoContact[];
  activities: DemoActivity[];
  engagement: Engagement;
  /** Quarters of history before the 90-day window: activities and stage changes (not in `activities`). */
  history: DemoHistory;
}

/** The reference day as a UTC midnight Date. */
export function resolveAsOf(asOf: Date | string | undefined): Date {
  const base = asOf === undefined ? new Date() : new Date(asOf);
  if (Number.isNaN(base.getTime())) throw new Error(`Invalid asOf date "${String(asOf)}"`);
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate()));
}
