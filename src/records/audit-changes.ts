import type { JsonObject, JsonValue } from '../db/json.ts';

/** A value as JSON for the audit log (dates as ISO strings, anything else non-JSON as null). */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v);
    return out;
  }
  return null;
}

/**
 * The fields that differ between two API views of a record, as `{field: {old, new}}` for the audit
 * log. A create passes `before = null` (every set field, old null); a delete passes `after = null`.
 */
export function auditChanges(
  before: object | null,
  after: object | null,
  skip: readonly string[] = [],
): JsonObject {
  const changes: JsonObject = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (skip.includes(key)) continue;
    const oldValue = toJsonValue(before ? Reflect.get(before, key) : null);
    const newValue = toJsonValue(after ? Reflect.get(after, key) : null);
    if (JSON.stringify(oldValue) === JSON.stringify(newValue)) continue;
    changes[key] = { old: oldValue, new: newValue };
  }
  return changes;
}
