import { parseAmount } from '../normalize/amount.ts';
import { parseNumber } from '../normalize/number.ts';
import type { FieldType } from './field-aliases.ts';

export { parseNumber };

/** A coerced cell: the value and the field it goes to (ids resolve by shape), or why it cannot be read. */
export type Coerced =
  | { ok: true; field: string; value: unknown; currency?: string }
  | { ok: false; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'x', 'on', 'ja', 'oui', 'si', 'checked']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'off', 'nein', 'non', 'unchecked']);

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar date: ISO `2026-03-01` (or the date part of an ISO timestamp), US `3/1/2026` (Salesforce),
 * European `01.03.2026`, `2026/03/01`. Returns `YYYY-MM-DD` or null.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s.*)?$/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/**
 * A point in time: ISO 8601 with offset, `2026-03-01 10:00[:00]` (read as UTC), a date alone
 * (midnight UTC), or the date forms of parseDate. Returns an ISO timestamp or null.
 */
export function parseDateTime(raw: string): string | null {
  const text = raw.trim();
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text,
  );
  if (m) {
    const date = isoDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
    if (!date) return null;
    const zone = (m[3] ?? 'Z').toUpperCase();
    const parsed = new Date(
      `${m[1]}T${m[2]}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`,
    );
    return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
  }
  const day = parseDate(text);
  return day ? `${day}T00:00:00.000Z` : null;
}

function lifecycle(raw: string): string {
  const v = raw.toLowerCase();
  if (v.includes('former') || v.includes('churn')) return 'churned';
  if (v.includes('customer')) return 'customer';
  return 'prospect';
}

const CONSENT: Record<string, string> = {
  consent: 'consent',
  'freely given consent from contact': 'consent',
  legitimateinterest: 'legitimate_interest',
  legitimate_interest: 'legitimate_interest',
  'legitimate interest': 'legitimate_interest',
  'legitimate interest - prospect/lead': 'legitimate_interest',
  'legitimate interest - existing customer': 'legitimate_interest',
  contract: 'contract',
  'performance of a contract': 'contract',
  none: 'none',
};

/** The value of a non-empty cell for a field of a type, or why it cannot be read. */
export function coerceCell(field: string, type: FieldType, raw: string): Coerced {
  const fail = (what: string): Coerced => ({ ok: false, error: `${field}: "${clip(raw)}" is not ${what}` });
  switch (type) {
    case 'text':
      return { ok: true, field, value: raw };
    case 'int': {
      const n = parseNumber(raw);
      if (n === null || !Number.isInteger(n)) return fail('a whole number');
      return { ok: true, field, value: n };
    }
    case 'number': {
      const n = parseNumber(raw);
      return n === null
        ? fail('a number (digits with , or . separators only)')
        : { ok: true, field, value: n };
    }
    case 'money': {
      // An amount may carry its currency (`$1,200,000`, `2.5M EUR`); the record's currency column wins.
      const amount = parseAmount(raw, parseNumber);
      if (!amount) return fail('an amount (digits with , or . separators, optionally a currency and k/M/B)');
      return amount.currency
        ? { ok: true, field, value: amount.amount, currency: amount.currency }
        : { ok: true, field, value: amount.amount };
    }
    case 'bool': {
      const v = raw.toLowerCase();
      if (TRUE.has(v)) return { ok: true, field, value: true };
      if (FALSE.has(v)) return { ok: true, field, value: false };
      return fail('true/false (yes/no, 1/0, x)');
    }
    case 'date': {
      const d = parseDate(raw);
      return d ? { ok: true, field, value: d } : fail('a date (2026-03-01, 3/1/2026 or 01.03.2026)');
    }
    case 'datetime': {
      const d = parseDateTime(raw);
      return d ? { ok: true, field, value: d } : fail('a timestamp (ISO 8601, e.g. 2026-03-01T10:00:00Z)');
    }
    case 'list':
      return {
        ok: true,
        field,
        value: raw
          .split(/[;|\n]/)
          .map((x) => x.trim())
          .filter(Boolean),
      };
    case 'json': {
      try {
        const value: unknown = JSON.parse(raw);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('a JSON object');
        return { ok: true, field, value };
      } catch {
        return fail('valid JSON');
      }
    }
    case 'uuid':
      return UUID.test(raw) ? { ok: true, field, value: raw.toLowerCase() } : fail('a UUID');
    case 'lifecycle':
      return { ok: true, field, value: lifecycle(raw) };
    case 'consent': {
      const v = CONSENT[raw.toLowerCase()];
      return v
        ? { ok: true, field, value: v }
        : fail('a consent basis (consent, legitimate_interest, contract, none)');
    }
    case 'firstOfList':
      return { ok: true, field, value: raw.split(/[;,]/)[0]?.trim() ?? raw };
    case 'anyId':
    case 'anyAccountId':
    case 'anyParentId': {
      const prefix = { anyId: '', anyAccountId: 'account', anyParentId: 'parent' }[type];
      const name = (suffix: string) =>
        prefix ? `${prefix}${suffix}` : suffix.charAt(0).toLowerCase() + suffix.slice(1);
      if (UUID.test(raw)) return { ok: true, field: name('Id'), value: raw.toLowerCase() };
      if (/^\d+$/.test(raw)) return { ok: true, field: name('HubspotId'), value: raw };
      return { ok: true, field: name('SalesforceId'), value: raw };
    }
    case 'anyOwnerId':
      if (UUID.test(raw)) return { ok: true, field: 'ownerId', value: raw.toLowerCase() };
      return {
        ok: true,
        field: /^\d+$/.test(raw) ? 'externalIds.hubspotOwnerId' : 'externalIds.salesforceOwnerId',
        value: raw,
      };
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
