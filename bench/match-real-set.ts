/**
 * Real-world evaluation set for lead-to-account matching, built from real public company names
 * (bench/data/match-companies.csv: US-listed companies as the exchanges list them, with the common name
 * an index page uses where there is one — see bench/data/README.md for sources and licences).
 *
 * Accounts are 80 % of the companies; the other 20 % are outsiders (people whose company is not an
 * account). Each company falls, by a hash of its symbol, into the development part or the held-out
 * part; leads are written for the companies of the chosen part only, so tuning on `dev` says nothing
 * about `holdout`. Leads write names the way people do: exactly as the account, with a corporate word
 * added or dropped, words run together, "&"/"and" swapped, one letter transposed, or — sampled from
 * real pairs — the common name of the company against its listed name.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { seededRandom } from '../src/random/seeded-random.ts';
import type { EvalAccount, EvalLead } from './match-eval-set.ts';

const Row = z.object({ symbol: z.string(), name: z.string(), common_name: z.string() });
type Company = z.infer<typeof Row>;

/** Which part of the real set: `dev` (tuned on), `holdout` (never tuned on) or `all`. */
export type RealPart = 'dev' | 'holdout' | 'all';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(
      /\b(inc|incorporated|corporation|corp|company|co|ltd|limited|plc|llc|lp|l p|holdings?|group|the|new|sa|nv|ag|se)\b\.?/g,
      ' ',
    )
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 24);
}

function loadCompanies(): Company[] {
  const text = readFileSync(new URL('./data/match-companies.csv', import.meta.url));
  return z.array(Row).parse(parse(text, { columns: true }));
}

const FREE = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'live.com'];
const FIRST = ['jane', 'mike', 'anna', 'raj', 'kim', 'luis', 'sara', 'tom', 'wei', 'olga', 'sam', 'nina'];
const CORPORATE_WORDS = [
  'Group',
  'Holdings',
  'Corporation',
  'LLC',
  'International',
  'Inc.',
  'Company',
  'Corp',
];
const TRAILING =
  /(,?\s+(Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|plc|PLC|LLC|L\.P\.|N\.V\.|S\.A\.|AG|SE|Group|Holdings?|International)|\s*\((The|New|REIT|Class [A-C])\))+$/;

function pick<T>(r: () => number, list: readonly T[]): T {
  const v = list[Math.floor(r() * list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}

/** The name without its trailing legal form and corporate words, as people often write it. */
function bare(name: string): string {
  let s = name;
  for (let i = 0; i < 4; i++) s = s.replace(TRAILING, '');
  return s.replace(/^The\s+/, '').trim() || name;
}

function transpose(r: () => number, word: string): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(r() * (word.length - 3));
  return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
}

/** A writing variant of a company's name and the kind it belongs to. */
function variant(r: () => number, c: Company): { kind: string; company: string } | null {
  const b = bare(c.name);
  const k = r();
  if (c.common_name && k < 0.2) return { kind: 'real_pair', company: c.common_name };
  if (k < 0.3) return { kind: 'identical', company: c.name };
  if (k < 0.45) return { kind: 'bare', company: r() < 0.3 ? b.toUpperCase() : b };
  if (k < 0.6) {
    const w = pick(r, CORPORATE_WORDS);
    return { kind: 'corporate_word', company: r() < 0.15 ? `${b} ${w} ${w}` : `${b} ${w}` };
  }
  if (k < 0.72) {
    const words = b.split(/\s+/);
    if (words.length < 2) return { kind: 'bare', company: b.toLowerCase() };
    return {
      kind: 'joined',
      company: words
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1).replace(/[^\p{L}\p{N}&]/gu, ''))
        .join(''),
    };
  }
  if (k < 0.8) {
    if (/\S\s*&\s*\S/.test(b))
      return {
        kind: 'and',
        company:
          r() < 0.5 ? b.replace(/\s*&\s*/g, ' and ') : b.replace(/\s*&\s*/g, 'and').replace(/\s+/g, ''),
      };
    if (/\band\b/i.test(b)) return { kind: 'and', company: b.replace(/\s+and\s+/i, ' & ') };
    return { kind: 'bare', company: b };
  }
  // One transposed letter in the longest word.
  const words = b.split(/\s+/);
  let j = 0;
  for (let i = 1; i < words.length; i++) if ((words[i] ?? '').length > (words[j] ?? '').length) j = i;
  const w = words[j] ?? '';
  if (w.length < 5) return { kind: 'bare', company: b };
  words[j] = transpose(r, w);
  return { kind: 'typo', company: words.join(' ') };
}

