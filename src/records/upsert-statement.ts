/**
 * Builds the one set-based statement every bulk upsert runs per batch: the whole batch arrives as
 * parallel arrays (`unnest($2::int[], $3::text[], …)`), is matched to existing rows, compared with
 * `IS DISTINCT FROM` (so unchanged rows are not rewritten and keep their updated_at), updated,
 * inserted, and reported per input row — one round trip per batch, the same SQL on PGlite and
 * PostgreSQL. The SQL text depends only on the table spec, so it is built once per table.
 */

/**
 * The workspace parameter as the planner learns it only when the statement runs (an init-plan, see
 * plannedWorkspace). Per-row probes (`x.workspace_id = ${PROBE_WORKSPACE} AND x.salesforce_id = …`)
 * use it: with `$1` itself, statistics gathered before the workspace had rows (a new workspace, or a
 * re-import after one was deleted) say it has none, every index leading with workspace_id looks as
 * good as the key's own, and each probe scans the workspace (measured: 6 ms per row, 34 s per batch
 * of 5,000 instead of 0.3 s).
 */
export const PROBE_WORKSPACE = '(SELECT $1::uuid)';

/** One written column of the target table. */
export interface UpsertColumn {
  /** Column name in the table. */
  name: string;
  /** Element type of the input array (`text`, `int`, `numeric`, `bool`, `uuid`, `jsonb`, `date`, `real`). */
  input: string;
  /** Bit in the per-row mask that says "this record provides the column". */
  bit: number;
  /** SQL for the value of a new row when the record does not provide it (default: NULL). */
  insertDefault?: string;
  /** Turns the input reference into the column value (e.g. jsonb → text[]). */
  transform?: (ref: string) => string;
  /** jsonb objects merge into the stored object (`stored || new`) instead of replacing it. */
  merge?: boolean;
  /** A unique column: an update that sets a value held by another row is rejected. */
  unique?: boolean;
  /** Overrides the whole value expression (may use m.*, a.* and the mask). */
  valueSql?: string;
}

/** What differs per table. SQL fragments may use `$1` (the workspace id), `i.*`/`m.*` inputs and `a.*` (stored row). */
export interface UpsertTableSpec {
  table: 'accounts' | 'contacts' | 'opportunities';
  columns: UpsertColumn[];
  /** Extra inputs that are not columns, e.g. the key values to match by. */
  inputs: { name: string; input: string }[];
  /** Expression over `i.*` giving the id of the stored row this record updates, or NULL. */
  existingSql: string;
  /** Extra expressions over `i.*` computed once per row (`expr AS name`). */
  computedSql?: string[];
  /** Extra reject conditions over `v.*` (new values, `old_*` stored values): `[condition, reason]`. */
  rejects?: [string, string][];
  /** Extra expressions over `v.*` that also count as a change (e.g. the account's domain list). */
  changedSql?: string[];
  /** Extra output columns over `r.*`. */
  outputs?: string[];
}

