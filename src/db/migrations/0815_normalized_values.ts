import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { normalizeCountry } from '../../normalize/country.ts';
import { normalizeIndustry } from '../../normalize/industry.ts';
import type { NormalValue } from '../../normalize/normal-value.ts';

/**
 * Normalisation at the door (src/normalize): the canonical columns (country as ISO 3166-1 alpha-2,
 * industry from the taxonomy, currency ISO 4217, phone E.164, owner_id) get beside them the value as
 * received where it differs or was not recognised (`*_raw`), accounts an ISO 3166-2 `region_code`
 * and a phone. Countries and industries already stored are normalised here (few distinct values),
 * their originals kept in the raw columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts
      ADD COLUMN country_raw text,
      ADD COLUMN region_code text,
      ADD COLUMN industry_raw text,
      ADD COLUMN currency_raw text,
      ADD COLUMN owner_raw text,
      ADD COLUMN phone text,
      ADD COLUMN phone_raw text;
    ALTER TABLE contacts
      ADD COLUMN country_raw text,
      ADD COLUMN phone_raw text,
      ADD COLUMN owner_raw text;
    ALTER TABLE opportunities
      ADD COLUMN currency_raw text,
      ADD COLUMN owner_raw text;
  `.execute(db);
  await normalizeStored(db, 'accounts', 'country', normalizeCountry);
  await normalizeStored(db, 'accounts', 'industry', normalizeIndustry);
  await normalizeStored(db, 'contacts', 'country', normalizeCountry);
}

const Distinct = z.object({ value: z.string() });

/** Rewrite each distinct stored value of a column to its canonical form, keeping the original. */
async function normalizeStored(
  db: Kysely<unknown>,
  table: 'accounts' | 'contacts',
  column: 'country' | 'industry',
  normalize: (value: unknown) => NormalValue,
): Promise<void> {
  const { rows } = await sql`SELECT DISTINCT ${sql.ref(column)} AS value FROM ${sql.table(table)}
    WHERE ${sql.ref(column)} IS NOT NULL`.execute(db);
  const from: string[] = [];
  const to: (string | null)[] = [];
  for (const row of rows) {
    const { value } = Distinct.parse(row);
    const n = normalize(value);
    if (n.raw === null) continue;
    from.push(value);
    to.push(n.value);
  }
  if (from.length === 0) return;
  await sql`UPDATE ${sql.table(table)} t SET ${sql.ref(column)} = m.canonical, ${sql.ref(`${column}_raw`)} = m.original
    FROM unnest(${from}::text[], ${to}::text[]) AS m(original, canonical)
    WHERE t.${sql.ref(column)} = m.original`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE accounts SET country = COALESCE(country_raw, country), industry = COALESCE(industry_raw, industry);
    UPDATE contacts SET country = COALESCE(country_raw, country);
    ALTER TABLE opportunities DROP COLUMN IF EXISTS currency_raw, DROP COLUMN IF EXISTS owner_raw;
    ALTER TABLE contacts DROP COLUMN IF EXISTS country_raw, DROP COLUMN IF EXISTS phone_raw,
      DROP COLUMN IF EXISTS owner_raw;
    ALTER TABLE accounts DROP COLUMN IF EXISTS country_raw, DROP COLUMN IF EXISTS region_code,
      DROP COLUMN IF EXISTS industry_raw, DROP COLUMN IF EXISTS currency_raw, DROP COLUMN IF EXISTS owner_raw,
      DROP COLUMN IF EXISTS phone, DROP COLUMN IF EXISTS phone_raw;
  `.execute(db);
}
