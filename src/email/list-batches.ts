import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A one-off or test send with its recipients counted per status. */
export interface BatchOut {
  id: string;
  name: string;
  kind: string;
  topic: string | null;
  sendKey: string;
  templateId: string | null;
  createdAt: string;
  counts: Record<string, number>;
}

/** The workspace's recent sends (batches), newest first, with per-status counts. */
export async function listBatches(db: Kysely<DB>, workspaceId: string, limit = 50): Promise<BatchOut[]> {
  const batches = await db
    .selectFrom('email_batches')
    .select(['id', 'name', 'kind', 'topic', 'send_key', 'template_id', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  if (batches.length === 0) return [];
  const counts = await db
    .selectFrom('email_sends')
    .select(['batch_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where(
      'batch_id',
      'in',
      batches.map((b) => b.id),
    )
    .groupBy(['batch_id', 'status'])
    .execute();
  return batches.map((b) => ({
    id: b.id,
    name: b.name,
    kind: b.kind,
    topic: b.topic,
    sendKey: b.send_key,
    templateId: b.template_id,
    createdAt: new Date(b.created_at).toISOString(),
    counts: Object.fromEntries(counts.filter((c) => c.batch_id === b.id).map((c) => [c.status, c.n])),
  }));
}
