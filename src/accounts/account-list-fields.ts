import type { ListFieldMap, ListJoin } from '../records/list-fields.ts';
import { engagementScoreCondition } from './engagement-score-condition.ts';
import { fitGradeCondition } from './fit-grade-condition.ts';

const FIT: ListJoin = { table: 'account_fit', key: 'account_id' };
const STAGE: ListJoin = { table: 'account_stages', key: 'account_id' };
const ENGAGEMENT: ListJoin = { table: 'account_engagement', key: 'account_id' };

/**
 * Filterable and sortable account fields for `GET /accounts` (API name → column, type, sortable).
 * Columns of accounts need a (workspace_id, column, id) index to be sortable; fields of the narrow
 * per-account tables (fit, stage, engagement) name their table in `join` and need a
 * (workspace_id, column, account_id) index there. Accounts without a row read as null.
 */
export const ACCOUNT_LIST_FIELDS: ListFieldMap = {
  id: { column: 'id', type: 'uuid', sortable: false, nullable: false },
  name: { column: 'name', type: 'text', sortable: true, nullable: false, lowerCase: true },
  domain: { column: 'domain', type: 'text', sortable: false, nullable: true },
  website: { column: 'website', type: 'text', sortable: false, nullable: true },
  industry: { column: 'industry', type: 'text', sortable: true, nullable: true },
  employeeCount: { column: 'employee_count', type: 'integer', sortable: true, nullable: true },
  annualRevenue: { column: 'annual_revenue', type: 'number', sortable: true, nullable: true },
  currency: { column: 'currency', type: 'text', sortable: false, nullable: true },
  country: { column: 'country', type: 'text', sortable: true, nullable: true },
  region: { column: 'region', type: 'text', sortable: false, nullable: true },
  city: { column: 'city', type: 'text', sortable: false, nullable: true },
  technologies: { column: 'technologies', type: 'textArray', sortable: false, nullable: false },
  parentId: { column: 'parent_id', type: 'uuid', sortable: false, nullable: true },
  ownerId: { column: 'owner_id', type: 'uuid', sortable: false, nullable: true },
  lifecycle: {
    column: 'lifecycle',
    type: 'text',
    sortable: false,
    nullable: false,
    values: ['prospect', 'customer', 'churned'],
  },
  isTarget: { column: 'is_target', type: 'boolean', sortable: false, nullable: false },
  tier: { column: 'tier', type: 'integer', sortable: false, nullable: true },
  // Fit (src/fit, account_fit of migration 0710).
  fitScore: { column: 'score', type: 'integer', sortable: true, nullable: true, join: FIT },
  fitGrade: {
    column: 'grade',
    type: 'text',
    sortable: false,
    nullable: true,
    values: ['A', 'B', 'C', 'D'],
    join: FIT,
    rewrite: fitGradeCondition,
  },
  fitProbability: { column: 'probability', type: 'number', sortable: false, nullable: true, join: FIT },
  fitRuleScore: { column: 'rule_score', type: 'integer', sortable: false, nullable: true, join: FIT },
  // Journey stage (src/signals): filtered by key, sorted in journey order (position, migration 0651).
  stage: {
    column: 'stage',
    type: 'text',
    sortable: true,
    nullable: true,
    join: STAGE,
    sortBy: { column: 'position', type: 'integer' },
    pattern: {
      regex: /^[a-z0-9_]{1,50}$/,
      message: 'must be a stage key (lower-case letters, digits and _)',
    },
    operators: ['eq', 'ne', 'in', 'exists'],
  },
  // Engagement (src/signals): the decayed score through its indexable key (migration 0651).
  engagementScore: {
    column: 'score_key',
    type: 'float',
    sortable: true,
    nullable: true,
    join: ENGAGEMENT,
    operators: ['gt', 'gte', 'lt', 'lte', 'exists'],
    rewrite: engagementScoreCondition,
  },
  momentum: { column: 'momentum', type: 'float', sortable: true, nullable: true, join: ENGAGEMENT },
  lastActivityAt: {
    column: 'last_activity_at',
    type: 'timestamp',
    sortable: true,
    nullable: true,
    join: ENGAGEMENT,
  },
  // Tiers (src/targets, migration 0500).
  tierOverride: { column: 'tier_override', type: 'integer', sortable: false, nullable: true },
  tierCluster: { column: 'tier_cluster', type: 'integer', sortable: false, nullable: true },
  salesforceId: { column: 'salesforce_id', type: 'text', sortable: false, nullable: true },
  hubspotId: { column: 'hubspot_id', type: 'text', sortable: false, nullable: true },
  createdAt: { column: 'created_at', type: 'timestamp', sortable: true, nullable: false },
  updatedAt: { column: 'updated_at', type: 'timestamp', sortable: true, nullable: false },
};

/** Columns `q=` searches on accounts (trigram indexes on lower(name) and lower(domain)). */
export const ACCOUNT_SEARCH_COLUMNS = ['name', 'domain'] as const;
