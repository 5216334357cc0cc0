import { z } from 'zod';

/** The values as received, by field, where the stored value is their canonical form or they were not recognised. */
export const OriginalsSchema = z
  .record(z.string(), z.string())
  .describe(
    'Values as received where they differ from the stored canonical value, or were not recognised (then the field is null): country, industry, currency, phone, owner',
  );

/** The raw columns a record table may have. */
export interface RawColumns {
  country_raw?: string | null;
  industry_raw?: string | null;
  currency_raw?: string | null;
  phone_raw?: string | null;
  owner_raw?: string | null;
}

/** The API's `originals` of a stored row: each non-null raw column under its field's name. */
export function originalsOf(row: RawColumns): Record<string, string> {
  const out: Record<string, string> = {};
  if (row.country_raw) out.country = row.country_raw;
  if (row.industry_raw) out.industry = row.industry_raw;
  if (row.currency_raw) out.currency = row.currency_raw;
  if (row.phone_raw) out.phone = row.phone_raw;
  if (row.owner_raw) out.owner = row.owner_raw;
  return out;
}
