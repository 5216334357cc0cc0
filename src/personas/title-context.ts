import type { TitleHit } from './title-matcher.ts';
import type { Seniority } from './title-rules.ts';

/** A seniority a keyword stands for in its title, and the context rule that says so. */
export interface ContextSeniority {
  /** Null: in this title the keyword says nothing about seniority ("Chair Trimmer"). */
  seniority: Seniority | null;
  /** `en:context:<name>`, named in the classification's explanation. */
  id: string;
}

/** Occupation nouns: a "Chief" or "Head" of these leads a crew (manager), not a department. */
const CREW_WORDS = new Set([
  'operator',
  'dispatcher',
  'clerk',
  'scheduler',
  'guide',
  'deputy',
  'jailer',
  'bailiff',
  'inspector',
  'mate',
  'steward',
  'cook',
  'electrician',
  'planner',
  'gauger',
  'observer',
  'bookbinder',
  'driver',
  'guard',
  'teacher',
  'chef',
  'coach',
  'nurse',
  'greenskeeper',
]);
/** Units a department "Head" or "Chair" heads. */
const UNIT_WORDS = new Set([
  'department',
  'dept',
  'division',
  'section',
  'bureau',
  'branch',
  'program',
  'unit',
]);
/** Places whose "Principal" heads them (a school head: director level). */
const SCHOOL_WORDS = new Set([
  'school',
  'preschool',
  'building',
  'academy',
  'elementary',
  'college',
  'campus',
]);
/** What a unit president heads: a region or a business unit, not the company. */
const UNIT_PRESIDENT_WORDS = new Set([
  'americas',
  'america',
  'emea',
  'apac',
  'europe',
  'asia',
  'region',
  'regional',
  'division',
  'international',
  'global',
  'business',
  'segment',
  'north',
  'south',
  'east',
  'west',
  'latin',
  'worldwide',
  'us',
  'uk',
]);

/** The keywords read in context; every other keyword keeps its table rule's seniority. */
const CONTEXT_KEYWORDS = new Set(['chief', 'head', 'lead', 'principal', 'chair', 'chairperson', 'president']);

const OCCUPATION_SUFFIX = /(er|or|ist|man|eeper|ian|wright|smith|yst)$/;
/** Roles whose names do not end like occupations. */
const ROLE_WORDS = new Set(['architect', 'consultant', 'accountant', 'attorney', 'agent', 'associate']);

function words(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

function isCrewWord(word: string | undefined): boolean {
  return word !== undefined && (CREW_WORDS.has(word) || OCCUPATION_SUFFIX.test(word) || ROLE_WORDS.has(word));
}

/**
 * The seniority an English keyword stands for in its title when its table rule alone would mislead:
 * - `chief` without "officer" heads a department (director: "Chief Psychologist", "Chief of Production")
 *   or a crew (manager: "Chief Dispatcher", "Electrician, Chief"); "Assistant/Deputy Chief … Officer" is vp;
 * - `head` (not "head of") of a crew is a manager ("Head Sawyer", "Kettle Operator, Head"), of a unit a
 *   director ("Quality Control Head"); a head-helper is no seniority;
 * - `lead` before a role is a senior individual ("Lead Network Engineer"), after one a team lead (manager);
 * - `principal` at the end heads a school (director), is its vice/assistant (manager) or owns a firm (c_level);
 * - `chair` of a department is a director, a chair before another word is furniture ("Chair Trimmer");
 * - `president` of a function or region heads a unit, not the company (vp: "President, Sales and Marketing").
 */
export function contextSeniority(
  hit: TitleHit,
  hits: readonly TitleHit[],
  text: string,
): ContextSeniority | null {
  if (hit.rule.language !== 'en' || !CONTEXT_KEYWORDS.has(hit.rule.folded)) return null;
  const before = words(text.slice(0, hit.start).trim());
  const after = words(text.slice(hit.end).trim());
  const prev = before[before.length - 1];
  const next = after[0];
  const last = after[after.length - 1];
  switch (hit.rule.folded) {
    case 'chief': {
      if (after.includes('officer')) {
        if (prev === 'assistant' || prev === 'deputy' || prev === 'associate')
          return { seniority: 'vp', id: 'en:context:deputy-chief-officer' };
        return { seniority: 'c_level', id: 'en:context:chief-officer' };
      }
      if (prev === 'assistant' || prev === 'deputy')
        return { seniority: 'manager', id: 'en:context:deputy-chief' };
      if (next === 'of' || next === 'in') return { seniority: 'director', id: 'en:context:chief-of' };
      if (after.some((w) => CREW_WORDS.has(w)) || (after.length === 0 && before.length > 0)) {
        if (after.length === 0 && prev !== undefined && UNIT_WORDS.has(prev))
          return { seniority: 'director', id: 'en:context:unit-chief' };
        return { seniority: 'manager', id: 'en:context:crew-chief' };
      }
      return { seniority: 'director', id: 'en:context:chief-professional' };
    }
    case 'head': {
      if (before.includes('helper') || after.includes('helper'))
        return { seniority: null, id: 'en:context:head-helper' };
      if (after.length === 0) {
        if (isCrewWord(prev) && !(prev !== undefined && UNIT_WORDS.has(prev)))
          return { seniority: 'manager', id: 'en:context:crew-head' };
        return { seniority: 'director', id: 'en:context:unit-head' };
      }
      const functionAfter = hits.some((h) => h.start >= hit.end && h.rule.function !== null && !h.rule.weak);
      if (!functionAfter && isCrewWord(last)) return { seniority: 'manager', id: 'en:context:crew-head' };
      return null;
    }
    case 'lead': {
      if (after.length > 0 && (before.length === 0 || isCrewWord(next)))
        return { seniority: 'individual', id: 'en:context:lead-role' };
      return null;
    }
    case 'principal': {
      if (after.length > 0) return null;
      if (prev === 'assistant' || prev === 'vice')
        return { seniority: 'manager', id: 'en:context:vice-principal' };
      if (prev === undefined) return null;
      if (before.some((w) => SCHOOL_WORDS.has(w)))
        return { seniority: 'director', id: 'en:context:school-principal' };
      return { seniority: 'c_level', id: 'en:context:firm-principal' };
    }
    case 'chair':
    case 'chairperson': {
      if (next !== undefined && next !== 'of' && next !== 'and')
        return { seniority: null, id: 'en:context:furniture' };
      if (before.length > 0 && prev !== 'vice' && prev !== 'board')
        return { seniority: 'director', id: 'en:context:department-chair' };
      return null;
    }
    case 'president': {
      if (after.length === 0 || prev === 'vice') return null;
      const unit =
        hits.some((h) => h.start >= hit.end && h.rule.function !== null && h.rule.function !== 'executive') ||
        after.some((w) => UNIT_PRESIDENT_WORDS.has(w));
      return unit ? { seniority: 'vp', id: 'en:context:unit-president' } : null;
    }
    default:
      return null;
  }
}
