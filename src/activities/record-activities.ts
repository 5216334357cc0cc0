import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem, type ProblemFieldError } from '../errors/problem.ts';
import { suppressedValues } from '../records/suppression.ts';
import type { ActivityFields } from './activity-fields.ts';
import { type ActivityRow, storeActivities } from './store-activities.ts';

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
    const rows: ActivityRow[] = activities.map((a, i) => {
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
        type: a.type,
        occurredAt: a.occurredAt,
        accountId: a.accountId ?? contactAccount,
        contactId,
        properties,
        source: a.source || 'api',
        messageId: a.messageId || null,
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
    const toInsert: { index: number; row: ActivityRow }[] = [];
    rows.forEach((row, index) => {
      if (row.messageId) {
        if (seen.has(row.messageId)) {
          duplicates.push({ index, messageId: row.messageId });
          return;
        }
        seen.add(row.messageId);
      }
      toInsert.push({ index, row });
    });
    const stored = await storeActivities(
      trx,
      ws,
      toInsert.map((c) => c.row),
    );
    toInsert.forEach((c, n) => {
      const activity = stored[n];
      if (activity) ids[c.index] = activity.id;
      else if (c.row.messageId) duplicates.push({ index: c.index, messageId: c.row.messageId });
    });
    duplicates.sort((a, b) => a.index - b.index);
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
