/**
 * Deterministic evaluation-set generator for lead-to-account matching: an account universe (brand and
 * descriptive names, legal forms of many countries, CJK names, multi-domain accounts, near-miss sibling
 * names) and labelled leads (name variants, typos, subdomains, alias domains, free-email leads with a
 * company, companies that are not accounts, near misses). Used by bench/match-accuracy.ts and
 * bench/match-speed.ts. The generator describes how leads look in CRM exports; it knows nothing of the
 * matcher.
 */
import type { MatchAccountInput, MatchLead } from '../src/matching/match-types.ts';
import { seededRandom } from '../src/random/seeded-random.ts';

interface Country {
  code: string;
  names: string[];
  tld: string;
  forms: string[];
  script?: 'ja' | 'zh' | 'zh-Hant';
}

const COUNTRIES: Country[] = [
  {
    code: 'US',
    names: ['US', 'USA', 'United States'],
    tld: 'com',
    forms: ['Inc.', 'Inc', 'Corp.', 'Corporation', 'LLC', 'Co.'],
  },
  {
    code: 'GB',
    names: ['GB', 'UK', 'United Kingdom'],
    tld: 'co.uk',
    forms: ['Ltd', 'Ltd.', 'Limited', 'PLC'],
  },
  { code: 'DK', names: ['DK', 'Denmark', 'Danmark'], tld: 'dk', forms: ['A/S', 'ApS', 'I/S', 'P/S'] },
  { code: 'IS', names: ['IS', 'Iceland', 'Ísland'], tld: 'is', forms: ['hf.', 'ehf.', 'ehf', 'hf'] },
  { code: 'EE', names: ['EE', 'Estonia', 'Eesti'], tld: 'ee', forms: ['OÜ', 'AS', 'MTÜ'] },
  { code: 'NO', names: ['NO', 'Norway', 'Norge'], tld: 'no', forms: ['AS', 'ASA'] },
  { code: 'SE', names: ['SE', 'Sweden', 'Sverige'], tld: 'se', forms: ['AB', 'HB'] },
  { code: 'FI', names: ['FI', 'Finland', 'Suomi'], tld: 'fi', forms: ['Oy', 'Oyj', 'Ab'] },
  {
    code: 'DE',
    names: ['DE', 'Germany', 'Deutschland'],
    tld: 'de',
    forms: ['GmbH', 'AG', 'GmbH & Co. KG', 'KG', 'e.K.'],
  },
  { code: 'FR', names: ['FR', 'France'], tld: 'fr', forms: ['SA', 'SAS', 'SARL', 'S.A.S.'] },
  { code: 'ES', names: ['ES', 'Spain', 'España'], tld: 'es', forms: ['S.A.', 'S.L.', 'SL', 'SA'] },
  {
    code: 'MX',
    names: ['MX', 'Mexico', 'México'],
    tld: 'com.mx',
    forms: ['S.A. de C.V.', 'S. de R.L. de C.V.', 'SA de CV'],
  },
  { code: 'NL', names: ['NL', 'Netherlands', 'Nederland'], tld: 'nl', forms: ['B.V.', 'BV', 'N.V.'] },
  { code: 'IT', names: ['IT', 'Italy', 'Italia'], tld: 'it', forms: ['S.p.A.', 'S.r.l.', 'SRL'] },
  {
    code: 'JP',
    names: ['JP', 'Japan', '日本'],
    tld: 'co.jp',
    forms: ['株式会社', '(株)', '合同会社'],
    script: 'ja',
  },
  {
    code: 'CN',
    names: ['CN', 'China', '中国'],
    tld: 'cn',
    forms: ['有限公司', '股份有限公司', '有限责任公司'],
    script: 'zh',
  },
  {
    code: 'TW',
    names: ['TW', 'Taiwan'],
    tld: 'com.tw',
    forms: ['股份有限公司', '有限公司'],
    script: 'zh-Hant',
  },
];

