import { foldTitleText } from './normalize-title.ts';
import type { CommitteeRole } from './tables.ts';
import type { JobFunction, Seniority } from './title-rules.ts';

/** A persona as stored, in the shape persona matching needs. */
export interface PersonaCriteria {
  id: string;
  functions: readonly string[];
  seniorities: readonly string[];
  includeKeywords: readonly string[];
  excludeKeywords: readonly string[];
  committeeRole: CommitteeRole;
}

type KeywordTest = (paddedTitle: string) => boolean;

/** Short ASCII keywords ("cfo", "it") must be whole words; longer ones may sit inside compounds. */
function keywordTest(keyword: string): KeywordTest | null {
  const folded = foldTitleText(keyword);
  if (folded === '') return null;
  if (/^[a-z0-9 ]{1,4}$/.test(folded)) {
    const padded = ` ${folded} `;
    return (t) => t.includes(padded);
  }
  return (t) => t.includes(folded);
}

export type PersonaPredicate = (
  fn: JobFunction | null,
  seniority: Seniority | null,
  title: string | null,
) => boolean;

/**
 * Compile a persona into a predicate over a contact's function, seniority and title. A contact is
 * in the persona when no exclude keyword is in the title and either its function and seniority fit
 * (an empty list accepts any) or an include keyword is in the title.
 */
export function compilePersona(p: PersonaCriteria): PersonaPredicate {
  const include = p.includeKeywords.map(keywordTest).filter((t) => t !== null);
  const exclude = p.excludeKeywords.map(keywordTest).filter((t) => t !== null);
  const functions = new Set(p.functions);
  const seniorities = new Set(p.seniorities);
  const hasAttributes = functions.size > 0 || seniorities.size > 0;
  return (fn, seniority, title) => {
    const padded = title ? ` ${foldTitleText(title)} ` : '';
    if (padded && exclude.some((t) => t(padded))) return false;
    if (hasAttributes && fn !== null && seniority !== null) {
      if (
        (functions.size === 0 || functions.has(fn)) &&
        (seniorities.size === 0 || seniorities.has(seniority))
      )
        return true;
    }
    return padded !== '' && include.some((t) => t(padded));
  };
}
