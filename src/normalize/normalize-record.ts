import { z } from 'zod';
import { normalizeCountry } from './country.ts';
import { normalizeCurrency } from './currency.ts';
import { normalizeIndustry } from './industry.ts';
import type { NormalValue } from './normal-value.ts';
import type { OwnerDirectory } from './owner.ts';
import { normalizePhone } from './phone.ts';
import { normalizeRegion } from './region.ts';

/** A value that was not recognised: kept as given (in the field's `…Raw` column) and reported. */
export interface ValueWarning {
  field: string;
  value: string;
  message: string;
}

/** What a record normaliser needs besides the record: the workspace's users for owner names. */
export interface NormalizeContext {
  owners?: OwnerDirectory;
  /** The record's stored country, for a partial update that changes a phone or region but not the country. */
  storedCountry?: string | null;
}

/** The normalisable fields of a record as received (API body, CSV row, tracking traits). */
export interface NormalizableInput {
  country?: string | null;
  region?: string | null;
  industry?: string | null;
  currency?: string | null;
  phone?: string | null;
  owner?: string | null;
  ownerId?: string | null;
}

/** The columns normalisation adds: the values as given where they differ, and the region's code. */
export interface NormalizedExtras {
  countryRaw?: string | null;
  regionCode?: string | null;
  industryRaw?: string | null;
  currencyRaw?: string | null;
  phoneRaw?: string | null;
  ownerRaw?: string | null;
}

/** Countries whose every first-level subdivision is in the region table (an unknown one is reported). */
const COMPLETE_REGIONS = new Set(['US', 'CA', 'AU', 'DE', 'IN']);

const MAX_REPORTED = 200;

function clip(text: string): string {
  return text.length > MAX_REPORTED ? `${text.slice(0, MAX_REPORTED - 1)}…` : text;
}

/** Which fields of a kind are normalised. */
const FIELDS = {
  accounts: { country: true, region: true, industry: true, currency: true, phone: true, owner: true },
  contacts: { country: true, region: false, industry: false, currency: false, phone: true, owner: true },
  opportunities: {
    country: false,
    region: false,
    industry: false,
    currency: true,
    phone: false,
    owner: true,
  },
} as const;

/** Record kinds that normalisation applies to. */
export type NormalizedKind = keyof typeof FIELDS;

/**
 * Normalise the fields of one record of a kind in place of the values as received: country to ISO
 * 3166-1 alpha-2, region to its ISO 3166-2 code (`regionCode`; the region text stays), industry to the
 * taxonomy, currency to ISO 4217, phone to E.164 (read in the record's country) and `owner` (a name or
 * e-mail) to `ownerId`. Only fields present in the input are touched, so a partial update stays
 * partial. Each value that differs from its canonical form is kept in its `…Raw` field; one that is
 * not recognised is kept there too, its canonical field is null, and a warning names it.
 *
 * @example normalizeRecord('accounts', { name: 'Marel', country: 'Iceland', industry: 'MACHINERY' }, {})
 * // record: { name: 'Marel', country: 'IS', countryRaw: 'Iceland', industry: 'Manufacturing', industryRaw: 'MACHINERY' }
 */
export function normalizeRecord<T extends NormalizableInput>(
  kind: NormalizedKind,
  input: T,
  context: NormalizeContext,
): { record: Omit<T, 'owner'> & NormalizedExtras; warnings: ValueWarning[] } {
  const fields = FIELDS[kind];
  const { owner, ...rest } = input;
  const record: Omit<T, 'owner'> & NormalizedExtras = rest;
  const warnings: ValueWarning[] = [];
  const take = (field: string, result: NormalValue, what: string): NormalValue => {
    if (!result.known && result.raw !== null) {
      warnings.push({
        field,
        value: clip(result.raw),
        message: `"${clip(result.raw)}" is not ${what}; kept as given in ${field}Raw`,
      });
    }
    return result;
  };

  let country = context.storedCountry ?? null;
  if (fields.country && input.country !== undefined) {
    const n = take('country', normalizeCountry(input.country), 'a country we know (ISO 3166-1 code or name)');
    record.country = n.value;
    record.countryRaw = n.raw;
    country = n.value;
  }
  if (fields.region && input.region !== undefined) {
    const n = normalizeRegion(input.region, country);
    if (!n.known && country && COMPLETE_REGIONS.has(country) && n.raw !== null) {
      warnings.push({
        field: 'region',
        value: clip(n.raw),
        message: `"${clip(n.raw)}" is not a state or province of ${country} we know; kept as given without regionCode`,
      });
    }
    record.regionCode = n.value;
  }
  if (fields.industry && input.industry !== undefined) {
    const n = take('industry', normalizeIndustry(input.industry), 'an industry we know');
    record.industry = n.value;
    record.industryRaw = n.raw;
  }
  if (fields.currency && input.currency !== undefined) {
    const n = take('currency', normalizeCurrency(input.currency, country), 'a currency we know (ISO 4217)');
    record.currency = n.value;
    record.currencyRaw = n.raw;
  }
  if (fields.phone && input.phone !== undefined) {
    const n = take('phone', normalizePhone(input.phone, country), 'a phone number we can read');
    record.phone = n.value;
    record.phoneRaw = n.raw;
  }
  if (fields.owner && owner !== undefined && input.ownerId === undefined) {
    const match = context.owners
      ? context.owners.resolve(owner)
      : owner
        ? ({ ok: false, raw: owner, reason: 'unknown' } as const)
        : null;
    if (match === null || match.ok) {
      record.ownerId = match?.userId ?? null;
      record.ownerRaw = null;
    } else {
      record.ownerId = null;
      record.ownerRaw = match.raw;
      const why =
        match.reason === 'ambiguous'
          ? 'names several users of this workspace'
          : 'is not a user of this workspace';
      warnings.push({
        field: 'owner',
        value: clip(match.raw),
        message: `"${clip(match.raw)}" ${why}; kept as given in ownerRaw`,
      });
    }
  }
  return { record, warnings };
}

/** A warning as the API reports it. */
export const ValueWarningSchema = z.object({
  field: z.string(),
  value: z.string(),
  message: z.string(),
});

/** A written record's API schema with the values normalisation did not recognise. */
export function withWarnings<S extends z.ZodObject>(schema: S) {
  return schema.extend({
    warnings: z
      .array(ValueWarningSchema)
      .optional()
      .describe(
        'Values not recognised (kept as given in originals; the field is null): a warning, not an error',
      ),
  });
}

/** Put each record's normalisation warnings on its upsert result (by position). */
export function attachWarnings(
  results: readonly { warnings?: ValueWarning[] }[],
  warnings: readonly (ValueWarning[] | undefined)[],
): void {
  warnings.forEach((w, index) => {
    const result = results[index];
    if (w && result) result.warnings = w;
  });
}
