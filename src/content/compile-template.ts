import type { Template } from 'liquidjs';
import { type BlockVariant, StoredVariantsSchema } from './block-fields.ts';
import { htmlToText } from './html-to-text.ts';
import { type CompiledVariant, contentEngine, type PartKind } from './liquid-engine.ts';
import { RecordDrop } from './missing-value.ts';
import type { RecipientContext } from './recipient-context.ts';
import type { RenderedMessage } from './rendered-message.ts';

/** The parts of a template as written. */
export interface TemplateSource {
  subject: string;
  preheader: string;
  html: string;
  /** The plain-text part as written; null to generate it from the HTML. */
  text: string | null;
  locale: string;
}

/** A block as rendering needs it. */
export interface BlockSource {
  key: string;
  variants: unknown;
}

/** A template (or block) that does not parse or render; `field` names the part, e.g. `html` or `blocks.intro.variants.1.body`. */
export class TemplateError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
    this.name = 'TemplateError';
  }
}

/** A template parsed once, with the blocks it inserts, ready to render for many recipients. */
export interface CompiledTemplate {
  subject: Template[];
  preheader: Template[];
  html: Template[];
  text: Template[] | null;
  locale: string;
  blocks: ReadonlyMap<string, readonly CompiledVariant[]>;
}

/** What a render adds to the recipient: the play, the workspace, the unsubscribe link, today. */
export interface RenderExtras {
  play: Record<string, unknown>;
  workspace: Record<string, unknown>;
  unsubscribeUrl: string | null;
  today: string;
}

function parse(source: string, kind: PartKind, field: string): Template[] {
  try {
    return contentEngine.parse(source, kind);
  } catch (e) {
    throw new TemplateError(field, e instanceof Error ? e.message : String(e));
  }
}

/** Parse a template's parts and its blocks' variants (throws {@link TemplateError} naming the part). */
export function compileTemplate(source: TemplateSource, blocks: readonly BlockSource[]): CompiledTemplate {
  const compiledBlocks = new Map<string, CompiledVariant[]>();
  for (const block of blocks) {
    const parsed = StoredVariantsSchema.safeParse(block.variants);
    const variants: BlockVariant[] = parsed.success ? parsed.data : [];
    compiledBlocks.set(
      block.key,
      variants.map((v, i) => ({
        name: v.name,
        when: v.when,
        templates: parse(v.body, 'html', `blocks.${block.key}.variants.${i}.body`),
      })),
    );
  }
  return {
    subject: parse(source.subject, 'plain', 'subject'),
    preheader: parse(source.preheader, 'plain', 'preheader'),
    html: parse(source.html, 'html', 'html'),
    text: source.text === null || source.text.trim() === '' ? null : parse(source.text, 'plain', 'text'),
    locale: source.locale,
    blocks: compiledBlocks,
  };
}

const PREHEADER_STYLE = 'display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all';
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Put the preheader, hidden, first in the body (where inbox previews read it). */
function withPreheader(html: string, preheader: string): string {
  if (preheader === '') return html;
  const div = `<div data-preheader style="${PREHEADER_STYLE}">${preheader.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  return body
    ? `${html.slice(0, body.index + body[0].length)}${div}${html.slice(body.index + body[0].length)}`
    : `${div}${html}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Render a compiled template for one recipient (throws {@link TemplateError} when a part fails to render). */
export function renderCompiled(
  compiled: CompiledTemplate,
  recipient: RecipientContext,
  extras: RenderExtras,
): Omit<RenderedMessage, 'templateId' | 'templateVersion'> {
  const scope = {
    contact: new RecordDrop('contact', recipient.contact),
    account: new RecordDrop('account', recipient.account),
    owner: new RecordDrop('owner', recipient.owner),
    play: new RecordDrop('play', extras.play),
    workspace: new RecordDrop('workspace', extras.workspace),
    unsubscribe_url: extras.unsubscribeUrl,
    today: extras.today,
  };
  const missing = new Set<string>();
  const env = { missing, facts: recipient.facts, blocks: compiled.blocks, locale: compiled.locale };
  const run = (templates: Template[], kind: PartKind, part: 'html' | 'text', field: string): string => {
    try {
      return contentEngine.render(templates, kind, new RecordDrop('', scope), { ...env, part });
    } catch (e) {
      throw new TemplateError(field, e instanceof Error ? e.message : String(e));
    }
  };
  const subject = oneLine(run(compiled.subject, 'plain', 'text', 'subject'));
  const preheader = oneLine(run(compiled.preheader, 'plain', 'text', 'preheader'));
  const html = run(compiled.html, 'html', 'html', 'html');
  const text = compiled.text ? run(compiled.text, 'plain', 'text', 'text').trim() : htmlToText(html);
  return {
    subject,
    preheader,
    html: withPreheader(html, preheader),
    text,
    missingVariables: [...missing].sort(),
  };
}
