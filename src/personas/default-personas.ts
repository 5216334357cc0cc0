import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PersonaFields } from './persona-fields.ts';

/** The buying committee every workspace starts with (editable afterwards). */
export const DEFAULT_PERSONAS: PersonaFields[] = [
  {
    name: 'Executive Sponsor',
    functions: ['executive'],
    seniorities: ['c_level', 'vp'],
    includeKeywords: [],
    excludeKeywords: ['assistant'],
    committeeRole: 'decision_maker',
    active: true,
  },
  {
    name: 'Finance Leader',
    functions: ['finance'],
    seniorities: ['c_level', 'vp', 'director'],
    includeKeywords: ['cfo'],
    excludeKeywords: [],
    committeeRole: 'budget_holder',
    active: true,
  },
  {
    name: 'IT & Security',
    functions: ['it'],
    seniorities: ['c_level', 'vp', 'director', 'manager'],
    includeKeywords: ['ciso'],
    excludeKeywords: [],
    committeeRole: 'technical_evaluator',
    active: true,
  },
  {
    name: 'Engineering Leader',
    functions: ['engineering'],
    seniorities: ['c_level', 'vp', 'director'],
    includeKeywords: [],
    excludeKeywords: [],
    committeeRole: 'technical_evaluator',
    active: true,
  },
  {
    name: 'Marketing Leader',
    functions: ['marketing'],
    seniorities: ['c_level', 'vp', 'director', 'manager'],
    includeKeywords: [],
    excludeKeywords: [],
    committeeRole: 'champion',
    active: true,
  },
  {
    name: 'Sales Leader',
    functions: ['sales'],
    seniorities: ['c_level', 'vp', 'director'],
    includeKeywords: [],
    excludeKeywords: [],
    committeeRole: 'influencer',
    active: true,
  },
  {
    name: 'Procurement & Legal',
    functions: ['procurement', 'legal'],
    seniorities: [],
    includeKeywords: [],
    excludeKeywords: [],
    committeeRole: 'legal_procurement',
    active: true,
  },
  {
    name: 'End Users',
    functions: ['marketing', 'sales', 'operations', 'customer_success', 'product'],
    seniorities: ['manager', 'individual'],
    includeKeywords: [],
    excludeKeywords: [],
    committeeRole: 'user',
    active: true,
  },
];

/**
 * Create the default personas the first time a workspace uses personas (idempotent and safe under
 * concurrency: the seed marker row decides who seeds). Deleting them later does not re-seed.
 */
export async function ensureDefaultPersonas(db: Kysely<DB>, workspaceId: string): Promise<void> {
  const seeded = await db
    .insertInto('persona_seeds')
    .values({ workspace_id: workspaceId })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .returning('workspace_id')
    .executeTakeFirst();
  if (!seeded) return;
  await db
    .insertInto('personas')
    .values(
      DEFAULT_PERSONAS.map((p) => ({
        workspace_id: workspaceId,
        name: p.name,
        functions: p.functions,
        seniorities: p.seniorities,
        include_keywords: p.includeKeywords,
        exclude_keywords: p.excludeKeywords,
        committee_role: p.committeeRole,
        active: p.active,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}
