import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonObject } from '../db/json.ts';
import type { DB, NewActivity } from '../db/schema.ts';
import { HttpProblem, type ProblemFieldError } from '../http/problem.ts';
import { afterActivitiesInserted } from '../pipeline/refresh-derived.ts';
import { suppressedValues } from '../privacy/suppression.ts';
import type { ActivityFields } from './activity-fields.ts';

export interface RecordActivitiesResult {
  /** Ids of the inserted activities, in input order (null for a duplicate). */
  ids: (number | null)[];
  inserted: number;
  /** Input positions whose messageId was already stored (or repeated earlier in the batch). */
  duplicates: { index: number; messageId: string }[];
}

/**
 * Store activities all-or-nothing: every reference is checked first (accountId / contactId must be in
 * the workspace, contactEmail resolves to a contact whose account fills accountId when absent), and
 * any problem is a 422 listing `${pathPrefix}.N.field` for each bad record with nothing written.
 * A messageId seen before is reported as a duplicate, never an error.
 */
export async function recordActivities(
  db: Kysely<DB>,
  ctx: AuthContext,
  activities: ActivityFields[],
  pathPrefix: string,
): Promise<RecordActivitiesResult> {
  const ws = ctx.workspaceId;
  return db.transaction().execute(async (trx) => {
    const accountIds = unique(activities.map((a) => a.accountId));
    const contactIds = unique(activities.map((a) => a.contactId));
    const emails = unique(activities.map((a) => a.contactEmail?.toLowerCase()));
    const knownAccounts = new Set(
      accountIds.length
        ? (
            await trx
              .selectFrom('accounts')
              .select('id')
              .where('workspace_id', '=', ws)
              .where('id', 'in', accountIds)
              .execute()
          ).map((r) => r.id)
        : [],
    );
    const contactsById = new Map<string, string | null>();
    if (contactIds.length) {
      const rows = await trx
        .selectFrom('contacts')
        .select(['id', 'account_id'])
        .where('workspace_id', '=', ws)
        .where('id', 'in', contactIds)
        .execute();
      for (const r of rows) contactsById.set(r.id, r.account_id);
    }
    const contactsByEmail = new Map<string, { id: string; accountId: string | null }>();
    if (emails.length) {
      const rows = await trx
        .selectFrom('contacts')
        .select(['id', 'email', 'account_id'])
        .where('workspace_id', '=', ws)
        .where('email', 'in', emails)
        .execute();
      for (const r of rows) if (r.email) contactsByEmail.set(r.email, { id: r.id, accountId: r.account_id });
    }

    const suppressed = await suppressedValues(trx, ws, 'email', emails);
    const errors: ProblemFieldError[] = [];
    const rows: NewActivity[] = activities.map((a, i) => {
      let contactId = a.contactId ?? null;
      let contactAccount: string | null = null;
      const properties: JsonObject = { ...(a.properties ?? {}) };
      if (contactId) {
        if (!contactsById.has(contactId))
          errors.push({ path: `${pathPrefix}.${i}.contactId`, message: 'no such contact in this workspace' });
        contactAccount = contactsById.get(contactId) ?? null;
      } else if (a.contactEmail) {
        const found = contactsByEmail.get(a.contactEmail.toLowerCase());
        if (found) {
          contactId = found.id;
          contactAccount = found.accountId;
        } else if (!suppressed.has(a.contactEmail.toLowerCase())) {
          // Kept with the event so a contact created later can still be tied to it (not an erased
          // person's address: they are not tied again).
          properties.contactEmail = a.contactEmail.toLowerCase();
        }
      }
      if (a.accountId && !knownAccounts.has(a.accountId))
        errors.push({ path: `${pathPrefix}.${i}.accountId`, message: 'no such account in this workspace' });
      return {
        workspace_id: ws,
        type: a.type,
        occurred_at: a.occurredAt,
        account_id: a.accountId ?? contactAccount,
        contact_id: contactId,
        properties,
        source: a.source || 'api',
        message_id: a.messageId || null,
      };
    });
    if (errors.length > 0) {
      throw new HttpProblem(422, 'Unknown reference', {
        detail: errors
          .slice(0, 20)
          .map((e) => `${e.path}: ${e.message}`)
          .join('; '),
        errors,
      });
    }

    const ids: (number | null)[] = new Array(rows.length).fill(null);
    const duplicates: { index: number; messageId: string }[] = [];
    const seen = new Set<string>();
    const toInsert: { index: number; row: NewActivity }[] = [];
    rows.forEach((row, index) => {
      if (row.message_id) {
        if (seen.has(row.message_id)) {
          duplicates.push({ index, messageId: row.message_id });
          return;
        }
        seen.add(row.message_id);
      }
      toInsert.push({ index, row });
    });
    for (let start = 0; start < toInsert.length; start += 500) {
      const chunk = toInsert.slice(start, start + 500);
      const inserted = await trx
        .insertInto('activities')
        .values(chunk.map((c) => c.row))
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'message_id']).where('message_id', 'is not', null).doNothing(),
        )
        .returning(['id', 'message_id'])
        .execute();
      const byMessage = new Map(inserted.filter((r) => r.message_id).map((r) => [r.message_id, r.id]));
      const anonymous = inserted.filter((r) => !r.message_id);
      let next = 0;
      for (const c of chunk) {
        if (c.row.message_id) {
          const id = byMessage.get(c.row.message_id);
          if (id === undefined) duplicates.push({ index: c.index, messageId: c.row.message_id });
          else ids[c.index] = id;
        } else {
          ids[c.index] = anonymous[next++]?.id ?? null;
        }
      }
    }
    duplicates.sort((a, b) => a.index - b.index);
    await afterActivitiesInserted(trx, ctx.workspaceId, ids);
    const insertedCount = ids.filter((id) => id !== null).length;
    if (insertedCount > 0) {
      await recordAudit(trx, ctx, {
        action: 'activity.create',
        objectType: 'activity',
        objectId: insertedCount === 1 ? String(ids.find((id) => id !== null)) : null,
        changes: { count: insertedCount, duplicates: duplicates.length },
      });
    }
    return { ids, inserted: insertedCount, duplicates };
  });
}

function unique(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}
