import { type Rng, rngFor } from '../random/seeded-random.ts';
import {
  CN_CITY_HANZI,
  CN_STEMS,
  CN_WORDS,
  COMPANY_STEMS,
  GROUP_WORD,
  INDUSTRY_WORDS,
  JP_STEMS,
  JP_WORDS,
  WORD_FIRST,
} from './company-vocabulary.ts';
import { COUNTRY_BY_CODE, type DemoCountry } from './countries.ts';
import type { DemoLegalForm } from './legal-forms.ts';
import { capitalise, gcd, nativeLabel, slugLabel, toAsciiDomain } from './text.ts';

/** A company's name and web presence. */
export interface CompanyIdentity {
  name: string;
  /** Name without legal form, for opportunity names and subsidiaries ("Nordic Foods"). */
  brand: string;
  /** Latin-script brand used abroad (romanised for Japanese/Chinese companies). */
  latinBrand: string;
  /** Domain label shared by the company's domains (`nordicfoods`, `fuji-soft`, or an IDN label). */
  label: string;
  /** Registrable domains, primary first, in punycode. */
  domains: string[];
  /** Website on the primary domain (Unicode for internationalised domains). */
  website: string;
  /** True when the name is in Japanese or Chinese script. */
  nativeScript: boolean;
}

const EU = new Set(['DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'SE', 'DK', 'FI', 'EE']);
const IDN_COUNTRIES = new Set(['IS', 'DK', 'NO', 'SE', 'DE', 'FI', 'EE']);

interface Permutation {
  a: number;
  b: number;
  n: number;
  next: number;
}

/**
 * Names companies so that every (country, industry) combination of stem and industry word is used once
 * before any repeats with a number: the k-th company goes through an affine permutation of the
 * combinations, so names and domains stay unique with constant memory at any scale.
 */
export class CompanyNamer {
  readonly #seed: number | string;
  readonly #perms = new Map<string, Permutation>();

  constructor(seed: number | string) {
    this.#seed = seed;
  }

  #nextCombo(country: string, industry: string, stems: number, words: number): [number, number, number] {
    const key = `${country}|${industry}`;
    let perm = this.#perms.get(key);
    if (!perm) {
      const n = stems * words;
      const rng = rngFor(this.#seed, 'namer', key);
      let a = rng.int(1, Math.max(1, n - 1));
      while (gcd(a, n) !== 1) a = (a % n) + 1;
      perm = { a, b: rng.int(0, n - 1), n, next: 0 };
      this.#perms.set(key, perm);
    }
    const k = perm.next++;
    const p = (perm.a * (k % perm.n) + perm.b) % perm.n;
    return [p % stems, Math.floor(p / stems), Math.floor(k / perm.n)];
  }

  /** A new independent company (or group parent) of a country and industry. */
  company(
    country: DemoCountry,
    industry: string,
    city: string,
    form: DemoLegalForm,
    options: { group: boolean; rng: Rng },
  ): CompanyIdentity {
    const { rng, group } = options;
    if (country.code === 'JP') return this.#japanese(industry, form, group, rng);
    if (country.code === 'CN') return this.#chinese(industry, city, form, group, rng);
    const stems = COMPANY_STEMS[country.code] ?? [];
    const words = INDUSTRY_WORDS[country.language]?.[industry] ??
      INDUSTRY_WORDS.en?.[industry] ?? ['Company'];
    const [s, w, round] = this.#nextCombo(country.code, industry, stems.length, words.length);
    const stem = stems[s] ?? 'Nova';
    const word = words[w] ?? '';
    const wordFirst = WORD_FIRST.has(country.language);
    let brand = wordFirst ? `${word} ${stem}` : `${stem} ${word}`;
    if (round > 0) brand += ` ${round + 1}`;
    const groupWord = GROUP_WORD[country.language] ?? 'Group';
    const display = group ? (wordFirst ? `${groupWord} ${brand}` : `${brand} ${groupWord}`) : brand;
    const useIdn = IDN_COUNTRIES.has(country.code) && /[^\x20-\x7e]/.test(brand) && rng.chance(0.3);
    const label = useIdn ? nativeLabel(brand) : slugLabel(brand, country.language);
    const primaryUnicode = `${label}.${country.tld}`;
    const domains = [toAsciiDomain(primaryUnicode)];
    if (group) domains.push(`${slugLabel(brand, country.language)}group.com`);
    else if (rng.chance(0.08))
      domains.push(secondaryDomain(country.code, slugLabel(brand, country.language)));
    return {
      name: `${display} ${form.form}`,
      brand,
      latinBrand: brand,
      label,
      domains,
      website: `https://www.${primaryUnicode}`,
      nativeScript: false,
    };
  }

  #japanese(industry: string, form: DemoLegalForm, group: boolean, rng: Rng): CompanyIdentity {
    const words = JP_WORDS[industry] ?? [];
    const [s, w, round] = this.#nextCombo('JP', industry, JP_STEMS.length, words.length);
    const [stem, stemRomaji] = JP_STEMS[s] ?? ['日本', 'nihon'];
    const [word, wordRomaji, english] = words[w] ?? ['', '', ''];
    const n = round > 0 ? String(round + 1) : '';
    const brand = `${stem}${word}${n}`;
    const latinBrand = `${capitalise(stemRomaji)} ${english}${n ? ` ${n}` : ''}`;
    const label = `${stemRomaji}-${wordRomaji}${n}`;
    const native = rng.chance(0.75);
    let name: string;
    if (!native) name = `${latinBrand}${group ? ' Holdings' : ''} Co., Ltd.`;
    else if (group) name = `${brand}ホールディングス${form.form}`;
    else name = form.form === '株式会社' && rng.chance(0.3) ? `${form.form}${brand}` : `${brand}${form.form}`;
    const domains = [`${label}.co.jp`];
    if (group) domains.push(`${label}-holdings.com`);
    else if (rng.chance(0.1)) domains.push(`${label}.com`);
    return {
      name,
      brand: native ? brand : latinBrand,
      latinBrand,
      label,
      domains,
      website: `https://www.${label}.co.jp`,
      nativeScript: native,
    };
  }

  #chinese(industry: string, city: string, form: DemoLegalForm, group: boolean, rng: Rng): CompanyIdentity {
    const words = CN_WORDS[industry] ?? [];
    const [s, w, round] = this.#nextCombo('CN', industry, CN_STEMS.length, words.length);
    const [stem, pinyin] = CN_STEMS[s] ?? ['华信', 'huaxin'];
    const [word, wordPart, english] = words[w] ?? ['', '', ''];
    const n = round > 0 ? String(round + 1) : '';
    const brand = `${stem}${word}${n}`;
    const latinBrand = `${capitalise(pinyin)} ${english}${n ? ` ${n}` : ''}`;
    const label = `${pinyin}${wordPart}${n}`;
    const native = rng.chance(0.75);
    const cityHanzi = CN_CITY_HANZI[city] ?? '';
    let name: string;
    if (group) name = native ? `${brand}集团股份有限公司` : `${latinBrand} Group Co., Ltd.`;
    else name = native ? `${cityHanzi}${brand}${form.form}` : `${city} ${latinBrand} Co., Ltd.`;
    const domains = [`${label}.com.cn`];
    if (group) domains.push(`${label}group.com`);
    else if (rng.chance(0.1)) domains.push(`${label}.com`);
    return {
      name,
      brand: native ? brand : latinBrand,
      latinBrand,
      label,
      domains,
      website: `https://www.${label}.com.cn`,
      nativeScript: native,
    };
  }

  /** A parent's subsidiary in another country: "Nordic Foods Sverige AB" on nordicfoods.se. */
  subsidiary(
    parent: CompanyIdentity,
    country: DemoCountry,
    city: string,
    form: DemoLegalForm,
  ): CompanyIdentity {
    let name: string;
    if (country.code === 'JP') name = `${parent.latinBrand} Japan K.K.`;
    else if (country.code === 'CN') name = `${parent.latinBrand} (${city}) Co., Ltd.`;
    else name = `${parent.latinBrand} ${country.subsidiaryLabel} ${form.form}`;
    const unicode = `${parent.label}.${country.tld}`;
    return {
      name,
      brand: parent.latinBrand,
      latinBrand: parent.latinBrand,
      label: parent.label,
      domains: [toAsciiDomain(unicode)],
      website: `https://www.${unicode}`,
      nativeScript: false,
    };
  }
}

function secondaryDomain(country: string, label: string): string {
  if (country === 'US') return `${label}.io`;
  if (EU.has(country)) return `${label}.eu`;
  return `${label}.com`;
}

/** The country record for a code (throws for codes the demo does not know). */
export function demoCountry(code: string): DemoCountry {
  const country = COUNTRY_BY_CODE.get(code);
  if (!country) throw new Error(`Unknown demo country ${code}`);
  return country;
}
