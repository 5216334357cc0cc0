import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';

const ASCII_HOST = /^[a-z0-9.-]+$/;

/**
 * The registrable domain of a website, URL, host or email domain, lower-case and in punycode
 * (`https://www.US.Acme.co.uk:8080/x` → `acme.co.uk`, `bücher.de` → `xn--bcher-kva.de`).
 * Returns null for anything that has no registrable domain (IPs, `localhost`, garbage).
 *
 * @example
 * normalizeDomain('http://shop.acme.com/path') // 'acme.com'
 */
export function normalizeDomain(input: string | null | undefined): string | null {
  if (!input) return null;
  let text = input.trim().toLowerCase();
  if (!text || text.length > 2048) return null;
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  text = text.split(/[/?#]/, 1)[0] ?? '';
  text = text.replace(/:\d*$/, '').replace(/\.$/, '');
  if (!text || /\s/.test(text)) return null;
  const ascii = ASCII_HOST.test(text) ? text : domainToASCII(text);
  if (!ascii) return null;
  const parsed = parse(ascii, { allowPrivateDomains: false });
  if (parsed.isIp || !parsed.domain || !parsed.isIcann) return null;
  return parsed.domain;
}

/** The domain part of an email, lower-case punycode, or null when the email is not valid enough. */
export function emailDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  const raw = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  const host = ASCII_HOST.test(raw) && !raw.startsWith('.') && !raw.includes('..') ? raw : domainToASCII(raw);
  return host || null;
}

/** A punycode domain for people to read (`xn--bcher-kva.de` → `bücher.de`); unchanged when not IDN. */
export function displayDomain(domain: string): string {
  return domainToUnicode(domain) || domain;
}
