import { z } from 'zod';

/** External system ids of a record (`{ "pipedrive": "123" }`), as every record type accepts them. */
export const ExternalIdsSchema = z.record(z.string().min(1).max(64), z.string().max(255));

/** Custom fields of a record: any JSON value under a name of up to 128 characters. */
export const CustomFieldsSchema = z.record(z.string().min(1).max(128), z.json());

/** A currency as a 3-letter ISO 4217 code, stored upper-case. */
export const CurrencySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code')
  .transform((c) => c.toUpperCase());
