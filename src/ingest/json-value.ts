import type { JsonObject, JsonValue } from '../db/schema.ts';

/** True when a value is JSON (what JSON.parse produces): the guard that lets parsed input be stored as jsonb. */
export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth > 32) return false;
      if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
      for (const v of Object.values(value)) if (!isJsonValue(v, depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** A JSON object's own entries that are JSON values (others, e.g. undefined, dropped). */
export function toJsonObject(record: Record<string, unknown> | null | undefined): JsonObject {
  const out: JsonObject = {};
  if (!record) return out;
  for (const [key, value] of Object.entries(record)) if (isJsonValue(value)) out[key] = value;
  return out;
}

/** A string field of an object, trimmed and length-capped, or null. */
export function stringField(
  record: Record<string, unknown> | null | undefined,
  key: string,
  max = 2000,
): string | null {
  const value = record?.[key];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested object field, or null. */
export function objectField(
  record: Record<string, unknown> | null | undefined,
  key: string,
): Record<string, unknown> | null {
  const value = record?.[key];
  return isRecord(value) ? value : null;
}
