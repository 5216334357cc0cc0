import type { ColumnType, Generated } from 'kysely';
import type { JobFunction, Seniority } from './title-rules.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export const COMMITTEE_ROLES = [
  'decision_maker',
  'champion',
  'influencer',
  'user',
  'budget_holder',
  'technical_evaluator',
  'legal_procurement',
  'blocker',
] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

export interface PersonasTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  functions: ColumnType<JobFunction[], JobFunction[] | undefined, JobFunction[]>;
  seniorities: ColumnType<Seniority[], Seniority[] | undefined, Seniority[]>;
  include_keywords: TextArray;
  exclude_keywords: TextArray;
  committee_role: CommitteeRole;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PersonaSeedsTable {
  workspace_id: string;
  seeded_at: CreatedAt;
}

export interface ContactPersonasTable {
  workspace_id: string;
  contact_id: string;
  persona_id: string;
  assigned_at: CreatedAt;
}

/**
 * Personas and buying-committee tables. The contacts columns `job_function` and `seniority` added
 * by migration 0450 are read and written with SQL in this folder (contacts' type lives in core).
 */
export interface PersonasTables {
  personas: PersonasTable;
  persona_seeds: PersonaSeedsTable;
  contact_personas: ContactPersonasTable;
}

declare module '../db/schema.ts' {
  interface DB extends PersonasTables {}
}
