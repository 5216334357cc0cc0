import type { ListFieldMap } from './list-fields.ts';

/**
 * Filterable and sortable account fields for `GET /accounts` (API name → column, type, sortable).
 * Other modules add their own account columns here (e.g. `ACCOUNT_LIST_FIELDS.fitScore = {...}`)
 * before the app is built; sortable fields need a (workspace_id, column, id) index in both directions.
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
  // Fit and tiers (src/fit, migrations 0500/0501).
  fitScore: { column: 'fit_score', type: 'integer', sortable: true, nullable: true },
  fitGrade: {
    column: 'fit_grade',
    type: 'text',
    sortable: false,
    nullable: true,
    values: ['A', 'B', 'C', 'D'],
  },
  fitProbability: { column: 'fit_probability', type: 'number', sortable: false, nullable: true },
  fitRuleScore: { column: 'fit_rule_score', type: 'integer', sortable: false, nullable: true },
  tierOverride: { column: 'tier_override', type: 'integer', sortable: false, nullable: true },
  tierCluster: { column: 'tier_cluster', type: 'integer', sortable: false, nullable: true },
  salesforceId: { column: 'salesforce_id', type: 'text', sortable: false, nullable: true },
  hubspotId: { column: 'hubspot_id', type: 'text', sortable: false, nullable: true },
  createdAt: { column: 'created_at', type: 'timestamp', sortable: true, nullable: false },
  updatedAt: { column: 'updated_at', type: 'timestamp', sortable: true, nullable: false },
};

/** Columns `q=` searches on accounts (trigram indexes on lower(name) and lower(domain)). */
export const ACCOUNT_SEARCH_COLUMNS = ['name', 'domain'] as const;
