import { z } from 'zod';
import type { Rng } from '../demo/prng.ts';
import { isRecord } from '../records/json-value.ts';

/** A JSON schema as @fastify/swagger writes it into the OpenAPI document (the parts the fuzzer reads). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** One operation to fuzz: where it lives, its parameters and a plausible body. */
export interface FuzzOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. `/api/v1/accounts/{id}`. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  /** A JSON body that should pass validation, or undefined for an operation without a JSON body. */
  body: unknown;
  /** The operation takes a raw body of this content type instead of JSON (CSV imports). */
  rawBodyType?: string;
  auth: 'bearer' | 'write-key';
}

/** One request of the fuzz run and what it changes, for the failure message. */
export interface FuzzCase {
  operation: FuzzOperation;
  what: string;
  /** Where the change is: `params.id`, `query.limit`, `body.records.0.name`, or `body` for the whole. */
  at: string;
  url: string;
  payload?: string;
  contentType?: string;
}

const MEGABYTE_STRING = 'x'.repeat(1024 * 1024);
/** Text PostgreSQL cannot store; each body string gets one of them (chosen by the seeded stream). */
const UNSAFE_STRINGS: [string, string][] = [
  ['NUL byte', 'a\u0000b'],
  ['lone surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udc00z'],
  ['surrogates in the wrong order', '\udc00\ud800'],
];
const DEEP_LEVELS = 10_000;
/** JSON nested DEEP_LEVELS arrays deep. */
const DEEP_JSON = `${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`;
/** JSON objects nested DEEP_LEVELS deep. */
const DEEP_OBJECT_JSON = `${'{"a":'.repeat(DEEP_LEVELS)}1${'}'.repeat(DEEP_LEVELS)}`;

const SchemaNode: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    $ref: z.string().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    const: z.unknown().optional(),
    default: z.unknown().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    minLength: z.number().optional(),
    minItems: z.number().optional(),
    properties: z.record(z.string(), SchemaNode).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.union([z.boolean(), SchemaNode]).optional(),
    items: SchemaNode.optional(),
    anyOf: z.array(SchemaNode).optional(),
    oneOf: z.array(SchemaNode).optional(),
    allOf: z.array(SchemaNode).optional(),
  }),
);

const OperationShape = z.looseObject({
  parameters: z
    .array(z.looseObject({ in: z.string(), name: z.string(), schema: SchemaNode.optional() }))
    .optional(),
  requestBody: z
    .looseObject({
      content: z.record(z.string(), z.looseObject({ schema: SchemaNode.optional() })).optional(),
    })
    .optional(),
});

const DocShape = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), SchemaNode).optional() }).optional(),
});

const METHODS = new Map<string, FuzzOperation['method']>([
  ['get', 'GET'],
  ['post', 'POST'],
  ['put', 'PUT'],
  ['patch', 'PATCH'],
  ['delete', 'DELETE'],
]);

/**
 * Every operation of an OpenAPI document, with a plausible body sampled from its schema. `idFor`
 * gives the id to use for a uuid path parameter or body field (by the collection segment before it
 * or the field name), so requests reach the handlers instead of stopping at "not found".
 */
export function operationsOf(doc: unknown, idFor: (hint: string) => string): FuzzOperation[] {
  const { paths, components } = DocShape.parse(doc);
  const resolve = (schema: JsonSchema): JsonSchema => {
    const name = schema.$ref?.split('/').pop();
    return name ? (components?.schemas?.[name] ?? {}) : schema;
  };
  const out: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [key, value] of Object.entries(item)) {
      const method = METHODS.get(key);
      const parsed = OperationShape.safeParse(value);
      if (!method || !parsed.success) continue;
      const operation = parsed.data;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const raw = Object.keys(content).find((type) => type !== 'application/json');
      out.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: json ? sample(json, resolve, idFor, '', 0) : undefined,
        ...(raw && !json ? { rawBodyType: raw } : {}),
        auth: 'bearer',
      });
    }
  }
  return out;
}

