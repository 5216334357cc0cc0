import { z } from 'zod';

/** External system ids of a record (`{ "pipedrive": "123" }`), as every record type accepts them. */
export const ExternalIdsSchema = z.record(z.string().min(1).max(64), z.string().max(255));

/** Custom fields of a record: any JSON value under a name of up to 128 characters. */
export const CustomFieldsSchema = z.record(z.string().min(1).max(128), z.json());

/** A currency as received: an ISO 4217 code in any case, a symbol or a name (normalised to the code by src/normalize). */
export const CurrencySchema = z
  .string()
  .trim()
  .max(100)
  .describe('ISO 4217 code, symbol ($, €) or name (US Dollar); stored as the ISO 4217 code');

/** An owner named by a workspace user's e-mail or full name (resolved to `ownerId` by src/normalize). */
export const OwnerNameSchema = z
  .string()
  .trim()
  .max(320)
  .describe(
    "A workspace user's e-mail or full name, resolved to ownerId; kept in originals when no user has it",
  );
