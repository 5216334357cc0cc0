import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ensureDefaultPersonas } from './default-personas.ts';
import { COMMITTEE_ROLES, type CommitteeRole } from './tables.ts';

export interface CommitteeSummary {
  targetAccounts: number;
  minContacts: number;
  /** Target accounts with at least `minContacts` contacts. */
  withMinContacts: { accounts: number; share: number };
  /** Per key role (every role an active persona maps to): target accounts with a contact in it. */
  roles: { role: CommitteeRole; accounts: number; share: number }[];
  /** Target accounts where every key role is filled. */
  fullyCovered: { accounts: number; share: number };
}

const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/** Buying-committee coverage over the workspace's target accounts (`accounts.is_target`). */
export async function committeeSummary(
  db: Kysely<DB>,
  workspaceId: string,
  minContacts: number,
): Promise<CommitteeSummary> {
  await ensureDefaultPersonas(db, workspaceId);
  const { rows } = await sql<{
    target_accounts: number;
    with_min: number;
    role: string | null;
    accounts: number;
    full: number;
  }>`
    WITH t AS (
      SELECT id FROM accounts WHERE workspace_id = ${workspaceId} AND is_target
    ), key_roles AS (
      SELECT DISTINCT committee_role AS role FROM personas WHERE workspace_id = ${workspaceId} AND active
    ), cc AS (
      SELECT c.account_id, count(*) AS n FROM contacts c JOIN t ON t.id = c.account_id
      WHERE c.workspace_id = ${workspaceId} GROUP BY c.account_id
    ), ar AS (
      SELECT DISTINCT c.account_id, p.committee_role AS role
      FROM contacts c
      JOIN t ON t.id = c.account_id
      JOIN contact_personas cp ON cp.workspace_id = c.workspace_id AND cp.contact_id = c.id
      JOIN personas p ON p.workspace_id = cp.workspace_id AND p.id = cp.persona_id AND p.active
      WHERE c.workspace_id = ${workspaceId}
    ), full_cov AS (
      SELECT count(*) AS n FROM (
        SELECT ar.account_id FROM ar GROUP BY ar.account_id
        HAVING count(DISTINCT ar.role) = (SELECT count(*) FROM key_roles)
      ) f
    )
    SELECT (SELECT count(*) FROM t)::int AS target_accounts,
           (SELECT count(*) FROM cc WHERE n >= ${minContacts})::int AS with_min,
           (SELECT n FROM full_cov)::int AS full,
           k.role, (SELECT count(*) FROM ar WHERE ar.role = k.role)::int AS accounts
    FROM (SELECT role FROM key_roles UNION ALL SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM key_roles)) k
  `.execute(db);
  const first = rows[0];
  const total = Number(first?.target_accounts ?? 0);
  const withMin = Number(first?.with_min ?? 0);
  const full = Number(first?.full ?? 0);
  const roles = COMMITTEE_ROLES.flatMap((role) => {
    const r = rows.find((x) => x.role === role);
    return r ? [{ role, accounts: Number(r.accounts), share: share(Number(r.accounts), total) }] : [];
  });
  return {
    targetAccounts: total,
    minContacts,
    withMinContacts: { accounts: withMin, share: share(withMin, total) },
    roles,
    fullyCovered: {
      accounts: roles.length === 0 ? 0 : full,
      share: roles.length === 0 ? 0 : share(full, total),
    },
  };
}
