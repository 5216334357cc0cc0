import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { listSegmentMembers } from '../segments/list-segment-members.ts';

/**
 * Who a one-off send goes to: contacts by id, the contacts of a target list's accounts, or a segment's
 * members (a people segment directly, an account segment as its accounts' contacts); given together
 * they intersect. `personaIds` keeps only contacts in one of those personas.
 */
export const AudienceSchema = z
  .strictObject({
    contactIds: z.array(z.uuid()).min(1).max(100_000).optional(),
    targetListId: z.uuid().optional(),
    segmentId: z.uuid().optional(),
    personaIds: z.array(z.uuid()).min(1).max(50).optional(),
  })
  .refine((a) => a.contactIds || a.targetListId || a.segmentId, 'give contactIds, targetListId or segmentId');
export type Audience = z.output<typeof AudienceSchema>;

/** A contact of the audience. */
export interface AudienceContact {
  id: string;
  email: string | null;
  account_id: string | null;
}

export interface ResolvedAudience {
  contacts: AudienceContact[];
  /** The segment's kind when the audience is a segment. */
  segmentKind: 'account' | 'contact' | null;
  /** Current members of the segment (accounts or people), before the persona filter. */
  segmentMembers: number | null;
}

const CHUNK = 5000;

/** 422 naming the field of an unknown reference. */
export function unknownReference(path: string, message: string): HttpProblem {
  return new HttpProblem(422, 'Unknown reference', {
    detail: `${path}: ${message}`,
    errors: [{ path, message }],
  });
}

/** The segment's current member ids (every page of listSegmentMembers: deleted records skipped). */
async function segmentMemberIds(
  db: Kysely<DB>,
  workspaceId: string,
  segmentId: string,
): Promise<{ kind: 'account' | 'contact'; ids: string[] }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listSegmentMembers(db, workspaceId, segmentId, { after, limit: 10_000 });
    for (const m of page.data) ids.push(m.id);
    if (!page.next) return { kind: page.kind, ids };
    after = page.next;
  }
}

/**
 * The contacts of an audience, scoped to the workspace, in id order (unknown references are a 422
 * naming the field: `body.audience.segmentId`, `body.audience.contactIds.3`, …).
 */
export async function resolveAudience(
  db: Kysely<DB>,
  workspaceId: string,
  audience: Audience,
): Promise<ResolvedAudience> {
  const ws = workspaceId;
  if (audience.targetListId) {
    const list = await db
      .selectFrom('target_lists')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', audience.targetListId)
      .executeTakeFirst();
    if (!list) throw unknownReference('body.audience.targetListId', 'no such target list in this workspace');
  }
  if (audience.personaIds) {
    const found = new Set(
      (
        await db
          .selectFrom('personas')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('id', 'in', audience.personaIds)
          .execute()
      ).map((p) => p.id),
    );
    const index = audience.personaIds.findIndex((id) => !found.has(id));
    if (index >= 0)
      throw unknownReference(`body.audience.personaIds.${index}`, 'no such persona in this workspace');
  }
  let segmentKind: 'account' | 'contact' | null = null;
  let memberIds: string[] | null = null;
  if (audience.segmentId) {
    const segment = await db
      .selectFrom('segments')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', audience.segmentId)
      .executeTakeFirst();
    if (!segment) throw unknownReference('body.audience.segmentId', 'no such segment in this workspace');
    const members = await segmentMemberIds(db, ws, audience.segmentId);
    segmentKind = members.kind;
    memberIds = members.ids;
  }

  // The starting set of ids to read by (in chunks), else every contact of the workspace (target list).
  const seeds: { column: 'id' | 'account_id'; ids: string[] } | null = audience.contactIds
    ? { column: 'id', ids: audience.contactIds }
    : memberIds
      ? { column: segmentKind === 'account' ? 'account_id' : 'id', ids: memberIds }
      : null;
  const read = async (seed: string[] | null): Promise<AudienceContact[]> => {
    let query = db
      .selectFrom('contacts')
      .select(['id', 'email', 'account_id'])
      .where('workspace_id', '=', ws)
      .orderBy('id');
    if (seed && seeds) query = query.where(seeds.column, 'in', seed);
    if (audience.targetListId) {
      const listId = audience.targetListId;
      query = query.where('account_id', 'in', (eb) =>
        eb
          .selectFrom('target_list_members')
          .select('account_id')
          .where('workspace_id', '=', ws)
          .where('list_id', '=', listId),
      );
    }
    if (audience.personaIds) {
      const personaIds = audience.personaIds;
      query = query.where('id', 'in', (eb) =>
        eb
          .selectFrom('contact_personas')
          .select('contact_id')
          .where('workspace_id', '=', ws)
          .where('persona_id', 'in', personaIds),
      );
    }
    return query.execute();
  };

  let contacts: AudienceContact[] = [];
  if (!seeds) contacts = await read(null);
  else
    for (let start = 0; start < seeds.ids.length; start += CHUNK)
      contacts.push(...(await read(seeds.ids.slice(start, start + CHUNK))));
  if (seeds && seeds.ids.length > CHUNK) contacts = contacts.sort((a, b) => (a.id < b.id ? -1 : 1));
  if (audience.contactIds && memberIds) {
    // Contacts by id and a segment: only those in it (by their own id, or their account's).
    const members = new Set(memberIds);
    contacts = contacts.filter((c) => members.has((segmentKind === 'account' ? c.account_id : c.id) ?? ''));
  }

  if (audience.contactIds && !audience.targetListId && !audience.segmentId && !audience.personaIds) {
    const found = new Set(contacts.map((c) => c.id));
    const index = audience.contactIds.findIndex((id) => !found.has(id));
    if (index >= 0)
      throw unknownReference(`body.audience.contactIds.${index}`, 'no such contact in this workspace');
  }
  return { contacts, segmentKind, segmentMembers: memberIds?.length ?? null };
}
