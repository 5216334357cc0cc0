import { normalizeTitle } from './normalize-title.ts';
import { type ContextSeniority, contextSeniority } from './title-context.ts';
import { type TitleHit, TitleMatcher } from './title-matcher.ts';
import {
  type JobFunction,
  loadBuiltInTitleRules,
  SENIORITIES,
  type Seniority,
  type TitleRule,
} from './title-rules.ts';

/** A rule that fired, for `explain`. */
export interface FiredRule {
  id: string;
  language: string;
  keyword: string;
  matched: string;
  function: JobFunction | null;
  seniority: Seniority | null;
}

export interface TitleClassification {
  function: JobFunction;
  seniority: Seniority;
  /** The rule that decided the function / seniority (null: the default `other` / `individual`). */
  functionRule: FiredRule | null;
  seniorityRule: FiredRule | null;
  /** Every keyword found, left to right. */
  fired: FiredRule[];
  /** The title as compared (after folding); bracketed noise is listed separately. */
  normalized: string;
  ignored: string;
}

const RANK: Record<Seniority, number> = { c_level: 0, vp: 1, director: 2, manager: 3, individual: 4 };

let builtIn: TitleMatcher | null = null;
function defaultMatcher(): TitleMatcher {
  builtIn ??= new TitleMatcher(loadBuiltInTitleRules());
  return builtIn;
}

function fired(hit: TitleHit, text: string, context: ContextSeniority | null = null): FiredRule {
  const r: TitleRule = hit.rule;
  return {
    id: context ? `${r.id} ${context.id}` : r.id,
    language: r.language,
    keyword: r.keyword,
    matched: text.slice(hit.start, hit.end),
    function: r.function,
    seniority: context ? context.seniority : r.seniority,
  };
}

/**
 * Classify a job title into function and seniority with the built-in multilingual rule tables (or
 * a given matcher). The highest seniority found wins (c_level → vp → director → manager →
 * individual; the earliest on a tie); the function comes from that same rule when it names one,
 * else from the first keyword that names a function. Generic ("weak") functions — Founder,
 * Engineer, Project manager — give way to any specific function in the title. Bracketed text is noise, used only when the
 * rest of the title matches nothing.
 *
 * @example
 * classifyTitle('CFO & EVP') // { function: 'finance', seniority: 'c_level', ... }
 */
export function classifyTitle(title: string, matcher: TitleMatcher = defaultMatcher()): TitleClassification {
  const { text, noise } = normalizeTitle(title.length > 1000 ? title.slice(0, 1000) : title);
  let scanned = text;
  let hits = matcher.scan(text);
  let ignored = noise;
  if (hits.length === 0 && noise !== '') {
    hits = matcher.scan(noise);
    scanned = noise;
    ignored = '';
  }
  let seniorityHit: TitleHit | null = null;
  let seniority: Seniority | null = null;
  let seniorityContext: ContextSeniority | null = null;
  for (const hit of hits) {
    // A few keywords ("chief", "head", "lead", "principal", "chair", "president") mean another level in
    // some titles; the context rule that decides is named in the explanation.
    const context = hit.rule.seniority ? contextSeniority(hit, hits, scanned) : null;
    const s = context ? context.seniority : hit.rule.seniority;
    if (s && (!seniority || RANK[s] < RANK[seniority])) {
      seniorityHit = hit;
      seniority = s;
      seniorityContext = context;
    }
  }
  let functionHit: TitleHit | null =
    seniorityHit?.rule.function && !seniorityHit.rule.weak ? seniorityHit : null;
  functionHit ??= hits.find((h) => h.rule.function !== null && !h.rule.weak) ?? null;
  if (!functionHit && seniorityHit?.rule.function) functionHit = seniorityHit;
  functionHit ??= hits.find((h) => h.rule.function !== null) ?? null;
  return {
    function: functionHit?.rule.function ?? 'other',
    seniority: seniority ?? 'individual',
    functionRule: functionHit ? fired(functionHit, scanned) : null,
    seniorityRule: seniorityHit ? fired(seniorityHit, scanned, seniorityContext) : null,
    fired: hits.map((h) => fired(h, scanned)),
    normalized: scanned,
    ignored,
  };
}

/** Seniorities from highest to lowest, re-exported for callers that sort or filter. */
export const SENIORITY_ORDER: readonly Seniority[] = SENIORITIES;
