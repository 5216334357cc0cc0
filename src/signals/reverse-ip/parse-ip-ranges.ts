import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { normalizeDomain } from '../../matching/normalize-domain.ts';
import { parseCidr, parseIp } from './ip-address.ts';

/** One parsed range ready to store. */
export interface ParsedIpRange {
  /** Line in the uploaded file. */
  line: number;
  family: 4 | 6;
  start: bigint;
  end: bigint;
  accountId: string | null;
  domain: string | null;
  confidence: number;
  excluded: boolean;
  asn: number | null;
  country: string | null;
  label: string | null;
}

export interface RowError {
  /** 1-based line number in the uploaded file (the header is line 1 for CSV). */
  line: number;
  message: string;
}

export interface ParsedIpRanges {
  format: 'csv' | 'ip2asn';
  ranges: ParsedIpRange[];
  errors: RowError[];
  /** Rows deliberately skipped (ip2asn "Not routed", AS 0). */
  skipped: number;
}

export class IpRangeFormatError extends Error {}

const uuid = z.uuid();

function parseBool(value: string | undefined): boolean | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return false;
  if (['true', '1', 'yes', 'y', 't'].includes(v)) return true;
  if (['false', '0', 'no', 'n', 'f'].includes(v)) return false;
  return null;
}

/**
 * Parse a range file. CSV with a header: `cidr` (or `start`,`end`), `account_id` and/or `domain`,
 * optional `confidence` (0–1, default 0.8) and `excluded` (true/false). Or the public ip2asn TSV
 * (`range_start range_end AS_number country_code AS_description`, tab-separated, no header); AS 0
 * rows ("Not routed") are skipped; every ip2asn range takes `ip2asnExcluded` (default true: ISP and
 * hosting ranges that must not match an account). Bad rows are reported by line and skipped.
 */
export function parseIpRanges(
  text: string,
  options: { format?: 'csv' | 'ip2asn' | undefined; ip2asnExcluded?: boolean } = {},
): ParsedIpRanges {
  const firstLine =
    text
      .slice(0, 2000)
      .split(/\r?\n/)
      .find((l) => l.trim().length > 0) ?? '';
  const format = options.format ?? (firstLine.includes('\t') && !/cidr/i.test(firstLine) ? 'ip2asn' : 'csv');
  return format === 'ip2asn' ? parseIp2asn(text, options.ip2asnExcluded ?? true) : parseCsv(text);
}

function parseIp2asn(text: string, excluded: boolean): ParsedIpRanges {
  const out: ParsedIpRanges = { format: 'ip2asn', ranges: [], errors: [], skipped: 0 };
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (raw.trim() === '') continue;
    const cols = raw.split('\t');
    if (cols.length < 3) {
      out.errors.push({
        line,
        message: 'expected range_start, range_end, AS_number, country_code, AS_description (tab-separated)',
      });
      continue;
    }
    const [startText = '', endText = '', asnText = '', country = '', ...desc] = cols;
    const start = parseIp(startText);
    const end = parseIp(endText);
    if (!start) {
      out.errors.push({ line, message: `range_start "${startText}" is not an IP address` });
      continue;
    }
    if (!end) {
      out.errors.push({ line, message: `range_end "${endText}" is not an IP address` });
      continue;
    }
    if (start.family !== end.family || start.value > end.value) {
      out.errors.push({ line, message: 'range_start must not be after range_end (same family)' });
      continue;
    }
    if (!/^\d+$/.test(asnText.trim())) {
      out.errors.push({ line, message: `AS_number "${asnText}" is not a number` });
      continue;
    }
    const asn = Number(asnText.trim());
    if (asn === 0) {
      out.skipped++;
      continue;
    }
    const label = desc.join('\t').trim();
    out.ranges.push({
      line,
      family: start.family,
      start: start.value,
      end: end.value,
      accountId: null,
      domain: null,
      confidence: 0,
      excluded,
      asn,
      country: country.trim() && country.trim() !== 'None' ? country.trim().slice(0, 8) : null,
      label: label ? label.slice(0, 500) : null,
    });
  }
  return out;
}

function parseCsv(text: string): ParsedIpRanges {
  const out: ParsedIpRanges = { format: 'csv', ranges: [], errors: [], skipped: 0 };
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (error) {
    throw new IpRangeFormatError(`Malformed CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'));
  const col = (name: string) => header.indexOf(name);
  const cidrCol = col('cidr');
  const startCol = col('start') >= 0 ? col('start') : col('range_start');
  const endCol = col('end') >= 0 ? col('end') : col('range_end');
  const accountCol = col('account_id');
  const domainCol = col('domain');
  const confidenceCol = col('confidence');
  const excludedCol = col('excluded');
  if (cidrCol < 0 && (startCol < 0 || endCol < 0))
    throw new IpRangeFormatError('The CSV header needs a "cidr" column (or "start" and "end")');
  if (accountCol < 0 && domainCol < 0 && excludedCol < 0)
    throw new IpRangeFormatError('The CSV header needs "account_id" or "domain" (or "excluded")');
  for (const [i, row] of records.slice(1).entries()) {
    const line = i + 2;
    const cell = (c: number) => (c >= 0 ? (row[c] ?? '').trim() : '');
    let range: { family: 4 | 6; start: bigint; end: bigint } | null;
    if (cidrCol >= 0 && cell(cidrCol)) {
      range = parseCidr(cell(cidrCol));
      if (!range) {
        out.errors.push({ line, message: `cidr "${cell(cidrCol)}" is not a valid CIDR or IP` });
        continue;
      }
    } else {
      const s = parseIp(cell(startCol));
      const e = parseIp(cell(endCol));
      if (!s || !e) {
        out.errors.push({ line, message: 'needs a cidr, or start and end IP addresses' });
        continue;
      }
      if (s.family !== e.family || s.value > e.value) {
        out.errors.push({ line, message: 'start must not be after end (same family)' });
        continue;
      }
      range = { family: s.family, start: s.value, end: e.value };
    }
    const excluded = parseBool(cell(excludedCol));
    if (excluded === null) {
      out.errors.push({ line, message: `excluded "${cell(excludedCol)}" must be true or false` });
      continue;
    }
    const accountText = cell(accountCol);
    if (accountText && !uuid.safeParse(accountText).success) {
      out.errors.push({ line, message: `account_id "${accountText}" is not a UUID` });
      continue;
    }
    const domainText = cell(domainCol);
    const domain = domainText ? normalizeDomain(domainText) : null;
    if (domainText && !domain) {
      out.errors.push({ line, message: `domain "${domainText}" is not a domain` });
      continue;
    }
    if (!excluded && !accountText && !domain) {
      out.errors.push({ line, message: 'needs account_id or domain (or excluded=true)' });
      continue;
    }
    const confidenceText = cell(confidenceCol);
    const confidence = confidenceText === '' ? 0.8 : Number(confidenceText);
    if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
      out.errors.push({
        line,
        message: `confidence "${confidenceText}" must be a number from 0 to 1`,
      });
      continue;
    }
    out.ranges.push({
      line,
      ...range,
      accountId: accountText || null,
      domain,
      confidence,
      excluded,
      asn: null,
      country: null,
      label: null,
    });
  }
  return out;
}
