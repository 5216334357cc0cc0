import { Drop } from 'liquidjs';

/**
 * Stands in for a variable without a value: renders as nothing, is falsy in conditions (so `default`
 * and `{% if %}` work as usual), and remembers its path, so an output of it can be reported. Reading a
 * property of it gives another missing value (`account.plan.goals` under a missing plan).
 */
export class MissingValue extends Drop {
  readonly path: string;
  constructor(path: string) {
    super();
    this.path = path;
  }
  override liquidMethodMissing(key: string | number): MissingValue {
    return new MissingValue(`${this.path}.${key}`);
  }
  valueOf(): null {
    return null;
  }
  toString(): string {
    return '';
  }
}

/**
 * A record in the template scope (contact, account, owner…): its properties are the values, and a
 * property it does not have reads as a {@link MissingValue} named by its path, so a misspelt or absent
 * field is reported instead of rendering blank. Lazy: a field becomes a value, a nested drop or a
 * missing value only when a template reads it (a render reads a few of a record's ~40 fields).
 */
export class RecordDrop extends Drop {
  readonly #path: string;
  readonly #values: Record<string, unknown>;
  #read: Map<string, unknown> | null = null;
  constructor(path: string, values: Record<string, unknown>) {
    super();
    this.#path = path;
    this.#values = values;
  }
  override liquidMethodMissing(key: string | number): unknown {
    const name = String(key);
    const hit = this.#read?.get(name);
    if (hit !== undefined) return hit;
    const at = this.#path === '' ? name : `${this.#path}.${name}`;
    const value = Object.hasOwn(this.#values, name) ? this.#values[name] : undefined;
    const out =
      value === null || value === undefined || value === ''
        ? new MissingValue(at)
        : isPlainObject(value)
          ? new RecordDrop(at, value)
          : value;
    this.#read ??= new Map();
    this.#read.set(name, out);
    return out;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
