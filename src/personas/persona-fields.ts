import { z } from 'zod';
import { COMMITTEE_ROLES } from './tables.ts';
import { JOB_FUNCTIONS, SENIORITIES } from './title-rules.ts';

const Keyword = z.string().trim().min(1).max(100);

/** A persona as the API accepts it (camelCase). */
export const PersonaFieldsSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  functions: z.array(z.enum(JOB_FUNCTIONS)).max(JOB_FUNCTIONS.length).default([]),
  seniorities: z.array(z.enum(SENIORITIES)).max(SENIORITIES.length).default([]),
  /** Title keywords that put a contact in the persona whatever the function/seniority. */
  includeKeywords: z.array(Keyword).max(50).default([]),
  /** Title keywords that keep a contact out of the persona. */
  excludeKeywords: z.array(Keyword).max(50).default([]),
  committeeRole: z.enum(COMMITTEE_ROLES),
  active: z.boolean().default(true),
});
export type PersonaFields = z.infer<typeof PersonaFieldsSchema>;

/** Creation needs at least one criterion, else the persona would match nobody. */
export const PersonaCreateSchema = PersonaFieldsSchema.refine(
  (p) => p.functions.length + p.seniorities.length + p.includeKeywords.length > 0,
  { message: 'give at least one of functions, seniorities or includeKeywords', path: ['functions'] },
);

/** Partial update; the same fields, all optional. */
export const PersonaPatchSchema = z.strictObject({
  name: PersonaFieldsSchema.shape.name.optional(),
  functions: z.array(z.enum(JOB_FUNCTIONS)).max(JOB_FUNCTIONS.length).optional(),
  seniorities: z.array(z.enum(SENIORITIES)).max(SENIORITIES.length).optional(),
  includeKeywords: z.array(Keyword).max(50).optional(),
  excludeKeywords: z.array(Keyword).max(50).optional(),
  committeeRole: z.enum(COMMITTEE_ROLES).optional(),
  active: z.boolean().optional(),
});
export type PersonaPatch = z.infer<typeof PersonaPatchSchema>;

/** Most active personas a workspace may have (a buying group stays readable). */
export const MAX_ACTIVE_PERSONAS = 10;
