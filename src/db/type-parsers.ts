/**
 * One set of result parsers for both drivers, so the embedded database and a PostgreSQL server
 * return identical JavaScript values for the same SQL.
 *
 * - int8 / bigint (20) and numeric (1700) become numbers: counts, amounts and revenue fit a double.
 * - date (1082) stays a `YYYY-MM-DD` string: a calendar date has no time zone.
 * - timestamptz (1184) becomes a Date (both drivers' default).
 */
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export const parseNumber = (value: string): number => Number(value);
export const parseDate = (value: string): string => value;
