import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { emailDomain, normalizeDomain } from './normalize-domain.ts';

/** What kind of address an email is, for matching purposes. */
export type EmailKind = 'invalid' | 'disposable' | 'free' | 'work';

/** An email split and classified. */
export interface EmailClass {
  kind: EmailKind;
  /** Lower-case local part (before `@`), or null when invalid. */
  local: string | null;
  /** Full host in punycode (`us.acme.com`), or null. */
  host: string | null;
  /** Registrable domain (`acme.com`), or null. */
  domain: string | null;
  /** A shared mailbox rather than a person (`info@`, `sales@`). */
  role: boolean;
}

/** Shared mailboxes: they belong to a company but identify no person. */
const ROLE_LOCAL_PARTS = new Set([
  'info',
  'sales',
  'contact',
  'contactus',
  'hello',
  'hi',
  'support',
  'help',
  'admin',
  'administrator',
  'office',
  'mail',
  'email',
  'enquiries',
  'enquiry',
  'inquiries',
  'inquiry',
  'marketing',
  'billing',
  'accounts',
  'accounting',
  'finance',
  'invoice',
  'invoices',
  'hr',
  'jobs',
  'careers',
  'recruiting',
  'press',
  'media',
  'pr',
  'legal',
  'privacy',
  'security',
  'abuse',
  'postmaster',
  'hostmaster',
  'webmaster',
  'noreply',
  'no-reply',
  'donotreply',
  'team',
  'service',
  'services',
  'customerservice',
  'orders',
  'order',
  'shop',
  'store',
  'booking',
  'reception',
  'kontakt',
  'post',
  'salg',
  'mottak',
  'postur',
  'verkauf',
  'vertrieb',
  'info.de',
  'ventas',
  'contacto',
  'bonjour',
]);

let lists: { free: Set<string>; disposable: Set<string>; disposableWildcards: Set<string> } | undefined;

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#'));
  } catch {
    return [];
  }
}

function readJsonList(path: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The maintained lists: `freemail` (its free.txt is webmail, its disposable.txt throwaway services) and
 * `disposable-email-domains` (throwaway domains plus wildcard parents). A domain on a disposable list is
 * disposable; one only on the webmail list is free webmail. Loaded once, on first use.
 */
function emailLists(): NonNullable<typeof lists> {
  if (lists) return lists;
  const require = createRequire(import.meta.url);
  const freemailDir = dirname(require.resolve('freemail/package.json'));
  const disposableDir = dirname(require.resolve('disposable-email-domains/package.json'));
  const disposable = new Set([
    ...readLines(join(freemailDir, 'data', 'disposable.txt')),
    ...readJsonList(join(disposableDir, 'index.json')),
  ]);
  const free = new Set(readLines(join(freemailDir, 'data', 'free.txt')).filter((d) => !disposable.has(d)));
  const disposableWildcards = new Set(readJsonList(join(disposableDir, 'wildcard.json')));
  lists = { free, disposable, disposableWildcards };
  return lists;
}

/** Whether a registrable domain (or host) is a free webmail provider (gmail.com, yahoo.co.uk, web.de …). */
export function isFreeEmailDomain(domain: string): boolean {
  const l = emailLists();
  return l.free.has(domain);
}

/** Whether a domain or host is a disposable (throwaway) mail service. */
export function isDisposableEmailDomain(
  host: string,
  domain: string | null = normalizeDomain(host),
): boolean {
  const l = emailLists();
  if (l.disposable.has(host) || (domain !== null && l.disposable.has(domain))) return true;
  for (let i = -1; i < host.length; i = host.indexOf('.', i + 1)) {
    if (l.disposableWildcards.has(host.slice(i + 1))) return true;
    if (host.indexOf('.', i + 1) < 0) break;
  }
  return false;
}

/**
 * Classifies an email: `invalid` (no usable domain), `disposable`, `free` webmail, or `work`; also flags
 * role addresses (`info@`, `sales@`).
 *
 * @example
 * classifyEmail('jane@gmail.com').kind // 'free'
 * classifyEmail('info@eu.acme.com') // { kind: 'work', domain: 'acme.com', role: true, … }
 */
export function classifyEmail(email: string | null | undefined): EmailClass {
  const text = (email ?? '').trim().toLowerCase();
  const at = text.lastIndexOf('@');
  const local = at > 0 ? text.slice(0, at) : null;
  const host = text.length <= 320 ? emailDomain(text) : null;
  const domain = host && local && !/\s/.test(local) ? normalizeDomain(host) : null;
  if (!local || !host || !domain) return { kind: 'invalid', local, host, domain: null, role: false };
  const base = local.split('+', 1)[0] ?? local;
  const role = ROLE_LOCAL_PARTS.has(base);
  if (isDisposableEmailDomain(host, domain)) return { kind: 'disposable', local, host, domain, role };
  if (isFreeEmailDomain(domain) || isFreeEmailDomain(host))
    return { kind: 'free', local, host, domain, role };
  return { kind: 'work', local, host, domain, role };
}
