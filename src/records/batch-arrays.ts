import { randomUUID } from 'node:crypto';
import { buildUpsertSql, type UpsertColumn, type UpsertTableSpec } from './upsert-statement.ts';

/** A written column plus how to read its value from a prepared record (undefined = not provided). */
export interface ColumnDef<R> extends Omit<UpsertColumn, 'bit'> {
  get: (record: R) => unknown;
}

/** The table spec without bits; bits are assigned in column order. */
export interface TableDef<R> extends Omit<UpsertTableSpec, 'columns'> {
  columns: ColumnDef<R>[];
}

/**
 * A compiled upsert shape for one table: the SQL text (built once) and a filler that turns
 * records into the parallel arrays the statement unnests.
 */
export class UpsertShape<R> {
  readonly text: string;
  readonly #def: TableDef<R>;
  readonly #bits: Map<string, number>;

  constructor(def: TableDef<R>) {
    this.#def = def;
    this.#bits = new Map(def.columns.map((c, n) => [c.name, 2 ** n]));
    const columns: UpsertColumn[] = def.columns.map((c, n) => {
      const { get: _get, ...rest } = c;
      return { ...rest, bit: 2 ** n };
    });
    this.text = buildUpsertSql({ ...def, columns }).text;
  }

  /** The mask bit of a column. */
  bit(column: string): number {
    return this.#bits.get(column) ?? 0;
  }

  /** Start an empty batch. */
  batch(): BatchArrays<R> {
    return new BatchArrays(this.#def);
  }
}

/** Column-wise arrays for one statement: ord, mask, new id, inputs, columns. */
export class BatchArrays<R> {
  readonly #def: TableDef<R>;
  readonly ord: number[] = [];
  readonly mask: number[] = [];
  readonly newId: string[] = [];
  readonly inputs: unknown[][];
  readonly columns: unknown[][];

  constructor(def: TableDef<R>) {
    this.#def = def;
    this.inputs = def.inputs.map(() => []);
    this.columns = def.columns.map(() => []);
  }

  get length(): number {
    return this.ord.length;
  }

  /** Add one record; `inputs` in the order of the table's inputs. */
  push(ord: number, record: R, inputs: readonly unknown[]): void {
    let mask = 0;
    this.#def.columns.forEach((c, n) => {
      const value = c.get(record);
      const column = this.columns[n];
      if (!column) return;
      if (value === undefined) {
        column.push(null);
      } else {
        mask |= 2 ** n;
        column.push(value);
      }
    });
    this.ord.push(ord);
    this.mask.push(mask);
    this.newId.push(randomUUID());
    this.inputs.forEach((list, n) => {
      list.push(inputs[n] ?? null);
    });
  }

  /** Statement parameters: workspace, ord, mask, new ids, inputs, columns. */
  parameters(workspaceId: string): unknown[] {
    return [workspaceId, this.ord, this.mask, this.newId, ...this.inputs, ...this.columns];
  }
}

/** JSON text for a jsonb input, or undefined when the value is not provided. */
export function jsonInput(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** Turns a jsonb array input into text[]. */
export const jsonToTextArray = (ref: string): string =>
  `CASE WHEN ${ref} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(${ref})) END`;

/** The CRM identity and extension fields every core record has. */
export interface CrmFields {
  salesforceId?: string | null | undefined;
  hubspotId?: string | null | undefined;
  externalIds?: Record<string, string> | undefined;
  custom?: Record<string, unknown> | undefined;
}

/**
 * The columns shared by accounts, contacts and opportunities, in this order: salesforce_id and
 * hubspot_id (unique per workspace), external_ids and custom (jsonb, merged into what is stored).
 */
export function crmColumns<R>(fields: (record: R) => CrmFields): ColumnDef<R>[] {
  const json = (name: 'external_ids' | 'custom', value: (f: CrmFields) => unknown): ColumnDef<R> => ({
    name,
    input: 'jsonb',
    merge: true,
    insertDefault: `'{}'::jsonb`,
    get: (r) => jsonInput(value(fields(r))),
  });
  return [
    { name: 'salesforce_id', input: 'text', unique: true, get: (r) => fields(r).salesforceId },
    { name: 'hubspot_id', input: 'text', unique: true, get: (r) => fields(r).hubspotId },
    json('external_ids', (f) => f.externalIds),
    json('custom', (f) => f.custom),
  ];
}
