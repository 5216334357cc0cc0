import { FIELD_TABLE, type FieldType, fieldForLabel, type ImportKind, looseLabel } from './field-aliases.ts';
import { ImportFileError } from './read-csv.ts';

/** How one column of the file is used. */
export interface ColumnMapping {
  header: string;
  index: number;
  /** Target field (`name`, `custom.segment`, …) or null when the column is not imported. */
  field: string | null;
  type: FieldType;
  how: 'auto' | 'override' | 'skipped' | 'unmapped' | 'duplicate';
}

/** Fields that can also be named directly in `--map` (the file's `Id`-like columns resolve to them by shape). */
const DIRECT: Record<ImportKind, Record<string, FieldType>> = {
  accounts: { id: 'uuid', parentId: 'uuid', ownerId: 'uuid' },
  contacts: { id: 'uuid', accountId: 'uuid', ownerId: 'uuid' },
  opportunities: { id: 'uuid', accountId: 'uuid', ownerId: 'uuid' },
  activities: {},
};

/** At least one column of each group must be mapped (besides the fields marked required). */
const ONE_OF: Record<ImportKind, string[][]> = {
  accounts: [],
  contacts: [['email', 'anyId', 'id', 'salesforceId', 'hubspotId']],
  opportunities: [['anyId', 'id', 'salesforceId', 'hubspotId']],
  activities: [],
};

const PREFIXES: Record<ImportKind, string[]> = {
  accounts: ['custom.', 'externalIds.'],
  contacts: ['custom.', 'externalIds.'],
  opportunities: ['custom.', 'externalIds.'],
  activities: ['properties.', 'custom.'],
};

/** The value type of a target field, or undefined when the kind has no such field. */
export function fieldType(kind: ImportKind, field: string): FieldType | undefined {
  const def = FIELD_TABLE[kind][field];
  if (def) return def.type;
  const direct = DIRECT[kind][field];
  if (direct) return direct;
  const prefix = PREFIXES[kind].find((p) => field.startsWith(p) && field.length > p.length);
  return prefix ? 'text' : undefined;
}

/**
 * Parse `--map "Header=field,Other=custom.foo,Skip="` (an empty target skips the column).
 * Headers containing `,` or `=` can be quoted: `"A, b"=name`.
 */
export function parseMapOption(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  const pairs = text.match(/(?:"[^"]*"|[^,])+/g) ?? [];
  for (const pair of pairs) {
    const m = /^\s*("([^"]*)"|[^=]*?)\s*=\s*(.*?)\s*$/.exec(pair);
    if (!m) throw new ImportFileError(`--map: "${pair}" is not Header=field`);
    out[m[2] ?? m[1] ?? ''] = m[3] ?? '';
  }
  return out;
}

/**
 * Map the file's headers to fields: `overrides` first (exact or loose header match), then the alias
 * table. Throws ImportFileError for an unknown override target; lists required fields no column maps to.
 */
export function mapColumns(
  kind: ImportKind,
  headers: readonly string[],
  overrides: Record<string, string> = {},
): { columns: ColumnMapping[]; unmapped: string[]; missing: string[] } {
  const byLoose = new Map(Object.entries(overrides).map(([h, f]) => [looseLabel(h), f]));
  const used = new Set(
    Object.keys(overrides).filter(
      (h) => !headers.includes(h) && !headers.some((x) => looseLabel(x) === looseLabel(h)),
    ),
  );
  if (used.size > 0) {
    throw new ImportFileError(
      `--map names columns the file does not have: ${[...used].join(', ')} (it has: ${headers.join(', ')})`,
    );
  }
  const taken = new Set<string>();
  const columns = headers.map((header, index): ColumnMapping => {
    const override = overrides[header] ?? byLoose.get(looseLabel(header));
    if (override !== undefined) {
      if (override === '') return { header, index, field: null, type: 'text', how: 'skipped' };
      const type = fieldType(kind, override);
      if (!type) {
        const known = [
          ...Object.keys(FIELD_TABLE[kind]).filter((f) => !f.startsWith('any')),
          ...Object.keys(DIRECT[kind]),
        ];
        throw new ImportFileError(
          `--map: "${override}" is not a ${kind} field (use one of ${known.join(', ')}, or ${PREFIXES[kind].map((p) => `${p}<name>`).join(' / ')})`,
        );
      }
      taken.add(override);
      return { header, index, field: override, type, how: 'override' };
    }
    return { header, index, field: null, type: 'text', how: 'unmapped' };
  });
  for (const column of columns) {
    if (column.how !== 'unmapped') continue;
    const field = fieldForLabel(kind, column.header);
    if (!field) continue;
    if (taken.has(field)) {
      column.how = 'duplicate';
      continue;
    }
    taken.add(field);
    column.field = field;
    column.type = fieldType(kind, field) ?? 'text';
    column.how = 'auto';
  }
  const missing: string[] = [];
  for (const [field, def] of Object.entries(FIELD_TABLE[kind])) {
    if (def.required && !taken.has(field)) {
      const examples = [field, ...def.aliases.slice(0, 3)].map((x) => `"${x}"`).join(', ');
      missing.push(`${field} (a column such as ${examples})`);
    }
  }
  for (const group of ONE_OF[kind]) {
    if (!group.some((f) => taken.has(f))) {
      missing.push(`one of ${group.filter((f) => !f.startsWith('any')).join(', ')} (to match ${kind} on)`);
    }
  }
  const unmapped = columns.filter((c) => c.how === 'unmapped' || c.how === 'duplicate').map((c) => c.header);
  return { columns, unmapped, missing };
}

/** Throw the clear "missing required column" error when `missing` is not empty. */
export function assertRequiredColumns(
  kind: ImportKind,
  headers: readonly string[],
  missing: readonly string[],
): void {
  if (missing.length === 0) return;
  throw new ImportFileError(
    `Missing required column${missing.length > 1 ? 's' : ''} for ${kind}: ${missing.join('; ')}. ` +
      `The file has: ${headers.join(', ')}. Use --map "Header=field" to map a column.`,
  );
}
