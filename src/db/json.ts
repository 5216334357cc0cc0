import type { ColumnType } from 'kysely';

/** A JSON value as JSON.parse produces it and a jsonb column returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A jsonb column: reads a JSON value, accepts a value or its text. */
export type Json = ColumnType<JsonValue, JsonValue | string, JsonValue | string>;