const SYLLABLES = [
  'ka',
  'lo',
  'ven',
  'tri',
  'mar',
  'zen',
  'sol',
  'dra',
  'vik',
  'nor',
  'bel',
  'cor',
  'fin',
  'gar',
  'hel',
  'ist',
  'jar',
  'kel',
  'lum',
  'mor',
  'nex',
  'or',
  'pel',
  'quin',
  'ras',
  'sten',
  'tor',
  'ul',
  'var',
  'wen',
  'xa',
  'yor',
  'zu',
  'ae',
  'bri',
  'dal',
  'ek',
  'fro',
  'gun',
  'hav',
  'is',
  'jo',
  'kr',
  'lin',
  'ma',
  'ni',
  'ost',
  'pra',
  'rik',
  'sa',
  'ti',
  'und',
  'vo',
  'ber',
  'ga',
  'ro',
  'ta',
  'me',
  'ne',
];
const DESCRIPTORS = [
  'Nordic',
  'General',
  'Global',
  'Atlantic',
  'Pacific',
  'Northern',
  'Blue',
  'Green',
  'Alpine',
  'Baltic',
  'United',
  'Royal',
  'Central',
  'Western',
  'Eastern',
  'First',
  'Premier',
  'Advanced',
  'Modern',
  'Coastal',
  'Arctic',
  'Golden',
  'Silver',
  'Summit',
  'Metro',
  'Polar',
  'Vital',
  'Prime',
  'Smart',
  'Urban',
];
const SECTORS = [
  'Foods',
  'Feeds',
  'Motors',
  'Mills',
  'Dynamics',
  'Systems',
  'Logistics',
  'Robotics',
  'Pharma',
  'Energy',
  'Insurance',
  'Textiles',
  'Analytics',
  'Software',
  'Shipping',
  'Fisheries',
  'Dairy',
  'Brewing',
  'Minerals',
  'Media',
  'Health',
  'Capital',
  'Solutions',
  'Networks',
  'Semiconductors',
  'Chemicals',
  'Packaging',
  'Furniture',
  'Seafood',
  'Airlines',
  'Consulting',
  'Engineering',
  'Retail',
  'Telecom',
  'Biotech',
  'Materials',
  'Instruments',
  'Hotels',
  'Foundry',
  'Aerospace',
];
const SURNAMES = [
  'Hansen',
  'Sørensen',
  'Jónsdóttir',
  'Müller',
  'Østergaard',
  'Þórsson',
  'Tamm',
  'Virtanen',
  'García',
  'Dubois',
  'Rossi',
  'Nielsen',
  'Gunnarsson',
  'Kask',
  'Schäfer',
  'Lefèvre',
  'Ærenlund',
  'Brønd',
  'Guðmundsson',
  'Fernández',
];
const KATAKANA = [
  'トヨ',
  'タ',
  'ソニ',
  'ホン',
  'ダ',
  'ミツ',
  'ビシ',
  'カ',
  'ワ',
  'サキ',
  'ヤマ',
  'ハ',
  'キ',
  'ノン',
  'リ',
  'コー',
];
const KANJI_SECTOR = ['自動車', '電機', '製作所', '商事', '化学', '食品', '精機', '物産'];
const HANZI = [
  '华',
  '为',
  '联',
  '想',
  '腾',
  '讯',
  '阿',
  '里',
  '京',
  '东',
  '百',
  '度',
  '海',
  '尔',
  '美',
  '的',
  '格',
  '力',
  '长',
  '城',
];
const HANZI_SECTOR = ['科技', '电子', '网络', '集团', '食品', '能源'];
const HANT_SECTOR = ['科技', '電子', '網路', '食品', '電機'];
const FREE = [
  'gmail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'gmx.de',
  'web.de',
  'yahoo.co.uk',
  'icloud.com',
  'mail.ru',
  'qq.com',
  '163.com',
  'live.dk',
];
const DISPOSABLE = ['mailinator.com', '10minutemail.com', 'guerrillamail.com', 'yopmail.com'];
const FIRST = [
  'jane',
  'ole',
  'anna',
  'jon',
  'kari',
  'sigrid',
  'mads',
  'eva',
  'li',
  'yuki',
  'pierre',
  'maria',
  'tomas',
  'helga',
];

/** A generated account with the pieces leads are built from. */
export interface EvalAccount extends MatchAccountInput {
  country: string;
  base: string;
  form: string;
  countryInfo: Country;
  domainsAll: string[];
}

