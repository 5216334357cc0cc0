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
 * field is reported instead of rendering blank.
 */
export class RecordDrop extends Drop {
  readonly #path: string;
  constructor(path: string, values: Record<string, unknown>) {
    super();
    this.#path = path;
    for (const [key, value] of Object.entries(values)) {
      const at = path === '' ? key : `${path}.${key}`;
      this[key] =
        value === null || value === undefined || value === ''
          ? new MissingValue(at)
          : isPlainObject(value)
            ? new RecordDrop(at, value)
            : value;
    }
  }
  override liquidMethodMissing(key: string | number): MissingValue {
    return new MissingValue(this.#path === '' ? String(key) : `${this.#path}.${key}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
