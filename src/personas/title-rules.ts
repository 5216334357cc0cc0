import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldTitleText } from './normalize-title.ts';

export const JOB_FUNCTIONS = [
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
export type JobFunction = (typeof JOB_FUNCTIONS)[number];

/** Highest first: the first/highest-seniority rule wins in this order. */
export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual'] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** How a keyword must sit in the title: a whole word, the start or end of a word, or anywhere (compounds, CJK). */
export type MatchMode = 'word' | 'prefix' | 'suffix' | 'infix';

export interface TitleRule {
  /** `<language>:<line>` of the rule table, e.g. `da:12`. */
  id: string;
  language: string;
  /** The keyword as written in the table. */
  keyword: string;
  /** The keyword in comparison form. */
  folded: string;
  match: MatchMode;
  function: JobFunction | null;
  seniority: Seniority | null;
  /** Ignore the rest of the title after this keyword ("Assistant to the CEO"). */
  stop: boolean;
  /**
   * The function is generic ("Founder", "Engineer", "Project manager"): any other function named in
   * the title wins over it ("Managing Director, Finance" → finance).
   */
  weak: boolean;
}

const MODES: readonly string[] = ['word', 'prefix', 'suffix', 'infix'];
const isMode = (v: string): v is MatchMode => MODES.includes(v);
const isFunction = (v: string): v is JobFunction => (JOB_FUNCTIONS as readonly string[]).includes(v);
const isSeniority = (v: string): v is Seniority => (SENIORITIES as readonly string[]).includes(v);

/**
 * Parse one language's rule table (`keyword,match,function,seniority[,flags]`, `#` comments;
 * flags: `stop` and/or `weak`, space-separated).
 */
export function parseRuleTable(language: string, text: string): TitleRule[] {
  const rules: TitleRule[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [keyword = '', match = '', fn = '', seniority = '', flag = ''] = trimmed
      .split(',')
      .map((c) => c.trim());
    const where = `${language}:${index + 1}`;
    const folded = foldTitleText(keyword);
    if (folded === '') throw new Error(`title rule ${where}: empty keyword`);
    if (!isMode(match)) throw new Error(`title rule ${where}: match must be word, prefix, suffix or infix`);
    if (fn !== '-' && !isFunction(fn)) throw new Error(`title rule ${where}: unknown function "${fn}"`);
    if (seniority !== '-' && !isSeniority(seniority))
      throw new Error(`title rule ${where}: unknown seniority "${seniority}"`);
    const flags = flag.split(/\s+/).filter(Boolean);
    const unknown = flags.find((f) => f !== 'stop' && f !== 'weak');
    if (unknown) throw new Error(`title rule ${where}: unknown flag "${unknown}"`);
    rules.push({
      id: where,
      language,
      keyword,
      folded,
      match,
      function: isFunction(fn) ? fn : null,
      seniority: isSeniority(seniority) ? seniority : null,
      stop: flags.includes('stop'),
      weak: flags.includes('weak'),
    });
  });
  return rules;
}

const RULES_DIR = fileURLToPath(new URL('./title-rules/', import.meta.url));

/** Every language's rule table shipped in src/personas/title-rules/*.csv. */
export function loadBuiltInTitleRules(): TitleRule[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => parseRuleTable(f.slice(0, -4), readFileSync(`${RULES_DIR}${f}`, 'utf8')));
}