/** A labelled lead: the account it belongs to, or null (must not match). */
export interface EvalLead extends MatchLead {
  id: string;
  truth: string | null;
  kind: string;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  const v = list[Math.floor(r() * list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}

function brandWord(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += pick(r, SYLLABLES);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/þ/g, 'th')
    .replace(/ð/g, 'd')
    .replace(/[^a-z0-9]+/g, '');
}

function baseName(r: () => number, c: Country): { base: string; slugBase: string } {
  if (c.script === 'ja') {
    const brand = pick(r, KATAKANA) + pick(r, KATAKANA) + pick(r, KATAKANA);
    return { base: brand + pick(r, KANJI_SECTOR), slugBase: brandWord(r).toLowerCase() };
  }
  if (c.script === 'zh' || c.script === 'zh-Hant') {
    const brand = pick(r, HANZI) + pick(r, HANZI) + pick(r, HANZI);
    return {
      base: brand + pick(r, c.script === 'zh' ? HANZI_SECTOR : HANT_SECTOR),
      slugBase: brandWord(r).toLowerCase(),
    };
  }
  const kind = r();
  if (kind < 0.45) {
    const b = brandWord(r);
    const base = r() < 0.6 ? `${b} ${pick(r, SECTORS)}` : b;
    return { base, slugBase: slug(b) + (base === b ? '' : slug(base.split(' ')[1] ?? '').slice(0, 4)) };
  }
  if (kind < 0.8) {
    const base = `${pick(r, DESCRIPTORS)} ${pick(r, SECTORS)}`;
    return { base, slugBase: slug(base) };
  }
  const a = pick(r, SURNAMES);
  const b = pick(r, SURNAMES);
  const base = r() < 0.5 ? `${a} & ${b}` : `${a} ${pick(r, SECTORS)}`;
  return { base, slugBase: slug(base) };
}

/**
 * The account universe. About 10 % get alias domains, 5 % a near-miss sibling account; a few famous
 * near misses are always present.
 */
export function generateAccounts(count: number, seed: number): EvalAccount[] {
  const r = seededRandom(seed);
  const out: EvalAccount[] = [];
  const usedDomains = new Set<string>();
  const usedNames = new Set<string>();
  const add = (base: string, slugBase: string, c: Country, form?: string) => {
    const key = `${base}|${c.code}`;
    if (usedNames.has(key)) return;
    let domain = `${slugBase}.${c.tld}`;
    for (let i = 2; usedDomains.has(domain); i++) domain = `${slugBase}${i}.${c.tld}`;
    usedDomains.add(domain);
    usedNames.add(key);
    const f = form ?? pick(r, c.forms);
    const name =
      c.script === 'ja' && f === '株式会社' && r() < 0.5
        ? `${f}${base}`
        : c.script
          ? `${base}${f}`
          : `${base} ${f}`;
    const domainsAll = [domain];
    if (r() < 0.1) {
      const alias = `${slugBase}-group.com`;
      if (!usedDomains.has(alias)) {
        usedDomains.add(alias);
        domainsAll.push(alias);
      }
    }
    out.push({
      id: `acc${out.length + 1}`,
      name,
      website: r() < 0.5 ? `https://www.${domain}/` : domain,
      domains: domainsAll.slice(1),
      country: c.code,
      base,
      form: f,
      countryInfo: c,
      domainsAll,
    });
  };
  const us = COUNTRIES[0];
  const dk = COUNTRIES[2];
  if (us && dk) {
    add('General Motors', 'gm', us, 'Company');
    add('General Mills', 'generalmills', us, 'Inc.');
    add('General Dynamics', 'gd', us, 'Corporation');
    add('Nordic Foods', 'nordicfoods', dk, 'A/S');
    add('Nordic Feeds', 'nordicfeeds', dk, 'ApS');
  }
  while (out.length < count) {
    const c = pick(r, COUNTRIES);
    const { base, slugBase } = baseName(r, c);
    add(base, slugBase, c);
    if (r() < 0.05 && out.length < count && !c.script) {
      const parts = base.split(' ');
      const sibling = parts.length > 1 ? `${parts[0]} ${pick(r, SECTORS)}` : `${base} ${pick(r, SECTORS)}`;
      add(sibling, slug(sibling), c);
    }
  }
  return out.slice(0, count);
}

function typo(r: () => number, word: string): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(r() * (word.length - 2));
  const op = r();
  if (op < 0.33) return word.slice(0, i) + word.slice(i + 1);
  if (op < 0.66) return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
  return word.slice(0, i) + pick(r, ['a', 'e', 'i', 'o', 'n', 'r', 's']) + word.slice(i + 1);
}

/** How a lead might write an account's name: legal form changed or dropped, case, diacritics, &/and, typos. */
function nameVariant(r: () => number, a: EvalAccount, allowTypo: boolean): string {
  const c = a.countryInfo;
  let base = a.base;
  const v = r();
  if (!c.script) {
    if (v < 0.15) base = base.toUpperCase();
    else if (v < 0.25) base = base.toLowerCase();
    else if (v < 0.35)
      base = base
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ø/g, 'o')
        .replace(/Ø/g, 'O');
    else if (v < 0.45) base = base.replace(' & ', pick(r, [' and ', ' og ', ' und ', ' + ']));
    if (allowTypo && r() < 0.5) {
      const words = base.split(' ');
      const j = Math.floor(r() * words.length);
      words[j] = typo(r, words[j] ?? '');
      base = words.join(' ');
    }
    if (r() < 0.15) base = `The ${base}`;
  }
  const f = r();
  if (c.script) {
    if (f < 0.4) return base;
    const form = pick(r, c.forms);
    return c.script === 'ja' && r() < 0.5 ? `${form}${base}` : `${base}${form}`;
  }
  if (f < 0.3) return base;
  if (f < 0.6) return `${base} ${a.form}`;
  if (f < 0.8) return `${base}, ${pick(r, c.forms)}`;
  return `${base} ${pick(
    r,
    COUNTRIES.flatMap((x) => (x.script ? [] : x.forms)),
  )}`;
}

