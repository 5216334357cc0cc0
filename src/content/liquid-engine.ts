import {
  type Context,
  type Emitter,
  type FilterImplOptions,
  type FS,
  Liquid,
  Tag,
  type TagToken,
  type Template,
  type TopLevelToken,
  toValue,
} from 'liquidjs';
import type { VariantWhen } from './block-fields.ts';
import { chooseVariant, type RecipientFacts } from './choose-variant.ts';
import { htmlToText } from './html-to-text.ts';
import { formatDate, formatMoney, formatNumber } from './locale-filters.ts';
import { MissingValue } from './missing-value.ts';

/** Limits that keep one template from taking the server down (see liquidjs' DoS options). */
export const RENDER_LIMITS = {
  /** Characters parsed in one parse call. */
  parseLimit: 400_000,
  /** Milliseconds for one render of one part. */
  renderLimit: 500,
  /** Objects one render may create (ranges, joins, …). */
  memoryLimit: 5_000_000,
  /** Blocks inserted inside blocks, at most this deep. */
  blockDepth: 8,
} as const;

/** A block variant compiled for rendering. */
export interface CompiledVariant {
  name: string;
  when: VariantWhen;
  templates: Template[];
}

/** The state of the render in progress (renders are synchronous, so one at a time per process). */
interface RenderState {
  part: 'html' | 'text';
  missing: Set<string>;
  facts: RecipientFacts;
  blocks: ReadonlyMap<string, readonly CompiledVariant[]>;
  locale: string;
  depth: number;
}
let state: RenderState | null = null;

function current(): RenderState {
  if (!state) throw new Error('content templates render only through ContentEngine.render');
  return state;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text of an output value; a missing value is recorded and renders as nothing. */
function outputText(value: unknown): string {
  if (value instanceof MissingValue) {
    state?.missing.add(value.path);
    return '';
  }
  const v = toValue(value);
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => outputText(x)).join(', ');
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function escapeHtml(value: unknown): string {
  return outputText(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => Promise.reject(new Error(`templates cannot read files (${file})`)),
  readFileSync: (file) => {
    throw new Error(`templates cannot read files (${file})`);
  },
  resolve: (_dir, file) => file,
};

/** `{% insert "key" %}`: the shared block's variant for this recipient. */
class InsertTag extends Tag {
  readonly key: string;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    const m = /^\s*(["'])([a-z0-9][a-z0-9_-]*)\1\s*$/.exec(token.args);
    if (!m?.[2]) throw new Error('insert takes a block key in quotes, e.g. {% insert "intro" %}');
    this.key = m[2];
  }
  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const s = current();
    const variant = chooseVariant(s.blocks.get(this.key) ?? [], s.facts);
    if (!variant) {
      s.missing.add(`block:${this.key}`);
      return;
    }
    if (s.depth >= RENDER_LIMITS.blockDepth)
      throw new Error(
        `blocks are inserted more than ${RENDER_LIMITS.blockDepth} deep (does "${this.key}" insert itself?)`,
      );
    s.depth++;
    try {
      if (s.part === 'html') {
        yield this.liquid.renderer.renderTemplates(variant.templates, ctx, emitter);
      } else {
        const html = yield this.liquid.renderer.renderTemplates(variant.templates, ctx);
        emitter.write(htmlToText(typeof html === 'string' ? html : ''));
      }
    } finally {
      s.depth--;
    }
  }
}

/** Keys of the blocks a Liquid source inserts. */
export function insertedBlockKeys(source: string): string[] {
  const keys = new Set<string>();
  for (const m of source.matchAll(/\{%-?\s*insert\s+(["'])([a-z0-9][a-z0-9_-]*)\1/g))
    if (m[2]) keys.add(m[2]);
  return [...keys];
}

/** Let a missing value pass through a filter unchanged, so its output is still reported. */
function passMissing(name: string, impl: FilterImplOptions): FilterImplOptions {
  if (name === 'default') return impl;
  const handler = typeof impl === 'function' ? impl : impl.handler;
  if (!handler) return impl;
  const wrapped: typeof handler = function (
    this: ThisParameterType<typeof handler>,
    value: unknown,
    ...args: unknown[]
  ) {
    if (value instanceof MissingValue) return value;
    for (const arg of args) if (arg instanceof MissingValue) return arg;
    return handler.call(this, value, ...args);
  };
  return typeof impl === 'function' ? wrapped : { ...impl, handler: wrapped };
}

function makeLiquid(escapeOutput: (value: unknown) => string): Liquid {
  const liquid = new Liquid({
    outputEscape: escapeOutput,
    strictFilters: true,
    ownPropertyOnly: true,
    fs: NO_FILES,
    relativeReference: false,
    parseLimit: RENDER_LIMITS.parseLimit,
    renderLimit: RENDER_LIMITS.renderLimit,
    memoryLimit: RENDER_LIMITS.memoryLimit,
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete liquid.tags[tag];
  liquid.registerTag('insert', InsertTag);
  liquid.registerFilter('format_date', (v: unknown, style?: unknown, locale?: unknown) =>
    formatDate(v, style, locale, current().locale),
  );
  liquid.registerFilter('money', (v: unknown, currency?: unknown, locale?: unknown) =>
    formatMoney(v, currency, locale, current().locale),
  );
  liquid.registerFilter('format_number', (v: unknown, decimals?: unknown, locale?: unknown) =>
    formatNumber(v, decimals, locale, current().locale),
  );
  for (const [name, impl] of Object.entries(liquid.filters))
    liquid.registerFilter(name, passMissing(name, impl));
  // `raw` skips the escape function, so a missing value it passes is reported here.
  liquid.registerFilter('raw', { raw: true, handler: (v: unknown) => outputText(v) });
  return liquid;
}

/** Where a template's source goes: HTML is escaped, subject, preheader and text are not. */
export type PartKind = 'html' | 'plain';

/**
 * The Liquid set-up of content templates: output HTML-escaped in HTML parts and not in plain ones,
 * no file access (`include`, `render`, `layout` removed), unknown filters rejected, parse, time and
 * memory limits, locale filters (`format_date`, `money`, `format_number`), `{% insert "key" %}` for
 * shared blocks, and missing values reported.
 */
export class ContentEngine {
  readonly #html = makeLiquid(escapeHtml);
  readonly #plain = makeLiquid(outputText);

  /** Parse a source (throws liquidjs' errors with line and column). */
  parse(source: string, kind: PartKind): Template[] {
    return (kind === 'html' ? this.#html : this.#plain).parse(source);
  }

  /** Render parsed templates for one recipient; missing variables are added to `missing`. */
  render(
    templates: Template[],
    kind: PartKind,
    scope: object,
    env: {
      part: 'html' | 'text';
      missing: Set<string>;
      facts: RecipientFacts;
      blocks: ReadonlyMap<string, readonly CompiledVariant[]>;
      locale: string;
    },
  ): string {
    const previous = state;
    state = { ...env, depth: 0 };
    try {
      const out: unknown = (kind === 'html' ? this.#html : this.#plain).renderSync(templates, scope, {
        globals: scope,
      });
      return typeof out === 'string' ? out : outputText(out);
    } finally {
      state = previous;
    }
  }
}

/** The engine every renderer of this process shares. */
export const contentEngine = new ContentEngine();
