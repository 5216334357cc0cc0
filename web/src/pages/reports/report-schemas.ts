import { z } from 'zod';

const num = z.number();
const maybe = z.number().nullable();

export const MODELS = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'time_decay'] as const;
export type Model = (typeof MODELS)[number];
export const MODEL_LABELS: Record<Model, string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  linear: 'Linear',
  u_shaped: 'U-shaped (40/20/40)',
  w_shaped: 'W-shaped (30/30/30 + 10)',
  time_decay: 'Time decay',
};
export const SEGMENTS = ['all', 'targets', 'non_targets', 'tier_1', 'tier_2', 'tier_3'] as const;
export type SegmentKey = (typeof SEGMENTS)[number];

/** GET /reports/scorecard: every figure of every segment (null: no denominator). */
export const Figures = z.record(z.string(), maybe);
export const Scorecard = z.object({
  period: z.object({
    key: z.string(),
    calendar: z.string(),
    start: z.string(),
    end: z.string(),
    previous: z.string(),
  }),
  computedAt: z.string(),
  segments: z.array(z.object({ segment: z.enum(SEGMENTS), label: z.string(), figures: Figures })),
});
export type ScorecardT = z.infer<typeof Scorecard>;

export const DrillPage = z.object({
  period: z.string(),
  figure: z.string(),
  data: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      domain: z.string().nullable(),
      isTarget: z.boolean(),
      tier: maybe,
      touches: num,
      points: num,
      stageStart: z.string().nullable(),
      stageEnd: z.string().nullable(),
      oppsCreated: num,
      pipelineCreated: num,
      oppsWon: num,
      wonRevenue: num,
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const StageConversion = z.object({
  stages: z.array(
    z.object({
      stage: z.string(),
      name: z.string(),
      entered: num,
      advanced: num,
      conversion: maybe,
      averageDaysInStage: maybe,
      staysEnded: num,
    }),
  ),
});

export const StageFlows = z.object({
  nodes: z.array(z.object({ key: z.string(), name: z.string() })),
  links: z.array(z.object({ source: z.string(), target: z.string(), accounts: num })),
  atStart: z.record(z.string(), num),
  atEnd: z.record(z.string(), num),
});
export type StageFlowsT = z.infer<typeof StageFlows>;

const AttributionRow = z.object({
  key: z.string().nullable(),
  touches: num,
  accounts: num,
  opportunities: num,
  pipeline: num,
  wonDeals: num,
  revenue: num,
});
export const Attribution = z.object({
  computedAt: z.string(),
  rows: z.array(AttributionRow),
  totals: z.object({
    opportunitiesCreated: num,
    pipelineCreated: num,
    opportunitiesWon: num,
    revenueWon: num,
    unattributed: z.object({ opportunities: num, pipeline: num, wonDeals: num, revenue: num }),
  }),
});

export const AttributionSettings = z.object({ halfLifeDays: num, lookbackDays: num });

const RoiRow = AttributionRow.omit({ touches: true, accounts: true }).extend({
  cost: num,
  reachedAccounts: num,
  engagedAccounts: num,
  roi: maybe,
  costPerEngagedAccount: maybe,
  costPerOpportunity: maybe,
  costPerWonDeal: maybe,
});
export const Roi = z.object({ rows: z.array(RoiRow), totals: RoiRow.omit({ key: true }) });

export const Costs = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      channel: z.string(),
      campaign: z.string().nullable(),
      play: z.string().nullable(),
      event: z.string().nullable(),
      amount: num,
      currency: z.string().nullable(),
      source: z.string(),
    }),
  ),
});
export const CostImportResult = z.object({}).passthrough();

export const Comparison = z.object({
  metric: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'not_enough_data']),
  reason: z.string().nullable(),
  test: z.string().nullable(),
  target: maybe,
  control: maybe,
  difference: maybe,
  lift: maybe,
  interval: z.object({ low: num, high: num }).nullable(),
  pValue: maybe,
  significant: z.boolean(),
  sizes: z.object({ target: num, control: num }),
});
export const TargetVsControl = z.object({
  method: z.object({ kind: z.string(), description: z.string() }),
  groups: z.object({
    targets: num,
    matchedTargets: num,
    unmatchedTargets: num,
    controls: num,
    strata: num,
  }),
  metrics: z.array(Comparison),
});

const AccountLine = z.object({
  accountId: z.string(),
  name: z.string(),
  tier: maybe,
  points: num,
  touches: num,
  stageStart: z.string().nullable(),
  stageEnd: z.string().nullable(),
  pipelineCreated: num,
  wonRevenue: num,
});
const ReviewRow = z.object({
  metric: z.string(),
  current: maybe,
  previous: maybe,
  change: maybe,
  goal: maybe,
  goalMet: z.boolean().nullable(),
});
export const Note = z.object({
  id: z.string(),
  team: z.enum(['sales', 'marketing']),
  kind: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export const Retrospective = z.object({
  period: z.string(),
  previousPeriod: z.string(),
  computedAt: z.string(),
  scorecard: z.array(ReviewRow),
  bestAccounts: z.array(AccountLine),
  worstAccounts: z.array(AccountLine),
  plays: z.array(AttributionRow),
  assets: z.array(AttributionRow.extend({ accountsMoved: num })),
  committeeGaps: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      tier: maybe,
      contacts: num,
      missingRoles: z.array(z.string()),
    }),
  ),
  roleGaps: z.array(z.object({ role: z.string(), accountsMissing: num })),
  notes: z.array(Note),
  suggestions: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      action: z.enum(['add', 'review']),
      suggestedTier: maybe,
      reason: z.string(),
    }),
  ),
});
export type RetrospectiveT = z.infer<typeof Retrospective>;

export const Journey = z.object({
  account: z.object({ id: z.string(), name: z.string(), isTarget: z.boolean(), tier: maybe }),
  events: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      label: z.string(),
      amount: maybe.optional(),
      channel: z.string().optional(),
    }),
  ),
  touchesByWeek: z.array(z.object({ week: z.string(), channel: z.string(), touches: num, people: num })),
  daysToFirstOpportunity: maybe,
  daysToFirstWin: maybe,
});

/** The plays and users the owner and play filters offer (only the fields the pickers show). */
export const PlayNames = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) });
export const UserNames = z.object({
  data: z.array(z.object({ id: z.string(), email: z.string(), name: z.string().nullable() })),
});

export const TargetLists = z.object({
  data: z.array(z.object({ id: z.string(), period: z.string(), status: z.string() })),
});
