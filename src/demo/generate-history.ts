import { type Rng, rngFor } from '../random/seeded-random.ts';
import type { GeneratedAccount } from './generate-accounts.ts';
import { DEMO_SITE, propertiesFor } from './generate-activities.ts';
import { isHeldOut, isWorked, type PlantedLift, quartersBack } from './planted-lift.ts';
import type {
  DemoActivity,
  DemoActivityType,
  DemoContact,
  DemoOpportunity,
  Engagement,
} from './world-types.ts';

const DAY = 86_400_000;

/** The demo's two plays, as their touches name them (attribution by play) and as the demo creates them. */
export const DEMO_PLAYS = {
  executive: { name: 'Tier 1 executive programme', campaign: 'exec-briefing' },
  nurture: { name: 'Engaged users to approvers', campaign: 'user-to-approver-nurture' },
} as const;

/** The stage model's keys in order (the default model); history moves accounts between them. */
const STAGES = ['unaware', 'aware', 'engaged', 'mqa', 'opportunity', 'customer'] as const;
type StageKey = (typeof STAGES)[number];

/** One backdated stage change. */
export interface DemoStageChange {
  accountId: string;
  at: string;
  from: StageKey;
  to: StageKey;
}

export interface DemoHistory {
  /** Activities before the 90-day window (and the touches around every opportunity). */
  activities: DemoActivity[];
  stageChanges: DemoStageChange[];
  /** The account's stage after its last change ('unaware' when it never moved). */
  stage: StageKey;
}

const SOURCED_TYPES: [DemoActivityType, number][] = [
  ['ad_click', 25],
  ['email_click', 20],
  ['page_view', 30],
  ['webinar_attended', 10],
  ['form_fill', 10],
  ['meeting', 5],
];
const INTENT_PAGES: [string, string][] = [
  ['/pricing', 'Pricing'],
  ['/product/signals', 'Nimbus Signals'],
  ['/blog/intent-data-101', 'Intent data 101'],
  ['/integrations/salesforce', 'Salesforce integration'],
];

/**
 * The account's history over `lift.historyQuarters` quarters before the current one: background
 * activity before the 90-day window (more for accounts the program works, with the plays' e-mails),
 * the touches before each opportunity (sourced; a first-party intent surge on pricing and product pages
 * before four in ten of them) and while it was open (influenced), and the stage changes that follow —
 * aware and engaged with activity, MQA shortly before an opportunity, opportunity at creation,
 * customer on a win, back to engaged on a loss.
 */
export function generateHistory(
  seed: number,
  generated: GeneratedAccount,
  contacts: DemoContact[],
  opportunities: DemoOpportunity[],
  engagement: Engagement,
  asOf: Date,
  lift: PlantedLift,
): DemoHistory {
  const { account } = generated;
  const rng = rngFor(seed, 'history', account.index);
  const quarters = quartersBack(asOf, lift.historyQuarters);
  const horizon = quarters[0]?.start.getTime() ?? asOf.getTime();
  const horizonDays = Math.floor((asOf.getTime() - horizon) / DAY);
  const worked = isWorked(seed, account, lift);
  const play = !worked
    ? null
    : account.tier === 1
      ? DEMO_PLAYS.executive
      : engagement !== 'none'
        ? DEMO_PLAYS.nurture
        : null;
  const reachable = contacts.filter((c) => !c.bounced);
  const activities: DemoActivity[] = [];
  const add = (type: DemoActivityType, daysAgo: number, overrides: Record<string, string> = {}) => {
    if (daysAgo < 0.01 || daysAgo > horizonDays) return;
    const anonymous = type === 'page_view' ? rng.chance(0.3) : type === 'ad_click' ? rng.chance(0.6) : false;
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
      occurredAt: workTime(asOf, daysAgo, generated.countryInfo.utcOffset, rng),
      properties: { ...properties, ...overrides },
      source,
      messageId: `demo-${seed}-${account.index}-h${activities.length}`,
    });
  };

  // Background before the 90-day window.
  const monthly = { none: 0.08, light: 0.45, engaged: 1.2, surging: 1.2 }[engagement] * (worked ? 1.6 : 1);
  const background = rng.poisson((monthly * Math.max(0, horizonDays - 90)) / 30);
  for (let k = 0; k < background; k++) {
    add(rng.weighted(SOURCED_TYPES), 90 + rng.next() * (horizonDays - 90));
  }
  // The plays' e-mails to worked accounts, every few weeks since the play started.
  if (play) {
    for (let d = horizonDays - rng.int(0, 40); d > 1; d -= rng.int(18, 40)) {
      const opened = rng.chance(0.55);
      add(opened && rng.chance(0.35) ? 'email_click' : 'email_open', d, {
        campaign: play.campaign,
        play: play.name,
      });
    }
  }
  // Touches around each opportunity.
  for (const o of opportunities) {
    const created = daysAgoOf(asOf, o.createdDate);
    if (created > horizonDays) continue;
    const sourced = 2 + rng.poisson(2);
    for (let k = 0; k < sourced; k++) add(rng.weighted(SOURCED_TYPES), created + rng.next() * 45);
    if (play && rng.chance(0.7))
      add('email_click', created + 3 + rng.next() * 20, { campaign: play.campaign, play: play.name });
    if (rng.chance(0.4)) {
      const views = 5 + rng.poisson(3);
      for (let k = 0; k < views; k++) {
        const [path, title] = rng.pick(INTENT_PAGES);
        add('page_view', created + 1 + rng.next() * 13, { path, title, url: `${DEMO_SITE}${path}` });
      }
    }
    const closed = o.isClosed ? daysAgoOf(asOf, o.closeDate) : 0;
    const influenced = 1 + rng.poisson(1.5);
    for (let k = 0; k < influenced; k++) {
      add(rng.chance(0.5) ? 'meeting' : 'email_open', closed + rng.next() * Math.max(0, created - closed));
    }
  }
  activities.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const history = stageChanges(account.id, activities, opportunities, asOf, isHeldOut(seed, account, lift));
  return { activities, ...history };
}

