import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import type { BlockVariant } from './block-fields.ts';
import {
  type BlockSource,
  compileTemplate,
  renderCompiled,
  TemplateError,
  type TemplateSource,
} from './compile-template.ts';
import { loadBlocksFor } from './load-template.ts';
import { emptyRecipient } from './preview-recipient.ts';

const TRIAL_EXTRAS = {
  play: {},
  workspace: {},
  unsubscribeUrl: 'https://example.invalid/unsubscribe',
  today: '2026-01-01',
};

function problem(path: string, message: string): HttpProblem {
  return new HttpProblem(400, 'Bad request', { detail: `${path}: ${message}`, errors: [{ path, message }] });
}

/**
 * Parse a template with the blocks it inserts and render it once for a recipient with no data, so a
 * syntax error, an unknown filter or tag, or a render over the time or memory limit (a runaway loop)
 * is a 400 naming the part (`body.html`) rather than a failure at send time.
 */
export async function validateTemplateSource(
  db: Kysely<DB>,
  workspaceId: string,
  source: TemplateSource,
): Promise<void> {
  const blocks = await loadBlocksFor(db, workspaceId, [
    source.subject,
    source.preheader,
    source.html,
    source.text ?? '',
  ]);
  try {
    renderCompiled(compileTemplate(source, blocks), emptyRecipient(), TRIAL_EXTRAS);
  } catch (e) {
    if (e instanceof TemplateError) throw problem(`body.${e.field}`, e.message);
    throw e;
  }
}

/**
 * Check a block's variants the same way: each variant's body parsed and rendered on its own, with
 * the block itself (as it is about to be saved) and the blocks it inserts, so a block that inserts
 * itself fails on the nesting limit. Errors name `body.variants.N.body`.
 */
export async function validateBlockVariants(
  db: Kysely<DB>,
  workspaceId: string,
  key: string,
  variants: readonly BlockVariant[],
): Promise<void> {
  const others = await loadBlocksFor(
    db,
    workspaceId,
    variants.map((v) => v.body),
  );
  const blocks: BlockSource[] = [...others.filter((b) => b.key !== key), { key, variants }];
  for (const [i, variant] of variants.entries()) {
    const field = `body.variants.${i}.body`;
    try {
      const compiled = compileTemplate(
        { subject: '', preheader: '', html: variant.body, text: null, locale: 'en-US' },
        blocks,
      );
      renderCompiled(compiled, emptyRecipient(), TRIAL_EXTRAS);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      const ownPrefix = `blocks.${key}.`;
      const own = e.field.startsWith(ownPrefix) ? `body.${e.field.slice(ownPrefix.length)}` : null;
      throw problem(own ?? field, e.field === 'html' || own ? e.message : `${e.field}: ${e.message}`);
    }
  }
}
