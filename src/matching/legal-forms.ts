import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { foldText } from '../normalize/fold-text.ts';

/** The legal forms known to name normalisation, as token sequences and as compact single tokens. */
export interface LegalFormTable {
  /** Folded token sequences joined by a space (`gmbh`, `s de rl`, `co kg`) plus their compact forms (`sderl`). */
  forms: Set<string>;
  /** The longest sequence in tokens. */
  maxTokens: number;
}

const CSV_URL = new URL('../../data/iso20275-legal-forms.csv', import.meta.url);

/** Common English and international forms, always known even without the GLEIF table. */
const COMMON_FORMS = [
  'Inc',
  'Inc.',
  'Incorporated',
  'Corp',
  'Corp.',
  'Corporation',
  'LLC',
  'L.L.C.',
  'Ltd',
  'Ltd.',
  'Limited',
  'Co',
  'Co.',
  'Company',
  'PLC',
  'P.L.C.',
  'LLP',
  'LP',
  'L.P.',
  'PC',
  'P.C.',
  'PLLC',
  'Pty',
  'Pty Ltd',
  'Pty. Ltd.',
  'Pvt Ltd',
  'Private Limited',
  'Pte Ltd',
  'Sdn Bhd',
  'Bhd',
  'GmbH',
  'AG',
  'KG',
  'GmbH & Co. KG',
  'SA',
  'S.A.',
  'SAS',
  'SARL',
  'SRL',
  'S.r.l.',
  'SpA',
  'S.p.A.',
  'BV',
  'B.V.',
  'NV',
  'N.V.',
  'AB',
  'AS',
  'A/S',
  'ApS',
  'ASA',
  'Oy',
  'Oyj',
  'OÜ',
  'AS',
  'hf',
  'hf.',
  'ehf',
  'ehf.',
  'SE',
  'KK',
  'K.K.',
  'Ltda',
  'S.A. de C.V.',
  'SL',
  'S.L.',
  'Co Ltd',
  'Co., Ltd.',
  'S. de R.L.',
  'S. de R.L. de C.V.',
  'S.A.B. de C.V.',
  'S.A.P.I. de C.V.',
  'I/S',
  'P/S',
  'K/S',
  'e.K.',
  'HB',
  'KB',
  'Kabushiki Kaisha',
  'Godo Kaisha',
  'Yugen Kaisha',
];

/** Words in the GLEIF list that are more often part of a company's own name than its legal form. */
const NOT_FORMS = new Set([
  'trust',
  'fund',
  'bank',
  'region',
  'district',
  'canton',
  'kanton',
  'cantone',
  'commune',
  'gemeinde',
  'comune',
  'embassy',
  'ambassade',
  'botschaft',
  'bund',
  'kraj',
  'obec',
  'society',
  'association',
  'assn',
  'assoc',
  'foundation',
  'partnership',
  'partnerships',
  'cooperative',
  'co-operative',
  'coop',
  'co-op',
  'cooperation',
  'multi',
  'ustanova',
  'fond',
  'fondlar',
  'stichting',
  'vereniging',
  'verein',
  'sparkasse',
  'filial',
  'kommun',
  'kunta',
  'reit',
  'ucits',
  'chartered',
  'condominiums',
  'syndicates',
  'rederij',
  'spolek',
  'zadruge',
  'udruga',
  'municipalidad',
  'condominio',
  'erakond',
  'forening',
  'samstarv',
  'procura',
  'prokura',
  'procuration',
  'undivided',
  'einzelfirma',
  'societe',
  'company limited by guarantee',
  'son',
  'gen',
  'ente',
  'mut',
  'per',
  'ok',
  'am',
  'bo',
  'vi',
  'ii',
  'li',
  'da',
  'ba',
  'ra',
  'na',
  'ko',
  'vs',
  'tr',
  'si',
  'ei',
  'ms',
  'le',
  'up',
  'eu',
  'hk',
  'jp',
  'fon',
  'ste',
  'plt',
  'ngo',
  'cc',
  'bi',
  'op',
  'np',
  'pl',
  'ee',
  'ss',
  'fi',
  'sp',
]);

/** Marks a full legal-form name (not an abbreviation) as a company form worth stripping. */
const COMPANY_NAME_RE =
  /gesellschaft|selskab|yhti|bolag|ühing|uhing|company|corporation|limited|incorporated|sociedad|societ|companhia|compagnie|haftung|liability|aktie|akcij|spółka|spolka|spolocnost|společnost|kaisha|kabushiki|partnerschaft|vennootschap|genossenschaft|anonim|şirket|sirket|hlutafélag|einkahlutafélag/i;

let table: LegalFormTable | undefined;

/**
 * Splits a legal form or a company name into folded comparison tokens: `S.A. de C.V.` → `sa de cv`,
 * `A/S` → `as`, `GmbH & Co. KG` → `gmbh and co kg`, `Amazon.com` → `amazon com`.
 */
export function tokenizeName(text: string): string[] {
  const folded = foldText(text)
    .replace(/[&+]/g, ' and ')
    .replace(/['’`´]/g, '');
  const tokens: string[] = [];
  for (const raw of folded.split(/[\s,;:()[\]{}"!?|<>*=~^\\_–—-]+/u)) {
    if (!raw) continue;
    const parts = raw.split(/[./]+/).filter((p) => p.length > 0);
    if (parts.length === 0) continue;
    if (parts.length === 1 || parts.every((p) => p.length <= 3)) tokens.push(parts.join(''));
    else for (const p of parts) tokens.push(p);
  }
  return tokens;
}

function addForm(forms: Set<string>, text: string): number {
  const tokens = tokenizeName(text).filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (tokens.length === 0 || tokens.length > 8) return 0;
  const joined = tokens.join(' ');
  if (NOT_FORMS.has(joined)) return 0;
  forms.add(joined);
  if (tokens.length > 1) forms.add(tokens.join(''));
  return tokens.length;
}

/**
 * The legal-form table: every abbreviation in the GLEIF ISO 20275 list (cells hold several separated by `;`),
 * company-type full names, and common English forms. Loaded once, on first use.
 */
export function legalFormTable(): LegalFormTable {
  if (table) return table;
  const forms = new Set<string>();
  let maxTokens = 1;
  for (const f of COMMON_FORMS) maxTokens = Math.max(maxTokens, addForm(forms, f));
  let rows: string[][] = [];
  try {
    rows = parse(readFileSync(CSV_URL), { from_line: 2, relax_column_count: true, skip_empty_lines: true });
  } catch {
    rows = [];
  }
  for (const row of rows) {
    const code = row[0] ?? '';
    if (code === '8888' || code === '9999') continue;
    for (const cell of [row[9], row[10]]) {
      for (const abbr of (cell ?? '').split(';')) {
        const a = abbr.trim();
        if (a) maxTokens = Math.max(maxTokens, addForm(forms, a));
      }
    }
    for (const full of [row[5], row[8]]) {
      if (full && COMPANY_NAME_RE.test(full)) maxTokens = Math.max(maxTokens, addForm(forms, full));
    }
  }
  table = { forms, maxTokens };
  return table;
}
