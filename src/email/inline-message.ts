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

/**
 * A renderer for inline content: `{{ contact.firstName }}`, `{{ account.name }}` and the other
 * contact and account fields below; a variable without a value is reported in `missingVariables`.
 */
export function inlineRenderer(
  db: Kysely<DB>,
  workspaceId: string,
  content: InlineContent,
): RenderForContact {
  return async (contactId: string): Promise<RenderedMessage> => {
    const row = await db
      .selectFrom('contacts as c')
      .leftJoin('accounts as a', (j) =>
        j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
      )
      .select([
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
      .where('c.id', '=', contactId)
      .executeTakeFirst();
    const scope = {
      contact: {
        firstName: row?.first_name ?? null,
        lastName: row?.last_name ?? null,
        email: row?.email ?? null,
        title: row?.title ?? null,
        country: row?.contact_country ?? null,
      },
      account: {
        name: row?.account_name ?? null,
        domain: row?.domain ?? null,
        industry: row?.industry ?? null,
        country: row?.account_country ?? null,
        city: row?.city ?? null,
      },
    };
    const missing = new Set<string>();
    for (const source of [content.subject, content.preheader, content.html, content.text ?? '']) {
      for (const match of source.matchAll(/\{\{\s*(contact|account)\.(\w+)/g)) {
        const [, group, field] = match;
        const values: Record<string, unknown> = group === 'contact' ? scope.contact : scope.account;
        if (field && values[field] == null) missing.add(`${group}.${field}`);
      }
    }
    const html = await htmlEngine.parseAndRender(content.html, scope);
    return {
      subject: (await textEngine.parseAndRender(content.subject, scope)).replace(/[\r\n]+/g, ' ').trim(),
      preheader: await textEngine.parseAndRender(content.preheader, scope),
      html,
      text: content.text ? await textEngine.parseAndRender(content.text, scope) : htmlToText(html),
      missingVariables: [...missing],
    };
  };
}