/** Build the upsert statement. Parameters: $1 workspace, $2 ord int[], $3 mask int[], $4 new_id uuid[], then inputs, then columns. */
export function buildUpsertSql(spec: UpsertTableSpec): { text: string; inputCount: number } {
  const inputs = [
    ...spec.inputs.map((x) => ({ name: x.name, input: x.input })),
    ...spec.columns.map((c) => ({ name: `c_${c.name}`, input: c.input })),
  ];
  const arrays = inputs.map((x, n) => `$${n + 5}::${x.input}[]`).join(', ');
  const names = inputs.map((x) => x.name).join(', ');
  const value = (c: UpsertColumn): string => {
    if (c.valueSql) return c.valueSql;
    const given = c.transform ? c.transform(`m.c_${c.name}`) : `m.c_${c.name}`;
    const stored = `a.${c.name}`;
    const fresh = c.insertDefault ?? 'NULL';
    if (c.merge) {
      return `CASE WHEN m.mask & ${c.bit} <> 0 THEN COALESCE(${stored}, '{}'::jsonb) || COALESCE(${given}, '{}'::jsonb) WHEN a.id IS NOT NULL THEN ${stored} ELSE ${fresh} END`;
    }
    const givenOrDefault = c.insertDefault ? `COALESCE(${given}, ${c.insertDefault})` : given;
    return `CASE WHEN m.mask & ${c.bit} <> 0 THEN ${givenOrDefault} WHEN a.id IS NOT NULL THEN ${stored} ELSE ${fresh} END`;
  };
  const cols = spec.columns.map((c) => c.name);
  const uniqueRejects = spec.columns
    .filter((c) => c.unique)
    .map(
      (c) =>
        `WHEN v.existing_id IS NOT NULL AND v.${c.name} IS NOT NULL AND v.${c.name} IS DISTINCT FROM v.old_${c.name} ` +
        `AND EXISTS (SELECT 1 FROM ${spec.table} x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.${c.name} = v.${c.name} AND x.id <> v.existing_id) ` +
        `THEN 'unique:${c.name}'`,
    );
  const extraRejects = (spec.rejects ?? []).map(([cond, reason]) => `WHEN ${cond} THEN '${reason}'`);
  const changed = [
    `(a.${cols.join(', a.')}) IS DISTINCT FROM (r.${cols.join(', r.')})`,
    ...(spec.changedSql ?? []),
  ];
  const text = `
WITH i AS (
  SELECT * FROM unnest($2::int[], $3::int[], $4::uuid[], ${arrays}) AS t(ord, mask, new_id, ${names})
),
m AS MATERIALIZED (
  SELECT i.*, (${spec.existingSql}) AS existing_id${(spec.computedSql ?? []).map((x) => `, ${x}`).join('')} FROM i
),
v AS (
  SELECT m.*,
    row_number() OVER (PARTITION BY m.existing_id ORDER BY m.ord) AS same_rank,
    first_value(m.ord) OVER (PARTITION BY m.existing_id ORDER BY m.ord) AS same_first,
    ${spec.columns.map((c) => `${value(c)} AS ${c.name}, a.${c.name} AS old_${c.name}`).join(',\n    ')}
  FROM m LEFT JOIN ${spec.table} a ON a.workspace_id = $1 AND a.id = m.existing_id
),
r AS (
  SELECT v.*, CASE
    WHEN v.existing_id IS NOT NULL AND v.same_rank > 1 THEN 'same:' || v.same_first
    ${[...extraRejects, ...uniqueRejects].join('\n    ')}
  END AS reject FROM v
),
upd AS (
  UPDATE ${spec.table} a SET (${cols.join(', ')}, updated_at) = (${cols.map((c) => `r.${c}`).join(', ')}, now())
  FROM r
  WHERE a.workspace_id = $1 AND a.id = r.existing_id AND r.reject IS NULL AND (${changed.join(' OR ')})
  RETURNING a.id
),
ins AS (
  INSERT INTO ${spec.table} (workspace_id, id, ${cols.join(', ')})
  SELECT $1, r.new_id, ${cols.map((c) => `r.${c}`).join(', ')} FROM r WHERE r.existing_id IS NULL AND r.reject IS NULL
  ON CONFLICT DO NOTHING
  RETURNING id
)
SELECT r.ord, r.reject, COALESCE(r.existing_id, r.new_id) AS id,
  CASE WHEN r.reject IS NOT NULL THEN 'rejected'
       WHEN r.existing_id IS NULL THEN CASE WHEN ins.id IS NULL THEN 'conflict' ELSE 'inserted' END
       WHEN upd.id IS NOT NULL THEN 'updated' ELSE 'unchanged' END AS outcome${(spec.outputs ?? []).map((x) => `, ${x}`).join('')}
FROM r LEFT JOIN upd ON upd.id = r.existing_id LEFT JOIN ins ON ins.id = r.new_id
ORDER BY r.ord`;
  return { text, inputCount: inputs.length };
}
