import type { JsonObject, JsonValue } from '../db/json.ts';

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
  if (record) copyJsonFields(out, record);
  return out;
}

/**
 * Copy a record's own entries that are JSON values into `target` (later copies win). A
 * `__proto__` key (possible from JSON.parse) is skipped: assigning it would replace the prototype.
 */
export function copyJsonFields(target: JsonObject, record: Record<string, unknown>): void {
  for (const key in record) {
    if (!Object.hasOwn(record, key) || key === '__proto__') continue;
    const value = record[key];
    if (isJsonValue(value)) target[key] = value;
  }
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

/**
 * An upper bound of a JSON value's serialised size in UTF-8 bytes (every UTF-16 unit of a string
 * counted as a 6-byte escape, every number as 24 bytes), computed without serialising. Stops
 * counting once past `stopAt`.
 *
 * @example
 * if (jsonSizeBound(event, LIMIT) > LIMIT) size = Buffer.byteLength(JSON.stringify(event));
 */
export function jsonSizeBound(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 2;
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      let size = 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          size += jsonSizeBound(item, stopAt) + 1;
          if (size > stopAt) return size;
        }
        return size;
      }
      if (!isRecord(value)) return size;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        size += key.length * 6 + 4 + jsonSizeBound(value[key], stopAt);
        if (size > stopAt) return size;
      }
      return size;
    }
    default:
      return 0;
  }
}
