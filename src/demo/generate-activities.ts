import type { JsonObject } from '../db/json.ts';
import { type Rng, rngFor } from '../random/seeded-random.ts';
import type { GeneratedAccount } from './generate-accounts.ts';
import type {
  DemoActivity,
  DemoActivityType,
  DemoContact,
  DemoOpportunity,
  Engagement,
} from './world-types.ts';

/** The demo vendor's website. */
export const DEMO_SITE = 'https://www.nimbus.example';
const DAY = 86_400_000;

const PAGES: [path: string, title: string, weight: number][] = [
  ['/', 'Nimbus — account-based marketing', 14],
  ['/pricing', 'Pricing', 10],
  ['/product', 'Product overview', 9],
  ['/product/analytics', 'Nimbus Analytics', 6],
  ['/product/signals', 'Nimbus Signals', 5],
  ['/integrations/salesforce', 'Salesforce integration', 4],
  ['/integrations/hubspot', 'HubSpot integration', 3],
  ['/customers', 'Customer stories', 5],
  ['/blog/abm-playbook', 'The ABM playbook', 6],
  ['/blog/intent-data-101', 'Intent data 101', 4],
  ['/blog/buying-committees', 'Mapping buying committees', 3],
  ['/docs/getting-started', 'Getting started', 4],
  ['/demo', 'Book a demo', 3],
  ['/security', 'Security and GDPR', 2],
  ['/careers', 'Careers', 1],
];
const REFERRERS: [string, number][] = [
  ['', 35],
  ['https://www.google.com/', 30],
  ['https://www.linkedin.com/', 12],
  ['https://www.bing.com/', 4],
  ['https://news.ycombinator.com/', 2],
  ['https://www.g2.com/', 4],
];
const CAMPAIGNS = [
  'q4-nordics-abm',
  'signals-launch',
  'webinar-abm-2026',
  'retargeting-pricing',
  'cfo-roi-guide',
];
const EMAILS: [campaign: string, subject: string][] = [
  ['newsletter', 'This month at Nimbus: intent surges and buying committees'],
  ['signals-launch', 'Introducing Nimbus Signals'],
  ['webinar-abm-2026', 'Webinar invite: ABM in 2026 — what actually works'],
  ['cfo-roi-guide', 'The CFO guide to ABM ROI'],
  ['customer-story', 'How a Nordic manufacturer doubled pipeline'],
];
const FORMS = [
  'Request a demo',
  'Contact sales',
  'Download: ABM benchmark report',
  'Newsletter signup',
  'ROI calculator',
];
const WEBINARS = [
  'ABM in 2026 — what actually works',
  'From intent to pipeline',
  'Buying committees in practice',
];
const MEETINGS = [
  'Discovery call',
  'Product demo',
  'Pricing review',
  'Technical deep dive',
  'Quarterly business review',
];
const TYPE_WEIGHTS: [DemoActivityType, number][] = [
  ['page_view', 45],
  ['email_open', 20],
  ['email_click', 7],
  ['form_fill', 3],
  ['webinar_registered', 3],
  ['webinar_attended', 2],
  ['ad_click', 8],
  ['meeting', 2],
];

/** How engaged an account is: most are quiet, a few surge in the last week (more so with open deals). */
export function engagementOf(
  seed: number,
  generated: GeneratedAccount,
  opportunities: DemoOpportunity[],
): Engagement {
  const rng = rngFor(seed, 'engagement', generated.account.index);
  const open = opportunities.some((o) => !o.isClosed);
  const boost = (open ? 2.5 : 1) * (generated.account.isTarget ? 1.6 : 1);
  return rng.weighted<Engagement>([
    ['none', 50],
    ['light', 30],
    ['engaged', 14 * boost],
    ['surging', 4 * boost],
  ]);
}

/**
 * 90 days of activity before `asOf` for one account: page views (some anonymous, identified by IP),
 * email opens and clicks, forms, webinars, ad clicks and meetings, on business days and hours local
 * to the account, concentrated on a few active contacts; surging accounts pile up in the last week.
 */