/** Labelled leads over an account universe. */
export function generateLeads(accounts: EvalAccount[], count: number, seed: number): EvalLead[] {
  const r = seededRandom(seed);
  const leads: EvalLead[] = [];
  const plain = (text: string) => text.toLowerCase().replace(/\s*(&|\+|\band\b)\s*/g, ' ');
  const known = new Set(accounts.map((a) => plain(a.base)));
  const accountDomains = new Set(accounts.flatMap((a) => a.domainsAll));
  const countryName = (c: Country) => pick(r, c.names);
  while (leads.length < count) {
    const a = pick(r, accounts);
    const c = a.countryInfo;
    const person = `${pick(r, FIRST)}.${Math.floor(r() * 1000)}`;
    const domain = a.domainsAll[0] ?? 'example.com';
    const id = `lead${leads.length + 1}`;
    const k = r();
    const country = r() < 0.8 ? countryName(c) : null;
    if (k < 0.3) {
      leads.push({
        id,
        kind: 'work_email',
        truth: a.id,
        email: `${person}@${domain}`,
        company: r() < 0.6 ? nameVariant(r, a, false) : null,
        country,
      });
    } else if (k < 0.37) {
      leads.push({
        id,
        kind: 'subdomain',
        truth: a.id,
        email: `${person}@${pick(r, ['us', 'eu', 'mail', 'dk', 'corp'])}.${domain}`,
        company: r() < 0.5 ? nameVariant(r, a, false) : null,
        country,
      });
    } else if (k < 0.42 && a.domainsAll.length > 1) {
      leads.push({
        id,
        kind: 'alias_domain',
        truth: a.id,
        email: `${person}@${a.domainsAll[1]}`,
        company: r() < 0.5 ? nameVariant(r, a, false) : null,
        country,
      });
    } else if (k < 0.62) {
      leads.push({
        id,
        kind: 'free_email_name',
        truth: a.id,
        email: `${person}@${pick(r, FREE)}`,
        company: nameVariant(r, a, false),
        country,
      });
    } else if (k < 0.7) {
      leads.push({
        id,
        kind: 'free_email_typo',
        truth: a.id,
        email: `${person}@${pick(r, FREE)}`,
        company: nameVariant(r, a, true),
        country,
      });
    } else if (k < 0.78) {
      let other = baseName(r, c);
      for (let i = 0; i < 20 && known.has(plain(other.base)); i++) other = baseName(r, c);
      if (known.has(plain(other.base))) continue;
      let d = `${other.slugBase}x.${c.tld}`;
      if (accountDomains.has(d)) d = `${other.slugBase}-${Math.floor(r() * 1e6)}.${c.tld}`;
      const work = r() < 0.5;
      leads.push({
        id,
        kind: 'not_an_account',
        truth: null,
        email: `${person}@${work ? d : pick(r, FREE)}`,
        company: `${other.base} ${pick(r, c.forms)}`,
        country,
      });
    } else if (k < 0.86 && !c.script) {
      const words = a.base.split(' ');
      const j = words.length > 1 ? words.length - 1 : 0;
      const original = words[j] ?? '';
      const replacement = pick(
        r,
        SECTORS.filter((s) => s !== original),
      );
      words[j] = words.length > 1 ? replacement : `${original} ${replacement}`;
      const near = words.join(' ');
      if (known.has(plain(near))) continue;
      leads.push({
        id,
        kind: 'near_miss',
        truth: null,
        email: `${person}@${pick(r, FREE)}`,
        company: `${near} ${a.form}`,
        country: country ?? countryName(c),
      });
    } else if (k < 0.9) {
      leads.push({
        id,
        kind: 'disposable',
        truth: null,
        email: `${person}@${pick(r, DISPOSABLE)}`,
        company: null,
        country,
      });
    } else if (k < 0.95) {
      leads.push({
        id,
        kind: 'website_only',
        truth: a.id,
        website: r() < 0.5 ? `https://www.${domain}/contact` : domain,
        company: null,
        country,
      });
    } else {
      leads.push({
        id,
        kind: 'garbage',
        truth: null,
        email: pick(r, ['n/a', '', 'test', '@@', `${person}@localhost`]),
        company: pick(r, ['', '-', '😀', 'n/a', '???']),
        country: null,
      });
    }
  }
  return leads;
}