/** A value that fits a schema: every optional property filled, arrays of one item, enums' first value. */
function sample(
  input: JsonSchema,
  resolve: (schema: JsonSchema) => JsonSchema,
  idFor: (hint: string) => string,
  name: string,
  depth: number,
): unknown {
  const schema = resolve(input);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const chosen = variants.map(resolve).find((v) => v.type !== 'null') ?? variants[0];
    return chosen ? sample(chosen, resolve, idFor, name, depth) : null;
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => sample(part, resolve, idFor, name, depth)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      return sampleString(schema, idFor, name);
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      return Math.min(Math.max(low, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      if (depth > 5 || !schema.items) return [];
      const item = sample(schema.items, resolve, idFor, name, depth + 1);
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 5) return out;
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        out[key] = sample(property, resolve, idFor, key, depth + 1);
      }
      return out;
    }
    default:
      return 'fuzz';
  }
}

function sampleString(schema: JsonSchema, idFor: (hint: string) => string, name: string): string {
  switch (schema.format) {
    case 'uuid':
      return idFor(name);
    case 'email':
      return 'fuzz@example.test';
    case 'date-time':
      return '2026-01-05T10:00:00.000Z';
    case 'date':
      return '2026-01-05';
    case 'uri':
    case 'url':
      return 'https://example.test/page';
    default: {
      const text = 'fuzz'.padEnd(schema.minLength ?? 0, 'z');
      if (!schema.pattern) return text;
      const pattern = new RegExp(schema.pattern);
      return PATTERN_SAMPLES.find((candidate) => pattern.test(candidate)) ?? text;
    }
  }
}

/** Values tried, in order, for a string with a pattern. */
const PATTERN_SAMPLES = ['fuzz', '2026', 'fuzz-view', 'x', '2026-01-05', '1', 'a.b', '#ffffff'];

/** A value of the wrong JSON type for where `value` stands. */
function wrongType(value: unknown, rng: Rng): unknown {
  if (typeof value === 'string') return rng.next() < 0.5 ? 12345 : { nested: 'object' };
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'maybe';
  if (Array.isArray(value)) return 'not an array';
  if (typeof value === 'object' && value !== null) return ['not', 'an', 'object'];
  return true;
}

/** Every leaf (and every object or array) of a JSON value, with its dotted path. */
function places(value: unknown, path: string[], out: { path: string[]; value: unknown }[]): void {
  out.push({ path, value });
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) places(child, [...path, key], out);
}

function withValueAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(root))
    return root.map((item, n) => (String(n) === head ? withValueAt(item, rest, value) : item));
  if (isRecord(root)) return { ...root, [head]: withValueAt(root[head], rest, value) };
  return root;
}

/**
 * The requests of a fuzz run for one operation: its valid form, then one change at a time — bad
 * types, NUL bytes, lone surrogates and 1 MB strings in every path parameter, query parameter and
 * body field (nested ones too), unknown and unsafe keys, deeply nested JSON, malformed JSON, wrong
 * content types.
 */