/** The real-data accounts (every company that is an account, whatever the part). */
export function realAccounts(): EvalAccount[] {
  const out: EvalAccount[] = [];
  const used = new Set<string>();
  for (const c of loadCompanies()) {
    if (hash(`o:${c.symbol}`) < 0.2) continue;
    let domain = `${slug(c.name) || c.symbol.toLowerCase()}.com`;
    for (let i = 2; used.has(domain); i++) domain = `${slug(c.name)}${i}.com`;
    used.add(domain);
    const alias =
      hash(`a:${c.symbol}`) < 0.1 ? `${c.symbol.toLowerCase().replace(/[^a-z0-9]/g, '')}-group.com` : null;
    const domainsAll = alias && !used.has(alias) ? [domain, alias] : [domain];
    for (const d of domainsAll) used.add(d);
    out.push({
      id: c.symbol,
      name: c.name,
      website: domain,
      domains: domainsAll.slice(1),
      country: 'US',
      base: c.name,
      form: '',
      countryInfo: { code: 'US', names: ['US'], tld: 'com', forms: [] },
      domainsAll,
    });
  }
  return out;
}

/** Labelled leads for the companies of one part of the real set. */
export function realLeads(accounts: EvalAccount[], part: RealPart, count: number, seed: number): EvalLead[] {
  const r = seededRandom(seed);
  const companies = loadCompanies();
  const inPart = (c: Company) =>
    part === 'all' || (hash(`p:${c.symbol}`) < 0.5 ? part === 'dev' : part === 'holdout');
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const members = companies.filter((c) => accountById.has(c.symbol) && inPart(c));
  const outsiders = companies.filter((c) => !accountById.has(c.symbol) && inPart(c));
  const leads: EvalLead[] = [];
  while (leads.length < count) {
    const id = `lead${leads.length + 1}`;
    const person = `${pick(r, FIRST)}.${Math.floor(r() * 1000)}`;
    const k = r();
    const country = r() < 0.3 ? 'United States' : null;
    if (k < 0.2) {
      const o = pick(r, outsiders);
      const v = variant(r, o);
      const work = r() < 0.5;
      leads.push({
        id,
        kind: work ? 'outsider_work' : 'outsider_free',
        truth: null,
        email: `${person}@${work ? `${slug(o.name)}-corp.com` : pick(r, FREE)}`,
        company: v?.company ?? o.name,
        country,
      });
      continue;
    }
    const c = pick(r, members);
    const a = accountById.get(c.symbol);
    if (!a) continue;
    const domain = a.domainsAll[0] ?? 'example.com';
    if (k < 0.4) {
      const sub = r() < 0.2;
      const alias = !sub && a.domainsAll[1] && r() < 0.3 ? a.domainsAll[1] : null;
      leads.push({
        id,
        kind: sub ? 'subdomain' : alias ? 'alias_domain' : 'work_email',
        truth: a.id,
        email: `${person}@${sub ? 'mail.' : ''}${alias ?? domain}`,
        company: r() < 0.7 ? (variant(r, c)?.company ?? c.name) : null,
        country,
      });
      continue;
    }
    const v = variant(r, c);
    if (!v) continue;
    leads.push({
      id,
      kind: `free_${v.kind}`,
      truth: a.id,
      email: `${person}@${pick(r, FREE)}`,
      company: v.company,
      country,
    });
  }
  return leads;
}
