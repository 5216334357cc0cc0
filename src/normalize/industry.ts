import { foldKey } from './fold-text.ts';
import { INDUSTRY_KEYWORDS, INDUSTRY_TAXONOMY } from './industry-taxonomy.ts';
import {
  inputText,
  known,
  MAX_LOOKUP_LENGTH,
  NO_VALUE,
  type NormalValue,
  remembered,
  unknown,
} from './normal-value.ts';

/** The industries of the taxonomy, in its order. */
export const INDUSTRIES: readonly string[] = Object.keys(INDUSTRY_TAXONOMY);

/** An industry name folded for lookup: `Food & Beverages`, `FOOD_BEVERAGES` and `food and beverages` are one key. */
function industryKey(text: string): string {
  return foldKey(text.replace(/&/g, ' '))
    .split(' ')
    .filter((w) => w !== 'and' && w !== '')
    .join(' ');
}

let names: Map<string, string> | undefined;
let keywords: Map<string, string> | undefined;

function industryNames(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (const [industry, aliases] of Object.entries(INDUSTRY_TAXONOMY)) {
    names.set(industryKey(industry), industry);
    for (const alias of aliases) {
      const key = industryKey(alias);
      const taken = names.get(key);
      if (taken && taken !== industry) throw new Error(`industry name "${alias}" is listed twice`);
      names.set(key, industry);
    }
  }
  keywords = new Map(INDUSTRY_KEYWORDS);
  return names;
}

/**
 * An industry of the taxonomy (INDUSTRY_TAXONOMY) from a Salesforce picklist value (`Technology`), a
 * HubSpot value (`COMPUTER_SOFTWARE`, `Computer Software`), a LinkedIn name (`Software Development`),
 * a taxonomy name in any case, or a value naming one in a word (`Enterprise SaaS`).
 *
 * @example normalizeIndustry('COMPUTER_SOFTWARE') // { value: 'Software', raw: 'COMPUTER_SOFTWARE', known: true }
 */
export function normalizeIndustry(input: unknown): NormalValue {
  const { text, wrongType } = inputText(input);
  if (text === null) return NO_VALUE;
  if (wrongType || text.length > MAX_LOOKUP_LENGTH) return unknown(text);
  return industryOfText(text);
}

const industryOfText = remembered((text: string): NormalValue => {
  const key = industryKey(text);
  const industry = industryNames().get(key);
  if (industry) return known(industry, text);
  for (const word of key.split(' ')) {
    const match = keywords?.get(word);
    if (match) return known(match, text);
  }
  return unknown(text);
});
