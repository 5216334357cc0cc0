import type { Kysely } from 'kysely';
import { Liquid } from 'liquidjs';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import type { RenderedMessage, RenderForContact } from './rendered-message.ts';

/** A message written with the send (no stored template): LiquidJS text with contact and account variables. */
export const InlineContentSchema = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  preheader: z.string().max(300).default(''),
  html: z.string().min(1).max(500_000),
  /** The plain-text part; generated from the HTML when absent. */
  text: z.string().max(500_000).optional(),
});
export type InlineContent = z.infer<typeof InlineContentSchema>;

// HTML output is escaped by default: an account named `<script>` arrives as text, not markup.
const htmlEngine = new Liquid({ outputEscape: 'escape', cache: true });
const textEngine = new Liquid({ cache: true });

/** Plain text from HTML: tags dropped, links kept as "text (url)", entities decoded, blank lines folded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d{1,6});/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type Scope = {
  contact: Record<string, string | null>;
  account: Record<string, string | null>;
};

/** A renderer that can load many recipients' data in one query before rendering them. */
export type PrimedRenderer = RenderForContact & { prime(contactIds: readonly string[]): Promise<void> };

/**
 * A renderer for inline content: `{{ contact.firstName }}`, `{{ account.name }}` and the other
 * contact and account fields below; a variable without a value is reported in `missingVariables`.
 * `prime(ids)` loads many recipients at once (the sender primes each round's recipients).
 */
export function inlineRenderer(db: Kysely<DB>, workspaceId: string, content: InlineContent): PrimedRenderer {
  const scopes = new Map<string, Scope>();
  const load = async (ids: readonly string[]) => {
    const missing = ids.filter((id) => !scopes.has(id));
    if (missing.length === 0) return;
    const rows = await db
      .selectFrom('contacts as c')
      .leftJoin('accounts as a', (j) =>
        j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
      )
      .select([
        'c.id',
        'c.first_name',
        'c.last_name',
        'c.email',
        'c.title',
        'c.country as contact_country',
        'a.name as account_name',
        'a.domain',
        'a.industry',
        'a.country as account_country',
        'a.city',
      ])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', 'in', missing)
      .execute();
    for (const row of rows) {
      scopes.set(row.id, {
        contact: {
          firstName: row.first_name,
          lastName: row.last_name,
          email: row.email,
          title: row.title,
          country: row.contact_country,
        },
        account: {
          name: row.account_name,
          domain: row.domain,
          industry: row.industry,
          country: row.account_country,
          city: row.city,
        },
      });
    }
  };
  const variables = [content.subject, content.preheader, content.html, content.text ?? ''].flatMap((source) =>
    [...source.matchAll(/\{\{\s*(contact|account)\.(\w+)/g)].flatMap((m) =>
      m[1] && m[2]
        ? [{ group: m[1] === 'contact' ? ('contact' as const) : ('account' as const), field: m[2] }]
        : [],
    ),
  );
  const render = async (contactId: string): Promise<RenderedMessage> => {
    await load([contactId]);
    const scope = scopes.get(contactId) ?? { contact: {}, account: {} };
    scopes.delete(contactId);
    const missing = new Set(
      variables.filter((v) => scope[v.group][v.field] == null).map((v) => `${v.group}.${v.field}`),
    );
    const html = await htmlEngine.parseAndRender(content.html, scope);
    return {
      subject: (await textEngine.parseAndRender(content.subject, scope)).replace(/[\r\n]+/g, ' ').trim(),
      preheader: await textEngine.parseAndRender(content.preheader, scope),
      html,
      text: content.text ? await textEngine.parseAndRender(content.text, scope) : htmlToText(html),
      missingVariables: [...missing],
    };
  };
  return Object.assign(render, { prime: load });
}
