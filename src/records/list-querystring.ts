import { z } from 'zod';
import type { ListFieldMap } from './list-fields.ts';
import { DEFAULT_LIST_LIMIT, LIST_OPERATORS, MAX_LIST_LIMIT } from './parse-list-query.ts';

/**
 * The querystring schema of a list endpoint: the reserved parameters are declared, filters are
 * free-form `field` / `field.op` parameters validated by parseListQuery against the field map.
 */
export function listQuerystring(fields: ListFieldMap, defaultSort: string, search: string) {
  const sortable = Object.entries(fields)
    .filter(([, f]) => f.sortable)
    .map(([name]) => name);
  return z.looseObject({
    sort: z
      .string()
      .optional()
      .describe(
        `One field, \`-\` for descending (nulls last either way). Default ${defaultSort}. Sortable: ${sortable.join(', ')}`,
      ),
    limit: z.string().optional().describe(`Page size 1-${MAX_LIST_LIMIT}, default ${DEFAULT_LIST_LIMIT}`),
    cursor: z.string().optional().describe('`nextCursor` of the previous page (same filters and sort)'),
    q: z.string().optional().describe(`Case-insensitive substring search over ${search}`),
  });
}

/** The OpenAPI description of a list endpoint's filter syntax for a field map. */
export function listDescription(resource: string, fields: ListFieldMap): string {
  const list = Object.entries(fields)
    .map(
      ([name, f]) =>
        `\`${name}\` (${f.type}${f.values ? `: ${f.values.join('|')}` : ''}${f.operators ? `; ${f.operators.join(', ')}` : ''})`,
    )
    .join(', ');
  const joined = Object.entries(fields)
    .filter(([, f]) => f.join)
    .map(([name]) => `\`${name}\``);
  return [
    `Lists ${resource} with flat filter parameters, e.g. \`?industry=Software&country.in=DK,IS&employeeCount.gte=100&annualRevenue.lt=5e6&name.contains=acme&isTarget=true&updatedAt.gte=2026-01-01&sort=-annualRevenue&limit=50\`.`,
    `A parameter is \`field\` (equals) or \`field.op\` with op one of ${LIST_OPERATORS.join(', ')}:`,
    '`ne` (not equal, nulls included), `gt` `gte` `lt` `lte` (numbers, dates, timestamps, text), `in` (comma-separated values),',
    '`contains` (case-insensitive substring, text only), `exists` (`true`/`false`: has a value or not).',
    'List fields (technologies): `eq` = contains the value, `in` = contains any, `exists` = non-empty.',
    'Dates are `YYYY-MM-DD`, timestamps ISO 8601. Unknown fields or operators are a 400 naming the parameter.',
    'Pagination: pass `nextCursor` back as `cursor` with the same filters and sort; `null` means the last page.',
    ...(joined.length > 0
      ? [
          `${joined.join(', ')} come from per-${resource.replace(/s$/, '')} tables: null, and sorted last, where there is no value.`,
        ]
      : []),
    `Fields: ${list}.`,
  ].join(' ');
}
