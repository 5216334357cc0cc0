import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { toInboundPayload } from './inbound-payload.ts';
import type { NormalizedEvent } from './normalize-event.ts';

/**
 * The request path of the tracking API: store validated events durably in inbound_events with ONE
 * multi-row INSERT (in the order given) and return once it is committed. Takes no lock on any shared
 * row, so concurrent requests never wait for each other; identity resolution, de-duplication and
 * scoring happen later in the inbound processor (drainInbound).
 *
 * @example
 * await acceptEvents(db, workspaceId, parsed.events); // then answer 200
 */
export async function acceptEvents(
  db: Kysely<DB>,
  workspaceId: string,
  events: readonly NormalizedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // One JSON document for the whole request: PostgreSQL splits it, the identity keeps the order.
  const document = JSON.stringify(events.map(toInboundPayload));
  await sql`
    INSERT INTO inbound_events (workspace_id, message_id, payload)
    SELECT ${workspaceId}::uuid, e.value->>'messageId', e.value
    FROM jsonb_array_elements(${document}::jsonb) WITH ORDINALITY AS e(value, n)
    ORDER BY e.n`.execute(db);
}
