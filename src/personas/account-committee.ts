import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ensureDefaultPersonas } from './default-personas.ts';
import { COMMITTEE_ROLES, type CommitteeRole } from './tables.ts';

export interface CommitteeContact {
  id: string;
  name: string;
  title: string | null;
  function: string | null;
  seniority: string | null;
}

export interface CommitteeRoleCoverage {
  role: CommitteeRole;
  covered: boolean;
  contactCount: number;
  personas: { id: string; name: string; contacts: CommitteeContact[] }[];
}

export interface AccountCommittee {
  accountId: string;
  contactCount: number;
  roles: CommitteeRoleCoverage[];
  /** Roles some active persona maps to, with no contact at this account. */
  missingRoles: CommitteeRole[];
  /** Contacts at the account in no active persona. */
  unassigned: CommitteeContact[];
}

function displayName(first: string | null, last: string | null, email: string | null): string {
  const name = [first, last].filter((p) => p?.trim()).join(' ');
  return name || email || '';
}

/**
 * The buying committee of one account: for each committee role mapped by an active persona, the
 * personas and the account's contacts in each, and the roles nobody fills.
 */
export async function accountCommittee(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<AccountCommittee> {
  await ensureDefaultPersonas(db, workspaceId);
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account)
    throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });

  const personas = await db
    .selectFrom('personas')
    .select(['id', 'name', 'committee_role', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', true)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  const contacts = await db
    .selectFrom('contacts as c')
    .leftJoin('contact_personas as cp', (j) =>
      j.onRef('cp.workspace_id', '=', 'c.workspace_id').onRef('cp.contact_id', '=', 'c.id'),
    )
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.title', 'cp.persona_id'])
    .select([
      sql<string | null>`c.job_function`.as('job_function'),
      sql<string | null>`c.seniority`.as('seniority'),
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.account_id', '=', accountId)
    .orderBy('c.id')
    .execute();
  return buildCommittee(accountId, personas, contacts);
}

interface PersonaRow {
  id: string;
  name: string;
  committee_role: CommitteeRole;
}
interface ContactRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  title: string | null;
  persona_id: string | null;
  job_function: string | null;
  seniority: string | null;
}

function buildCommittee(accountId: string, personas: PersonaRow[], rows: ContactRow[]): AccountCommittee {
  const contacts = new Map<string, CommitteeContact>();
  const members = new Map<string, CommitteeContact[]>();
  const activeIds = new Set(personas.map((p) => p.id));
  const inSomePersona = new Set<string>();
  for (const r of rows) {
    let contact = contacts.get(r.id);
    if (!contact) {
      contact = {
        id: r.id,
        name: displayName(r.first_name, r.last_name, r.email),
        title: r.title,
        function: r.job_function,
        seniority: r.seniority,
      };
      contacts.set(r.id, contact);
    }
    if (r.persona_id && activeIds.has(r.persona_id)) {
      const list = members.get(r.persona_id) ?? [];
      list.push(contact);
      members.set(r.persona_id, list);
      inSomePersona.add(r.id);
    }
  }
  const roles: CommitteeRoleCoverage[] = [];
  for (const role of COMMITTEE_ROLES) {
    const ofRole = personas.filter((p) => p.committee_role === role);
    if (ofRole.length === 0) continue;
    const distinct = new Set<string>();
    const list = ofRole.map((p) => {
      const inPersona = members.get(p.id) ?? [];
      for (const c of inPersona) distinct.add(c.id);
      return { id: p.id, name: p.name, contacts: inPersona };
    });
    roles.push({ role, covered: distinct.size > 0, contactCount: distinct.size, personas: list });
  }
  return {
    accountId,
    contactCount: contacts.size,
    roles,
    missingRoles: roles.filter((r) => !r.covered).map((r) => r.role),
    unassigned: [...contacts.values()].filter((c) => !inSomePersona.has(c.id)),
  };
}
