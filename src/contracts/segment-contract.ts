import { z } from 'zod';
import type { TimestampSchema } from './timestamp.ts';

// Copies of the personas' lists (src/personas pulls in the file system; the web app imports this
// file). src/segments/segment-contract.test.ts checks they stay equal.
export const RULE_JOB_FUNCTIONS = [
  'executive',
  'marketing',
  'sales',
  'finance',
  'it',
  'engineering',
  'operations',
  'hr',
  'legal',
  'product',
  'procurement',
  'customer_success',
  'other',
] as const;
export const RULE_SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual'] as const;
export const RULE_COMMITTEE_ROLES = [
  'decision_maker',
  'champion',
  'influencer',
  'user',
  'budget_holder',
  'technical_evaluator',
  'legal_procurement',
  'blocker',
] as const;

/**
 * The segment rule language (shared by the server and the web app's builder; zod only): one tree of `and` / `or` / `not` over conditions, for account segments
 * and people (contact) segments alike. Which conditions apply to which kind is checked when the rule
 * is compiled (`compileRule`), so every mistake is a 400 naming the rule's path.
 *
 * Logic is two-valued: a condition on a missing value (no country, no fit score) does not hold, and
 * `not` of it does. `ne` and `notIn` hold for missing values (they are `not` of `eq` and `in`).
 */

/** Operators of a field condition. `between` takes [low, high] (inclusive). */
export const FIELD_OPERATORS = [
  'eq',
  'ne',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'startsWith',
  'exists',
  'notExists',
] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

const Scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
const FieldValue = z.union([Scalar, z.array(Scalar).min(1).max(500)]);
const Id = z.uuid();
const IsoDate = z.iso.date();

/** Account fields a rule can test (firmographics, owner, tier, fit, stage, lifecycle, ids). */
export const ACCOUNT_RULE_FIELDS = [
  'name',
  'domain',
  'industry',
  'employeeCount',
  'annualRevenue',
  'country',
  'region',
  'city',
  'technologies',
  'ownerId',
  'parentId',
  'lifecycle',
  'isTarget',
  'tier',
  'tierCluster',
  'fitScore',
  'fitGrade',
  'stage',
  'createdAt',
] as const;
export type AccountRuleField = (typeof ACCOUNT_RULE_FIELDS)[number];

/** Contact fields a rule can test. */
export const CONTACT_RULE_FIELDS = [
  'email',
  'emailDomain',
  'firstName',
  'lastName',
  'title',
  'jobFunction',
  'seniority',
  'country',
  'ownerId',
  'accountId',
  'unsubscribed',
  'bounced',
  'doNotContact',
  'createdAt',
] as const;
export type ContactRuleField = (typeof CONTACT_RULE_FIELDS)[number];

const fieldCondition = {
  op: z.enum(FIELD_OPERATORS),
  value: FieldValue.optional(),
};

/** When an activity counts: the last N days, between two dates (inclusive), or since the account entered its current stage. */
export const WindowSchema = z.union([
  z.strictObject({ lastDays: z.int().min(1).max(730) }),
  z.strictObject({ from: IsoDate, to: IsoDate.optional() }),
  z.strictObject({ sinceStage: z.literal(true) }),
]);
export type RuleWindow = z.infer<typeof WindowSchema>;

const ActivityCondition = z.strictObject({
  type: z.literal('activity'),
  /** Activity types (any of), e.g. page_view, email_click, form_submit. */
  activityTypes: z.array(z.string().min(1).max(100)).max(50).optional(),
  /** Glob on the URL or path (`*` wildcard, case-insensitive, anywhere in it), e.g. `/pricing`. */
  urlPattern: z.string().min(1).max(500).optional(),
  /** Glob on the event's name or title. */
  namePattern: z.string().min(1).max(500).optional(),
  /** A property equal to a value, e.g. { key: 'campaign', value: 'q1-webinar' }. */
  property: z.strictObject({ key: z.string().min(1).max(100), value: Scalar }).optional(),
  atLeast: z.int().min(1).max(10_000).default(1),
  window: WindowSchema,
  /** Only activities of people in these personas, functions or seniorities (each given list must match). */
  by: z
    .strictObject({
      personaIds: z.array(Id).min(1).max(50).optional(),
      functions: z.array(z.enum(RULE_JOB_FUNCTIONS)).min(1).optional(),
      seniorities: z.array(z.enum(RULE_SENIORITIES)).min(1).optional(),
    })
    .optional(),
});

const Range = { min: z.number().finite().optional(), max: z.number().finite().optional() };

/** A rule tree node: a combinator or a condition. */
export type SegmentRule =
  | { type: 'and'; rules: SegmentRule[] }
  | { type: 'or'; rules: SegmentRule[] }
  | { type: 'not'; rule: SegmentRule }
  | { type: 'account'; rule: SegmentRule }
  | { type: 'people'; rule: SegmentRule; atLeast: number }
  | SegmentLeaf;

