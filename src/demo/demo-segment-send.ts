import type { Kysely } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { queueOneOffSend } from '../email/queue-sends.ts';

const SEND_KEY = 'demo-segment-executive-intro';

/**
 * A one-off send of the demo's "Executive intro" template (shared blocks with persona variants) to a
 * demo segment: the largest people segment of at most 300, else the largest account segment of at
 * most 40 accounts (their contacts). Under a fixed send key, so a reused demo world queues nobody
 * twice. Returns the number queued and the segment's name, or null when there is nothing to send.
 */
export async function queueDemoSegmentSend(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<{ queued: number; segment: string } | null> {
  const template = await db
    .selectFrom('content_templates')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', 'Executive intro')
    .executeTakeFirst();
  const segments = await db
    .selectFrom('segments as s')
    .select(['s.id', 's.name', 's.kind'])
    .select((eb) =>
      eb
        .selectFrom('segment_memberships as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.workspace_id', '=', 's.workspace_id')
        .whereRef('m.segment_id', '=', 's.id')
        .where('m.exited_at', 'is', null)
        .as('members'),
    )
    .where('s.workspace_id', '=', workspaceId)
    .execute();
  const ranked = segments
    .map((s) => ({ ...s, members: Number(s.members ?? 0) }))
    .filter((s) => s.members > 0 && s.members <= (s.kind === 'contact' ? 300 : 40))
    .sort((a, b) => (a.kind === b.kind ? b.members - a.members : a.kind === 'contact' ? -1 : 1));
  const segment = ranked[0];
  if (!template || !segment) return null;
  const queued = await queueOneOffSend(db, systemContext(workspaceId, 'demo'), {
    name: `Executive intro → ${segment.name} (demo)`,
    kind: 'marketing',
    topic: 'product',
    sendKey: SEND_KEY,
    templateId: template.id,
    audience: { segmentId: segment.id },
  });
  return { queued: queued.queued, segment: segment.name };
}
