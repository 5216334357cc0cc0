/**
 * Set-based generator for the signals benchmarks: accounts, contacts and activities created with
 * INSERT … SELECT generate_series (ids derived from md5 so activities can point at contacts by
 * number without lookups). Activity mix: page views (some on key pages), email opens/clicks, form
 * fills, meetings, webinars; 10 % anonymous (account only); spread over the last 365 days.
 */
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/db/schema.ts';

export interface SeedCounts {
  accounts: number;
  contactsPerAccount: number;
}

const accountId = (ws: string, n: unknown) => sql`md5(${ws} || ':a:' || (${n})::text)::uuid`;
const contactId = (ws: string, n: unknown) => sql`md5(${ws} || ':c:' || (${n})::text)::uuid`;

/** Create the accounts and their contacts (titles cycle through seniorities and functions). */
export async function seedAccounts(db: Kysely<DB>, ws: string, counts: SeedCounts): Promise<number> {
  const t = performance.now();
  await sql`
    INSERT INTO accounts (workspace_id, id, name, domain, tier)
    SELECT ${ws}, ${accountId(ws, sql`g`)}, 'Account ' || g, 'account' || g || '.example',
      CASE WHEN g % 4 = 0 THEN NULL ELSE (g % 3) + 1 END
    FROM generate_series(1, ${counts.accounts}) g`.execute(db);
  await sql`
    INSERT INTO contacts (workspace_id, id, account_id, email, title)
    SELECT ${ws}, ${contactId(ws, sql`g`)}, ${accountId(ws, sql`((g - 1) / ${counts.contactsPerAccount}) + 1`)},
      'person' || g || '@account' || (((g - 1) / ${counts.contactsPerAccount}) + 1) || '.example',
      (ARRAY['Chief Marketing Officer', 'VP Sales', 'Director of IT', 'Marketing Manager', 'Software Engineer',
        'CFO', 'Head of Demand Generation', 'Analyst'])[(g % 8) + 1]
    FROM generate_series(1, ${counts.accounts * counts.contactsPerAccount}) g`.execute(db);
  await sql`ANALYZE accounts`.execute(db);
  await sql`ANALYZE contacts`.execute(db);
  return performance.now() - t;
}

/** Append `count` activities (in chunks of 1M), numbered from `offset`. */
export async function seedActivities(
  db: Kysely<DB>,
  ws: string,
  counts: SeedCounts,
  count: number,
  offset = 0,
  onChunk?: (done: number) => void,
): Promise<number> {
  const t = performance.now();
  const contacts = counts.accounts * counts.contactsPerAccount;
  const chunk = 1_000_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await sql`
      INSERT INTO activities (workspace_id, account_id, contact_id, type, occurred_at, properties, source)
      SELECT ${ws},
        CASE WHEN r.anon THEN ${accountId(ws, sql`1 + (r.h % ${counts.accounts})`)} END,
        CASE WHEN r.anon THEN NULL ELSE ${contactId(ws, sql`1 + (r.h % ${contacts})`)} END,
        r.type, now() - make_interval(secs => (r.h2 % (365 * 86400))::float8),
        CASE WHEN r.type = 'page_view' THEN jsonb_build_object('url',
          'https://www.example.com/' || (ARRAY['pricing', 'blog/post', 'docs/start', 'product/analytics', 'about'])[(r.h % 5) + 1])
        WHEN r.type = 'meeting' THEN jsonb_build_object('minutes', 30) ELSE '{}'::jsonb END,
        'bench'
      FROM (
        SELECT g, (g % 10 = 0) AS anon,
          abs(hashint8(g + ${offset}::bigint)) AS h, abs(hashint8(-(g + ${offset}::bigint))) AS h2,
          (ARRAY['page_view', 'page_view', 'page_view', 'page_view', 'email_open', 'email_open', 'email_click',
            'form_fill', 'meeting', 'webinar_attended'])[(abs(hashint8(g * 7 + ${offset}::bigint)) % 10) + 1] AS type
        FROM generate_series(${from}::bigint, ${to}::bigint) g
      ) r`.execute(db);
    onChunk?.(to);
  }
  await sql`ANALYZE activities`.execute(db);
  return performance.now() - t;
}