export function generateActivities(
  seed: number,
  generated: GeneratedAccount,
  contacts: DemoContact[],
  engagement: Engagement,
  asOf: Date,
): DemoActivity[] {
  const { account, countryInfo } = generated;
  const rng = rngFor(seed, 'activities', account.index);
  const base = { none: 0.6, light: 5, engaged: 22, surging: 22 }[engagement];
  const recent = engagement === 'surging' ? rng.poisson(25) : 0;
  const total = rng.poisson(base) + recent;
  const reachable = contacts.filter((c) => !c.bounced);
  const activities: DemoActivity[] = [];
  for (let k = 0; k < total; k++) {
    const days = k < recent ? rng.next() * 7 : rng.next() * 90;
    const occurredAt = businessTime(asOf, days, countryInfo.utcOffset, rng);
    const type = rng.weighted(TYPE_WEIGHTS);
    const anonymous = type === 'page_view' ? rng.chance(0.35) : type === 'ad_click' ? rng.chance(0.6) : false;
    // Zipf-like: the first contacts are far more active than the rest.
    const contact =
      anonymous || reachable.length === 0
        ? null
        : (reachable[Math.floor(reachable.length * rng.next() ** 2.5)] ?? null);
    const { properties, source } = propertiesFor(type, account.ownerEmail, rng);
    activities.push({
      accountId: account.id,
      contactId: contact?.id ?? null,
      contactEmail: contact?.email ?? null,
      type,
      occurredAt,
      properties,
      source,
      messageId: `demo-${seed}-${account.index}-${k}`,
    });
  }
  activities.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return activities;
}

function businessTime(asOf: Date, daysAgo: number, utcOffset: number, rng: Rng): string {
  const day = new Date(asOf.getTime() - Math.ceil(daysAgo) * DAY);
  const weekday = day.getUTCDay();
  // Most weekend activity moves to the nearest weekday inside the window.
  let shift = 0;
  if ((weekday === 6 || weekday === 0) && rng.chance(0.85)) {
    shift = weekday === 6 ? -1 : -2;
    if (day.getTime() + shift * DAY < asOf.getTime() - 90 * DAY) shift = weekday === 6 ? 2 : 1;
  }
  const localHour = 8 + rng.next() * 10;
  const at = day.getTime() + shift * DAY + (localHour - utcOffset) * 3_600_000;
  return new Date(Math.min(at, asOf.getTime() - 60_000)).toISOString();
}

export function propertiesFor(
  type: DemoActivityType,
  ownerEmail: string,
  rng: Rng,
): { properties: JsonObject; source: string } {
  switch (type) {
    case 'page_view': {
      const [path, title] = rng.weighted(PAGES.map(([p, t, w]) => [[p, t] as const, w] as const));
      const properties: JsonObject = {
        url: `${DEMO_SITE}${path}`,
        path,
        title,
        referrer: rng.weighted(REFERRERS),
      };
      if (rng.chance(0.25)) {
        properties.utm_source = rng.pick(['linkedin', 'google', 'newsletter']);
        properties.utm_medium = properties.utm_source === 'newsletter' ? 'email' : 'cpc';
        properties.utm_campaign = rng.pick(CAMPAIGNS);
      }
      return { properties, source: 'web' };
    }
    case 'email_open':
    case 'email_click': {
      const [campaign, subject] = rng.pick(EMAILS);
      const properties: JsonObject = { campaign, subject };
      if (type === 'email_click')
        properties.url = `${DEMO_SITE}${rng.pick(['/blog/abm-playbook', '/product/signals', '/demo', '/customers'])}?utm_source=email&utm_campaign=${campaign}`;
      return { properties, source: 'email' };
    }
    case 'form_fill':
      return {
        properties: {
          form: rng.pick(FORMS),
          url: `${DEMO_SITE}${rng.pick(['/demo', '/contact', '/resources'])}`,
        },
        source: 'web',
      };
    case 'webinar_registered':
      return { properties: { webinar: rng.pick(WEBINARS) }, source: 'webinar' };
    case 'webinar_attended':
      return {
        properties: { webinar: rng.pick(WEBINARS), durationMinutes: rng.int(8, 60) },
        source: 'webinar',
      };
    case 'ad_click': {
      const network = rng.weighted<string>([
        ['linkedin', 55],
        ['google', 35],
        ['meta', 10],
      ]);
      const campaign = rng.pick(CAMPAIGNS);
      return {
        properties: {
          network,
          campaign,
          creative: `${campaign}-${rng.int(1, 4)}`,
          url: `${DEMO_SITE}/pricing?utm_source=${network}&utm_medium=paid&utm_campaign=${campaign}`,
        },
        source: 'ads',
      };
    }
    case 'meeting':
      return {
        properties: { title: rng.pick(MEETINGS), durationMinutes: rng.pick([30, 30, 45, 60]), ownerEmail },
        source: 'crm',
      };
  }
}
