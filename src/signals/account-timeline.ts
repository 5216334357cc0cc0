import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { ensureSignalSettings } from './signal-config.ts';
import { attributesFor, relatedAccountIds, weightedActivitiesSql } from './weighted-activities-sql.ts';

export interface TimelineEntry {
  id: number;
  type: string;
  occurredAt: Date;
  source: string;
  properties: JsonObject;
  contact: { id: string; name: string | null; email: string | null; title: string | null } | null;
  weight: {
    basePoints: number;
    seniority: string;
    seniorityMultiplier: number;
    tierMultiplier: number;
    weight: number;
  };
}

export class TimelineCursorError extends Error {}

const Cursor = z.tuple([z.string().min(1).max(64), z.number().int().min(0)]);

function encodeCursor(at: string, id: number): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: number } {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success && !Number.isNaN(Date.parse(parsed.data[0])))
      return { at: parsed.data[0], id: parsed.data[1] };
  } catch {
    // fall through
  }
  throw new TimelineCursorError('cursor is not one this API returned');
}

/**
 * Every activity of an account — its own and those of its contacts — newest first, with who did it
 * (name, title), what and when, and the weight applied under the current settings. Keyset paged on
 * (occurred_at, id): pass `nextCursor` back as `cursor`. Null when there is no such account.
 */
export async function getAccountTimeline(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ data: TimelineEntry[]; nextCursor: string | null } | null> {
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) return null;
  await ensureSignalSettings(db, workspaceId);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const keyset = after
    ? sql`AND (a.occurred_at, a.id) < (${after.at}::timestamptz, ${after.id}::bigint)`
    : sql``;
  const n = options.limit + 1;
  const pageRows = await sql<{ id: number; contact_id: string | null; account_id: string | null }>`
    SELECT p.id, p.contact_id, p.account_id FROM (
      (SELECT a.* FROM activities a
        WHERE a.workspace_id = ${workspaceId} AND a.account_id = ${accountId} ${keyset}
        ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${n})
      UNION ALL
      (SELECT a.* FROM contacts c
        JOIN activities a ON a.workspace_id = c.workspace_id AND a.contact_id = c.id
        WHERE c.workspace_id = ${workspaceId} AND c.account_id = ${accountId}
          AND (a.account_id IS NULL OR a.account_id <> ${accountId}) ${keyset}
        ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${n})
    ) p ORDER BY p.occurred_at DESC, p.id DESC LIMIT ${n}`.execute(db);
  const page = pageRows.rows;
  const contactIds = [...new Set(page.flatMap((r) => (r.contact_id ? [r.contact_id] : [])))];
  const accountIds = await relatedAccountIds(
    db,
    workspaceId,
    contactIds,
    page.flatMap((r) => (r.account_id ? [r.account_id] : [])),
  );
  const weighted = weightedActivitiesSql({
    workspaceId,
    activities: sql`SELECT * FROM activities
      WHERE workspace_id = ${workspaceId} AND id = ANY (${page.map((r) => r.id)}::bigint[])`,
    ...attributesFor(workspaceId, contactIds, accountIds),
  });
  const rows = await sql<{
    id: number;
    type: string;
    occurred_at: Date;
    at_text: string;
    source: string;
    properties: JsonObject;
    contact_id: string | null;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    title: string | null;
    base_points: number;
    seniority: string;
    seniority_multiplier: number;
    tier_multiplier: number;
    weight: number;
  }>`
    SELECT w.id, w.type, w.occurred_at, to_char(w.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
      act.source, w.properties, w.contact_id, c.first_name, c.last_name, c.email, c.title,
      w.base_points, w.seniority, w.seniority_multiplier, w.tier_multiplier, w.weight
    FROM (${weighted}) w
    JOIN activities act ON act.workspace_id = ${workspaceId} AND act.id = w.id
    LEFT JOIN contacts c ON c.workspace_id = ${workspaceId} AND c.id = w.contact_id
    ORDER BY w.occurred_at DESC, w.id DESC`.execute(db);
  const list = rows.rows.slice(0, options.limit);
  const last = list[list.length - 1];
  return {
    data: list.map((r) => ({
      id: r.id,
      type: r.type,
      occurredAt: r.occurred_at,
      source: r.source,
      properties: r.properties,
      contact: r.contact_id
        ? {
            id: r.contact_id,
            name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
            email: r.email,
            title: r.title,
          }
        : null,
      weight: {
        basePoints: r.base_points,
        seniority: r.seniority,
        seniorityMultiplier: r.seniority_multiplier,
        tierMultiplier: r.tier_multiplier,
        weight: r.weight,
      },
    })),
    nextCursor: rows.rows.length > options.limit && last ? encodeCursor(last.at_text, last.id) : null,
  };
}
