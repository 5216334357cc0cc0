import type { Kysely } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  changes?: JsonObject;
}

/**
 * Append entries to the workspace's audit log, inside the caller's transaction so the log and the
 * write it describes commit together.
 */
export async function recordAudit(
  db: Kysely<DB>,
  ctx: AuthContext,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      list.map((e) => ({
        workspace_id: ctx.workspaceId,
        actor_type: ctx.actorType,
        actor_id: ctx.actorId,
        action: e.action,
        object_type: e.objectType,
        object_id: e.objectId ?? null,
        changes: e.changes ?? {},
      })),
    )
    .execute();
}
