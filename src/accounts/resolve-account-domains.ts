import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem, type ProblemFieldError } from '../errors/problem.ts';
import { normalizeDomain } from '../matching/normalize-domain.ts';

/** The domains an account ends up with: the primary one (or none) and every domain including it. */
export interface AccountDomains {
  primary: string | null;
  all: string[];
}

export interface DomainInput {
  domain?: string | null | undefined;
  website?: string | null | undefined;
  domains?: string[] | undefined;
}

/**
 * Normalise an account's domain, website and domains to registrable domains. The primary domain is
 * `domain`, else the website's domain. `keep` is the current secondary set when `domains` is absent
 * (an update). Anything that has no registrable domain is a 400 naming the field.
 */
export function resolveAccountDomains(input: DomainInput, keep: string[] = []): AccountDomains {
  const errors: ProblemFieldError[] = [];
  const norm = (value: string | null | undefined, path: string): string | null => {
    if (value === null || value === undefined || value === '') return null;
    const domain = normalizeDomain(value);
    if (!domain) errors.push({ path, message: `"${value.slice(0, 200)}" has no registrable domain` });
    return domain;
  };
  const fromDomain = norm(input.domain, 'body.domain');
  const fromWebsite = norm(input.website, 'body.website');
  const listed = (input.domains ?? []).map((d, i) => norm(d, `body.domains.${i}`));
  if (errors.length > 0) {
    throw new HttpProblem(400, 'Invalid domain', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  const primary = fromDomain ?? fromWebsite;
  const rest = input.domains ? listed : keep;
  const all = [...new Set([...(primary ? [primary] : []), ...rest.filter((d): d is string => d !== null)])];
  return { primary, all };
}

/** Replace the account's rows in account_domains (inside the caller's transaction). */
export async function syncAccountDomains(
  trx: Kysely<DB>,
  workspaceId: string,
  accountId: string,
  domains: AccountDomains,
): Promise<void> {
  await trx
    .deleteFrom('account_domains')
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .execute();
  if (domains.all.length === 0) return;
  await trx
    .insertInto('account_domains')
    .values(
      domains.all.map((domain) => ({
        workspace_id: workspaceId,
        account_id: accountId,
        domain,
        is_primary: domain === domains.primary,
      })),
    )
    .execute();
}
