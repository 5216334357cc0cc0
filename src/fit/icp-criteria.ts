import { z } from 'zod';
import type { JsonValue } from '../db/json.ts';

/**
 * The ideal customer profile: weighted criteria on account fields. An account's rule fit score is
 * round(100 × Σ weights of matched criteria / Σ all weights); grade A ≥ 80, B 60–79, C 40–59, D < 40.
 * Text comparisons are trimmed and case-insensitive; a missing field matches nothing.
 */
const TEXT_FIELDS = ['industry', 'country', 'region', 'city', 'lifecycle'] as const;
const NUMBER_FIELDS = ['employeeCount', 'annualRevenue'] as const;
const FieldSchema = z
  .string()
  .regex(
    /^(industry|country|region|city|lifecycle|employeeCount|annualRevenue|technologies|custom\.[A-Za-z0-9_.-]{1,128})$/,
    'must be industry, country, region, city, lifecycle, employeeCount, annualRevenue, technologies or custom.<key>',
  );
const Values = z.array(z.string().trim().min(1).max(500)).min(1, 'needs at least one value').max(1000);

export const IcpCriterionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
      .optional(),
    label: z.string().trim().max(200).optional(),
    /** Whole number 1–100: how much this criterion counts. */
    weight: z.number().int('must be a whole number').min(1).max(100),
    field: FieldSchema,
    op: z.enum(['in', 'equals', 'between', 'includesAny', 'includesAll']),
    values: Values.optional(),
    value: z.union([z.string().trim().max(500), z.number(), z.boolean()]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((c, ctx) => {
    const isText = (TEXT_FIELDS as readonly string[]).includes(c.field);
    const isNumber = (NUMBER_FIELDS as readonly string[]).includes(c.field);
    const isList = c.field === 'technologies';
    const allowed = isText
      ? ['in', 'equals']
      : isNumber
        ? ['between']
        : isList
          ? ['includesAny', 'includesAll']
          : ['in', 'equals', 'between', 'includesAny', 'includesAll'];
    if (!allowed.includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${c.field} supports ${allowed.join(', ')}` });
    }
    if ((c.op === 'in' || c.op === 'includesAny' || c.op === 'includesAll') && !c.values) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `is required for ${c.op}` });
    }
    if (c.op === 'equals' && c.value === undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'is required for equals' });
    if (c.op === 'between') {
      if (c.min === undefined && c.max === undefined) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: 'between needs min, max or both' });
      } else if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be >= min' });
      }
    }
  });
export type IcpCriterion = z.infer<typeof IcpCriterionSchema>;

export const IcpProfileSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    criteria: z.array(IcpCriterionSchema).max(50),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.criteria.forEach((c, i) => {
      const id = c.id ?? `c${i + 1}`;
      if (seen.has(id))
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `duplicate id ${id}` });
      seen.add(id);
    });
  });
export type IcpProfile = z.infer<typeof IcpProfileSchema>;

/** A criterion with its id resolved (`c1`, `c2` … when not given). */
export type ResolvedCriterion = IcpCriterion & { id: string };

/** Give every criterion an id (its position when none was given). */
export function resolveCriteria(criteria: readonly IcpCriterion[]): ResolvedCriterion[] {
  return criteria.map((c, i) => ({ ...c, id: c.id ?? `c${i + 1}` }));
}

/** The lowest 0–100 fit score of each grade (a grade is a score range, best first). */
export const GRADE_MIN_SCORE = { A: 80, B: 60, C: 40, D: 0 } as const;

/** Fit grade from a 0–100 score: A ≥ 80, B ≥ 60, C ≥ 40, else D. */
export function fitGrade(score: number): 'A' | 'B' | 'C' | 'D' {
  const g = GRADE_MIN_SCORE;
  return score >= g.A ? 'A' : score >= g.B ? 'B' : score >= g.C ? 'C' : 'D';
}

/** The account fields the rules read (snake_case, as stored). */
export interface IcpAccount {
  industry: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  lifecycle: string;
  employee_count: number | null;
  annual_revenue: number | null;
  technologies: readonly string[];
  custom: { [key: string]: JsonValue };
}

/** The plain-number pattern the SQL scorer accepts for custom fields (same in JS and SQL). */
export const PLAIN_NUMBER_RE = /^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

function customText(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function fieldText(c: ResolvedCriterion, a: IcpAccount): string | null {
  if (c.field.startsWith('custom.')) return customText(a.custom[c.field.slice(7)]);
  switch (c.field) {
    case 'industry':
      return a.industry;
    case 'country':
      return a.country;
    case 'region':
      return a.region;
    case 'city':
      return a.city;
    case 'lifecycle':
      return a.lifecycle;
    default:
      return null;
  }
}

function fieldNumber(c: ResolvedCriterion, a: IcpAccount): number | null {
  if (c.field === 'employeeCount') return a.employee_count;
  if (c.field === 'annualRevenue') return a.annual_revenue;
  const raw = a.custom[c.field.slice(7)];
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && PLAIN_NUMBER_RE.test(raw.trim())) return Number(raw.trim());
  return null;
}

function fieldList(c: ResolvedCriterion, a: IcpAccount): string[] {
  if (c.field === 'technologies') return [...a.technologies];
  const raw = a.custom[c.field.slice(7)];
  if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const text = customText(raw);
  return text === null ? [] : text.split(';');
}

/** Does one account meet one criterion? (The JS reference of the SQL scorer.) */
export function matchesCriterion(c: ResolvedCriterion, a: IcpAccount): boolean {
  const wanted = (c.values ?? (c.value === undefined ? [] : [String(c.value)])).map((v) =>
    v.trim().toLowerCase(),
  );
  switch (c.op) {
    case 'in':
    case 'equals': {
      const text = fieldText(c, a);
      return text !== null && wanted.includes(text.trim().toLowerCase());
    }
    case 'between': {
      const n = fieldNumber(c, a);
      return n !== null && (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
    }
    case 'includesAny':
    case 'includesAll': {
      const have = new Set(fieldList(c, a).map((t) => t.trim().toLowerCase()));
      return c.op === 'includesAny' ? wanted.some((w) => have.has(w)) : wanted.every((w) => have.has(w));
    }
  }
}

/** Rule fit score, grade and matched/unmatched criteria for one account (JS reference of the SQL). */
export function scoreIcp(
  criteria: readonly ResolvedCriterion[],
  account: IcpAccount,
): { score: number | null; grade: 'A' | 'B' | 'C' | 'D' | null; matched: string[]; unmatched: string[] } {
  if (criteria.length === 0) return { score: null, grade: null, matched: [], unmatched: [] };
  let total = 0;
  let hit = 0;
  const matched: string[] = [];
  const unmatched: string[] = [];
  for (const c of criteria) {
    total += c.weight;
    if (matchesCriterion(c, account)) {
      hit += c.weight;
      matched.push(c.id);
    } else unmatched.push(c.id);
  }
  const score = Math.round((100 * hit) / total);
  return { score, grade: fitGrade(score), matched, unmatched };
}