export function casesOf(operation: FuzzOperation, pathValue: (name: string) => string, rng: Rng): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const urlWith = (params: Record<string, string>, query: string) => {
    let url = operation.path;
    for (const name of operation.pathParams) url = url.replace(`{${name}}`, params[name] ?? pathValue(name));
    return query ? `${url}?${query}` : url;
  };
  const json = (body: unknown) =>
    body === undefined ? {} : { payload: JSON.stringify(body), contentType: 'application/json' };
  const base = (what: string, at: string, extra: Partial<FuzzCase> = {}): FuzzCase => ({
    operation,
    what,
    at,
    url: urlWith({}, ''),
    ...json(operation.body),
    ...extra,
  });
  cases.push(base('valid request', ''));

  for (const name of operation.pathParams) {
    const bad: [string, string][] = [
      ['bad type', 'not-a-valid-id'],
      ['NUL byte', 'a%00b'],
      ['lone surrogate (UTF-8 bytes of U+D800)', 'a%ED%A0%80b'],
      ['long string', 'y'.repeat(5000)],
    ];
    for (const [what, value] of bad)
      cases.push(base(what, `params.${name}`, { url: urlWith({ [name]: value }, '') }));
  }

  for (const { name } of operation.query) {
    const bad: [string, string][] = [
      ['bad type (repeated)', `${name}=1&${name}=2`],
      ['bad value', `${name}=%7B%22not%22%3A%5B%5D%7D`],
      ['NUL byte', `${name}=a%00b`],
      ['lone surrogate (UTF-8 bytes of U+D800)', `${name}=a%ED%A0%80b`],
      ['1 MB string', `${name}=${MEGABYTE_STRING}`],
    ];
    for (const [what, query] of bad) cases.push(base(what, `query.${name}`, { url: urlWith({}, query) }));
  }
  cases.push(base('unknown query parameter', 'query', { url: urlWith({}, 'zzUnknown=1') }));

  if (operation.rawBodyType) {
    cases.push(
      base('NUL byte in the file', 'body', {
        payload: 'name,domain\nA\u0000B,a.example\n',
        contentType: operation.rawBodyType,
      }),
    );
    cases.push(
      base('JSON instead of a file', 'body', { payload: '{"a":1}', contentType: 'application/json' }),
    );
    return cases;
  }
  if (operation.body === undefined) {
    if (operation.method !== 'GET' && operation.method !== 'DELETE') {
      cases.push(
        base('unexpected body', 'body', { payload: '{"a":"\\u0000"}', contentType: 'application/json' }),
      );
    }
    return cases;
  }

  const all: { path: string[]; value: unknown }[] = [];
  places(operation.body, [], all);
  for (const { path, value } of all) {
    const at = ['body', ...path].join('.');
    const change = (what: string, replacement: unknown) =>
      cases.push(base(what, at, json(withValueAt(operation.body, path, replacement))));
    if (path.length > 0) change('bad type', wrongType(value, rng));
    if (typeof value === 'string' || (path.length > 0 && rng.next() < 0.25)) {
      const [what, text] = UNSAFE_STRINGS[rng.uint32() % UNSAFE_STRINGS.length] ?? ['NUL byte', 'a\u0000b'];
      change(what, text);
    }
    if (typeof value === 'string') change('1 MB string', MEGABYTE_STRING);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      change('unknown key', { ...value, zzUnknownKey: 'x' });
      const unsafe: [string, Record<string, unknown>][] = [
        ['NUL byte in a key', { 'bad\u0000key': 'x' }],
        ['lone surrogate in a key', { 'bad\ud800key': 'x' }],
        ['nested NUL byte', { zzNested: { list: [{ deeper: 'a\u0000b' }] } }],
      ];
      const [what, extra] = unsafe[rng.uint32() % unsafe.length] ?? ['unknown key', {}];
      change(what, { ...value, ...extra });
    }
  }
  const deepAt = all.find((p) => p.path.length > 0 && typeof p.value === 'object' && p.value !== null);
  if (deepAt) {
    const at = ['body', ...deepAt.path].join('.');
    const marker = '"__DEEP__"';
    const text = JSON.stringify(withValueAt(operation.body, deepAt.path, '__DEEP__')).replace(
      marker,
      DEEP_OBJECT_JSON,
    );
    cases.push(
      base('10,000 levels of nesting in a field', at, { payload: text, contentType: 'application/json' }),
    );
  }
  cases.push(
    base('10,000 levels of nesting', 'body', { payload: DEEP_JSON, contentType: 'application/json' }),
  );
  cases.push(
    base('10,000 levels of object nesting', 'body', {
      payload: DEEP_OBJECT_JSON,
      contentType: 'application/json',
    }),
  );
  cases.push(
    base('malformed JSON', 'body', { payload: '{"name": "unterminated', contentType: 'application/json' }),
  );
  cases.push(base('empty JSON body', 'body', { payload: '', contentType: 'application/json' }));
  cases.push(base('JSON null', 'body', { payload: 'null', contentType: 'application/json' }));
  cases.push(
    base('a string, not an object', 'body', { payload: '"\\u0000"', contentType: 'application/json' }),
  );
  cases.push(base('wrong content type', 'body', { payload: '<xml/>', contentType: 'application/xml' }));
  return cases;
}
