import type { FieldType } from './field-condition-sql.ts';
import type { AccountRuleField, ContactRuleField, SegmentKind } from './segment-rule.ts';

/** The stored column (and table, for fit and stage) of each account field a rule can test. */
export const ACCOUNT_COLUMNS: Record<
  AccountRuleField,
  { column: string; type: FieldType; table?: 'fit' | 'stage' }
> = {
  name: { column: 'name', type: 'text' },
  domain: { column: 'domain', type: 'text' },
  industry: { column: 'industry', type: 'text' },
  employeeCount: { column: 'employee_count', type: 'integer' },
  annualRevenue: { column: 'annual_revenue', type: 'number' },
  country: { column: 'country', type: 'text' },
  region: { column: 'region', type: 'text' },
  city: { column: 'city', type: 'text' },
  technologies: { column: 'technologies', type: 'textArray' },
  ownerId: { column: 'owner_id', type: 'uuid' },
  parentId: { column: 'parent_id', type: 'uuid' },
  lifecycle: { column: 'lifecycle', type: 'text' },
  isTarget: { column: 'is_target', type: 'boolean' },
  tier: { column: 'tier', type: 'integer' },
  tierCluster: { column: 'tier_cluster', type: 'integer' },
  fitScore: { column: 'score', type: 'integer', table: 'fit' },
  fitGrade: { column: 'grade', type: 'text', table: 'fit' },
  stage: { column: 'stage', type: 'text', table: 'stage' },
  createdAt: { column: 'created_at', type: 'timestamp' },
};

/** The stored column of each contact field a rule can test. */
export const CONTACT_COLUMNS: Record<ContactRuleField, { column: string; type: FieldType }> = {
  email: { column: 'email', type: 'text' },
  emailDomain: { column: 'email_domain', type: 'text' },
  firstName: { column: 'first_name', type: 'text' },
  lastName: { column: 'last_name', type: 'text' },
  title: { column: 'title', type: 'text' },
  jobFunction: { column: 'job_function', type: 'text' },
  seniority: { column: 'seniority', type: 'text' },
  country: { column: 'country', type: 'text' },
  ownerId: { column: 'owner_id', type: 'uuid' },
  accountId: { column: 'account_id', type: 'uuid' },
  unsubscribed: { column: 'unsubscribed', type: 'boolean' },
  bounced: { column: 'bounced', type: 'boolean' },
  doNotContact: { column: 'do_not_contact', type: 'boolean' },
  createdAt: { column: 'created_at', type: 'timestamp' },
};

/** The stored type of an account or contact field a rule can test (undefined for an unknown name). */
export function ruleFieldType(kind: SegmentKind, field: string): FieldType | undefined {
  const columns: Record<string, { type: FieldType }> = kind === 'account' ? ACCOUNT_COLUMNS : CONTACT_COLUMNS;
  return Object.hasOwn(columns, field) ? columns[field]?.type : undefined;
}
