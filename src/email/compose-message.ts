import type { Kysely } from 'kysely';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { DB } from '../db/schema.ts';
import { openPixelUrl, signEmailLink } from '../email-tracking/tracking-token.ts';
import type { EmailSettings } from './email-settings.ts';
import type { RenderedMessage } from './rendered-message.ts';
import { signUnsubscribeToken } from './unsubscribe-token.ts';

/** The send a message is composed for. */
export interface ComposeSend {
  id: string;
  workspaceId: string;
  email: string;
  contactId: string | null;
  batchId: string;
  kind: 'marketing' | 'transactional' | 'test';
}

export interface ComposedMessage {
  /** Our Message-ID, `<send id@from domain>`: bounces and complaints quote it. */
  messageId: string;
  mail: Mail.Options;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The message as it goes out: the rendered HTML and text, a hidden preheader, a visible
 * unsubscribe link in both parts, links rewritten to signed click-tracking links and an open pixel
 * (for sends to contacts), and the headers the 2024 bulk-sender rules ask for — `List-Unsubscribe`
 * with the https one-click URL and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` — plus our
 * `Message-ID` and `X-OpenABM-Send` so bounces and complaints find the send.
 */
export async function composeMessage(
  db: Kysely<DB>,
  settings: EmailSettings,
  send: ComposeSend,
  rendered: RenderedMessage,
): Promise<ComposedMessage> {
  const base = settings.publicUrl.replace(/\/+$/, '');
  const fromDomain = settings.from.address.split('@')[1] ?? 'localhost';
  const messageId = `<${send.id}@${fromDomain}>`;
  let html = rendered.html;
  let unsubscribeUrl: string | null = null;
  if (send.contactId) {
    const token = await signUnsubscribeToken(db, { w: send.workspaceId, c: send.contactId, s: send.id });
    unsubscribeUrl = `${base}/u/${token}`;
    const link = {
      workspaceId: send.workspaceId,
      contactId: send.contactId,
      messageId,
      campaignId: send.batchId,
    };
    // A template that placed its own unsubscribe link ({{ unsubscribe_url }}) gets no second one.
    const ownLink = html.includes(`${base}/u/`);
    // Unsubscribe links stay direct: a tracking redirect in front of them helps nobody.
    html = await rewriteLinks(html, (url) =>
      url.startsWith(`${base}/u/`) ? Promise.resolve(url) : signEmailLink(db, base, link, url),
    );
    const pixel = await openPixelUrl(db, base, link);
    html = appendToBody(
      html,
      (ownLink
        ? ''
        : `<p style="font-size:12px;color:#666">You receive this because of your work with us. ` +
          `<a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe or choose topics</a></p>`) +
        `<img src="${escapeHtml(pixel)}" width="1" height="1" alt="" style="display:none">`,
    );
  }
  // The content library's renderer places the preheader itself (`data-preheader`).
  if (rendered.preheader && !html.includes('data-preheader')) {
    html = prependToBody(
      html,
      `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(rendered.preheader)}</div>`,
    );
  }
  const text = unsubscribeUrl
    ? `${rendered.text}\n\n--\nUnsubscribe or choose topics: ${unsubscribeUrl}\n`
    : rendered.text;
  const headers: Record<string, string> = { 'X-OpenABM-Send': send.id };
  if (unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    messageId,
    mail: {
      from: { name: settings.from.name, address: settings.from.address },
      ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
      to: send.email,
      subject: rendered.subject.replace(/[\r\n]+/g, ' '),
      messageId,
      html,
      text,
      headers,
    },
  };
}

/** Rewrite every absolute http(s) href of an anchor through `sign` (left alone when it cannot be signed). */
async function rewriteLinks(html: string, sign: (url: string) => Promise<string>): Promise<string> {
  const pattern = /(<a\b[^>]*?\bhref\s*=\s*")(https?:\/\/[^"]+)(")/gi;
  const parts: string[] = [];
  let last = 0;
  for (const match of html.matchAll(pattern)) {
    const [whole, before, url, after] = match;
    if (before === undefined || url === undefined || after === undefined) continue;
    parts.push(html.slice(last, match.index), before);
    const target = url.replace(/&amp;/g, '&');
    try {
      parts.push(escapeHtml(await sign(target)), after);
    } catch {
      parts.push(url, after);
    }
    last = match.index + whole.length;
  }
  parts.push(html.slice(last));
  return parts.join('');
}

function appendToBody(html: string, footer: string): string {
  const at = html.search(/<\/body>/i);
  return at < 0 ? `${html}\n${footer}` : `${html.slice(0, at)}${footer}${html.slice(at)}`;
}

function prependToBody(html: string, header: string): string {
  const match = /<body[^>]*>/i.exec(html);
  if (!match) return `${header}${html}`;
  const at = match.index + match[0].length;
  return `${html.slice(0, at)}${header}${html.slice(at)}`;
}