/** The stage path that the touches and deals imply, oldest first. */
function stageChanges(
  accountId: string,
  activities: readonly DemoActivity[],
  opportunities: readonly DemoOpportunity[],
  asOf: Date,
  heldOut: boolean,
): { stageChanges: DemoStageChange[]; stage: StageKey } {
  const events: { at: number; to: StageKey; ifBelow?: boolean }[] = [];
  // Engagement: aware at the first touch, engaged at the third within 90 days.
  const times = activities.map((a) => Date.parse(a.occurredAt));
  times.forEach((t, i) => {
    if (i === 0) events.push({ at: t, to: 'aware', ifBelow: true });
    const third = times[i + 2];
    if (third !== undefined && third - t < 90 * DAY) events.push({ at: third, to: 'engaged', ifBelow: true });
  });
  for (const o of opportunities) {
    const created = Date.parse(`${o.createdDate}T10:00:00Z`);
    events.push({ at: created - (heldOut ? 2 : 5) * DAY, to: 'mqa', ifBelow: true });
    events.push({ at: created, to: 'opportunity', ifBelow: true });
    if (o.isClosed)
      events.push({ at: Date.parse(`${o.closeDate}T16:00:00Z`), to: o.isWon ? 'customer' : 'engaged' });
  }
  events.sort((a, b) => a.at - b.at);
  const changes: DemoStageChange[] = [];
  let stage: StageKey = 'unaware';
  for (const e of events) {
    if (e.at >= asOf.getTime()) break;
    const from = STAGES.indexOf(stage);
    const to = STAGES.indexOf(e.to);
    if (to === from || (e.ifBelow && to < from) || stage === 'customer') continue;
    changes.push({ accountId, at: new Date(e.at).toISOString(), from: stage, to: e.to });
    stage = e.to;
  }
  return { stageChanges: changes, stage };
}

function daysAgoOf(asOf: Date, day: string): number {
  return (asOf.getTime() - Date.parse(`${day}T12:00:00Z`)) / DAY;
}

/** A time on a weekday during local working hours, `daysAgo` days before `asOf` (never after it). */
function workTime(asOf: Date, daysAgo: number, utcOffset: number, rng: Rng): string {
  const day = new Date(asOf.getTime() - Math.ceil(daysAgo) * DAY);
  const weekday = day.getUTCDay();
  const shift = weekday === 6 ? -1 : weekday === 0 ? -2 : 0;
  const at = day.getTime() + shift * DAY + (8 + rng.next() * 10 - utcOffset) * 3_600_000;
  return new Date(Math.min(at, asOf.getTime() - 60_000)).toISOString();
}
