import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** A legal form the demo world uses in company names, checked against the GLEIF ISO 20275 list. */
export interface DemoLegalForm {
  /** As written in the company name, e.g. `ehf.`, `A/S`, `株式会社`, `GmbH & Co. KG`. */
  form: string;
  /** The ISO 20275 Entity Legal Form code, or null where GLEIF lists no company form (China). */
  elfCode: string | null;
  /** Relative frequency among the country's demo companies. */
  weight: number;
  /** True for forms that suit large companies and group parents (AG, A/S, plc, hf., 股份有限公司…). */
  large: boolean;
}

const CSV_URL = new URL('../../data/iso20275-legal-forms.csv', import.meta.url);

/**
 * The forms each demo country draws from: the forms real companies of each size use. Every entry
 * with an ELF code must exist, active, for that country in data/iso20275-legal-forms.csv, with the form
 * among the row's local abbreviations or as its local name (rows without an abbreviation, such as
 * Delaware's "Corporation" or France's SARL, take the customary one). GLEIF's list for China has no
 * company forms, so the two forms of the PRC Company Law are used there without a code.
 */
const CHOICES: Record<string, [form: string, elfCode: string | null, weight: number, large: boolean][]> = {
  IS: [
    ['ehf.', 'M8SS', 8, false],
    ['hf.', 'E4KB', 2, true],
  ],
  DK: [
    ['ApS', 'H8VP', 6, false],
    ['A/S', 'ZRPO', 4, true],
  ],
  EE: [
    ['OÜ', 'JC0Y', 8, false],
    ['AS', '9LJA', 2, true],
  ],
  JP: [
    ['株式会社', 'T417', 9, true],
    ['合同会社', '7QQ0', 1, false],
  ],
  CN: [
    ['有限公司', null, 8, false],
    ['股份有限公司', null, 2, true],
  ],
  DE: [
    ['GmbH', '2HBR', 7, false],
    ['AG', '6QQB', 1.5, true],
    ['GmbH & Co. KG', '8Z6G', 1.5, false],
  ],
  US: [
    ['Inc.', 'XTIQ', 6, true],
    ['LLC', 'HZEH', 3, false],
    ['Corp.', 'XTIQ', 1, true],
  ],
  GB: [
    ['Ltd', 'H0PO', 8, false],
    ['plc', 'B6ES', 2, true],
  ],
  FR: [
    ['SAS', '6CHY', 6, false],
    ['SA', 'QVPB', 2, true],
    ['SARL', 'V9QP', 2, false],
  ],
  ES: [
    ['S.L.', 'DP3Q', 7, false],
    ['S.A.', '5RDO', 3, true],
  ],
  IT: [
    ['S.r.l.', 'OV32', 7, false],
    ['S.p.A.', 'P418', 3, true],
  ],
  NL: [
    ['B.V.', '54M6', 9, false],
    ['N.V.', 'B5PM', 1, true],
  ],
  PL: [
    ['sp. z o.o.', 'O7XB', 8, false],
    ['S.A.', 'FJ0E', 2, true],
  ],
  SE: [['AB', 'XJHM', 1, true]],
  NO: [
    ['AS', 'YI42', 9, false],
    ['ASA', 'IQGE', 1, true],
  ],
  FI: [
    ['Oy', 'DKUW', 9, false],
    ['Oyj', 'K6VE', 1, true],
  ],
};

const CsvRow = z.object({
  'ELF Code': z.string(),
  'Country Code (ISO 3166-1)': z.string(),
  'Entity Legal Form name Local name': z.string(),
  'Abbreviations Local language': z.string(),
  'ELF Status ACTV/INAC': z.string(),
});

const squash = (s: string) => s.toLowerCase().replace(/[\s.]/g, '');

let cached: Map<string, DemoLegalForm[]> | undefined;

/**
 * The legal forms per country (ISO 3166-1 alpha-2), verified against the shipped GLEIF list.
 * Throws if the list no longer contains one of them.
 */
export function demoLegalForms(): Map<string, DemoLegalForm[]> {
  if (cached) return cached;
  const records: unknown[] = parse(readFileSync(CSV_URL), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
  const byCode = new Map<string, z.infer<typeof CsvRow>[]>();
  for (const record of records) {
    const row = CsvRow.safeParse(record);
    if (!row.success) continue;
    const code = row.data['ELF Code'];
    if (code === '8888' || code === '9999') continue;
    const list = byCode.get(code) ?? [];
    list.push(row.data);
    byCode.set(code, list);
  }
  const result = new Map<string, DemoLegalForm[]>();
  for (const [country, choices] of Object.entries(CHOICES)) {
    const forms: DemoLegalForm[] = [];
    for (const [form, elfCode, weight, large] of choices) {
      if (elfCode) {
        const rows = (byCode.get(elfCode) ?? []).filter(
          (r) => r['Country Code (ISO 3166-1)'] === country && r['ELF Status ACTV/INAC'] === 'ACTV',
        );
        const ok = rows.some((r) => {
          const abbreviations = r['Abbreviations Local language']
            .split(';')
            .map((a) => a.trim())
            .filter(Boolean);
          if (abbreviations.length === 0) return true;
          return (
            abbreviations.some((a) => squash(a) === squash(form)) ||
            r['Entity Legal Form name Local name'] === form
          );
        });
        if (!ok)
          throw new Error(
            `Legal form ${form} (${elfCode}) is not an active ${country} form in the GLEIF list`,
          );
      }
      forms.push({ form, elfCode, weight, large });
    }
    result.set(country, forms);
  }
  cached = result;
  return result;
}