const Leaf = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('field'), field: z.enum(ACCOUNT_RULE_FIELDS), ...fieldCondition }),
  z.strictObject({ type: z.literal('contactField'), field: z.enum(CONTACT_RULE_FIELDS), ...fieldCondition }),
  z.strictObject({
    type: z.literal('custom'),
    key: z.string().min(1).max(100),
    ...fieldCondition,
  }),
  z.strictObject({
    type: z.literal('targetList'),
    listId: Id.optional(),
    period: z.string().min(1).max(50).optional(),
    /** Default: the active list. */
    status: z.enum(['draft', 'approved', 'active', 'archived']).optional(),
  }),
  z.strictObject({
    type: z.literal('hierarchy'),
    relation: z.enum(['childOf', 'parentOf', 'descendantOf']),
    accountId: Id,
  }),
  z.strictObject({ type: z.literal('engagement'), ...Range }),
  z.strictObject({ type: z.literal('momentum'), ...Range }),
  z.strictObject({ type: z.literal('intentSurge'), topicId: Id.optional() }),
  z.strictObject({
    type: z.literal('committee'),
    role: z.enum(RULE_COMMITTEE_ROLES),
    covered: z.boolean(),
  }),
  z.strictObject({
    type: z.literal('engagedPeople'),
    atLeast: z.int().min(1).max(100_000),
    withinDays: z.int().min(1).max(730),
    /** Count distinct personas engaged instead of people. */
    distinctPersonas: z.boolean().default(false),
    personaIds: z.array(Id).min(1).max(50).optional(),
  }),
  z.strictObject({ type: z.literal('opportunity'), state: z.enum(['open', 'won', 'lost', 'any']) }),
  z.strictObject({ type: z.literal('persona'), personaIds: z.array(Id).min(1).max(50) }),
  ActivityCondition,
  z.strictObject({ type: z.literal('inSegment'), segmentId: Id }),
  z.strictObject({
    type: z.literal('peopleInSegment'),
    segmentId: Id,
    atLeast: z.int().min(1).max(100_000).default(1),
  }),
  z.strictObject({ type: z.literal('accountInSegment'), segmentId: Id }),
]);
export type SegmentLeaf = z.infer<typeof Leaf>;

const rules = () => z.array(SegmentRuleSchema).min(1).max(50);

/**
 * The zod schema of a rule tree (at most 50 children per combinator; depth is checked on compile).
 * One discriminated union on `type`, so an error names the node's field (`rule.rules.1.op`).
 */
export const SegmentRuleSchema: z.ZodType<SegmentRule, unknown> = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('and'),
    get rules() {
      return rules();
    },
  }),
  z.strictObject({
    type: z.literal('or'),
    get rules() {
      return rules();
    },
  }),
  z.strictObject({
    type: z.literal('not'),
    get rule() {
      return SegmentRuleSchema;
    },
  }),
  /** People segments: the person's account satisfies an account rule. */
  z.strictObject({
    type: z.literal('account'),
    get rule() {
      return SegmentRuleSchema;
    },
  }),
  /** Account segments: at least N of the account's people satisfy a people rule. */
  z.strictObject({
    type: z.literal('people'),
    get rule() {
      return SegmentRuleSchema;
    },
    atLeast: z.int().min(1).max(100_000).default(1),
  }),
  ...Leaf.options,
]);

export const SEGMENT_KINDS = ['account', 'contact'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** A segment as the API returns it. */
export function segmentOutSchema<T extends TimestampSchema>(timestamp: T) {
  return z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(SEGMENT_KINDS),
    type: z.enum(['dynamic', 'static']),
    rule: z.unknown().nullable(),
    memberCount: z.number(),
    sourceViewId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    rebuiltAt: z.nullable(timestamp),
    nextRebuildAt: z.nullable(timestamp),
  });
}

/** A member as listed: the record's main fields and its current stint. */
export function segmentMemberSchema<T extends TimestampSchema>(timestamp: T) {
  return z.object({
    id: z.string(),
    name: z.string(),
    /** Account: domain; person: e-mail. */
    detail: z.string().nullable(),
    /** The person's account (people segments), or null. */
    accountId: z.string().nullable(),
    enteredAt: z.nullable(timestamp),
    entryReason: z.string().nullable(),
  });
}

/** One UTC day of a segment's membership history. */
export const MembershipDaySchema = z.object({
  day: z.string(),
  members: z.number(),
  entered: z.number(),
  exited: z.number(),
});

/** One node of an explained rule: whether it holds for the record, and its children. */
export interface ExplainedNodeT {
  path: string;
  type: string;
  holds: boolean;
  condition: Record<string, unknown>;
  children: ExplainedNodeT[];
}
export const ExplainedNodeSchema: z.ZodType<ExplainedNodeT> = z.object({
  path: z.string(),
  type: z.string(),
  holds: z.boolean(),
  condition: z.record(z.string(), z.unknown()),
  get children() {
    return z.array(ExplainedNodeSchema);
  },
});
