import type { z } from 'zod';

/**
 * How a timestamp of an API answer is typed on each side of the contract: `z.date()` on the server,
 * which serialises Dates to ISO 8601 strings, and `z.string()` in a client that parses the JSON.
 * Contract schemas with timestamps are functions of it, so both sides share every other field.
 */
export type TimestampSchema = z.ZodDate | z.ZodString;
