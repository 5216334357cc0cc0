import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { toInboundPayload } from './inbound-payload.ts';
import type { NormalizedEvent } from './normalize-event.ts';

/**
 * The request path of the tracking API: store a request's validated events durably as ONE
 * inbound_batches row (a JSON array, in the order given) and return once it is committed. Takes no
 * lock on any shared row, so concurrent requests never wait for each other; identity resolution,
 * de-duplication and scoring happen later in the inbound processor (drainInbound).
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
  const document = JSON.stringify(events.map(toInboundPayload));
  await sql`
    INSERT INTO inbound_batches (workspace_id, events, payload)
    VALUES (${workspaceId}, ${events.length}, ${document})`.execute(db);
}
