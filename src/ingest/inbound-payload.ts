import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { JsonObject } from '../db/schema.ts';
import { eventSchemas } from './event-schemas.ts';
import { isJsonValue, isRecord, toJsonObject } from './json-value.ts';
import type { NormalizedEvent } from './normalize-event.ts';

/** The stored form of a validated event: what `/v1/*` writes to inbound_events.payload (version 1). */
export interface InboundPayload {
  v: 1;
  kind: NormalizedEvent['kind'];
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  type: string;
  /** ISO 8601 */
  occurredAt: string;
  ip: string | null;
  properties: JsonObject;
  traits: JsonObject;
  groupId: string | null;
  previousId: string | null;
}

/** A validated event as stored in inbound_events (everything the processor needs, nothing else). */
export function toInboundPayload(event: NormalizedEvent): InboundPayload {
  return {
    v: 1,
    kind: event.kind,
    messageId: event.messageId,
    userId: event.userId,
    anonymousId: event.anonymousId,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    ip: event.ip,
    properties: event.properties,
    traits: toJsonObject(event.traits),
    groupId: event.groupId,
    previousId: event.previousId,
  };
}

/**
 * An accepted event as the processor reads it back: everything but `properties`, which stay in
 * PostgreSQL and go from inbound_events.payload to activities.properties without a round trip.
 */
export type InboundEvent = Omit<NormalizedEvent, 'properties'> & { inboundId: number };

/**
 * The columns the processor selects from inbound_events (alias `e`): the payload's scalar fields as
 * text, and traits only where identity resolution reads them (identify, group).
 */
export function inboundHeaderColumns(): RawBuilder<unknown> {
  return sql`e.id, e.payload->>'v' AS v, e.payload->>'kind' AS kind, e.payload->>'messageId' AS message_id,
    e.payload->>'userId' AS user_id, e.payload->>'anonymousId' AS anonymous_id, e.payload->>'type' AS type,
    e.payload->>'occurredAt' AS occurred_at, e.payload->>'ip' AS ip, e.payload->>'groupId' AS group_id,
    e.payload->>'previousId' AS previous_id,
    CASE WHEN e.payload->>'kind' IN ('identify', 'group') THEN e.payload->'traits' END AS traits`;
}

const kinds = Object.keys(eventSchemas);
const isKind = (value: unknown): value is NormalizedEvent['kind'] =>
  typeof value === 'string' && kinds.includes(value);
const isJsonObject = (value: unknown): value is JsonObject => isRecord(value) && isJsonValue(value);
const Text = z.string().nullable();

/** A row of inboundHeaderColumns, checked (it may have been written by another version). */
const HeaderRow = z.object({
  id: z.number(),
  v: z.literal('1'),
  kind: z.custom<NormalizedEvent['kind']>(isKind, 'unknown kind'),
  message_id: z.string().min(1),
  user_id: Text,
  anonymous_id: Text,
  type: z.string().min(1),
  occurred_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a timestamp'),
  ip: Text,
  group_id: Text,
  previous_id: Text,
  traits: z.custom<JsonObject>(isJsonObject, 'must be a JSON object').nullable(),
});

/**
 * Read a row of inboundHeaderColumns back as an event.
 *
 * @returns the event, or the reason it cannot be processed
 */
export function fromInboundRow(
  row: unknown,
): { ok: true; event: InboundEvent } | { ok: false; reason: string } {
  const parsed = HeaderRow.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `unreadable payload: ${issue?.path.join('.')} ${issue?.message ?? ''}` };
  }
  const r = parsed.data;
  return {
    ok: true,
    event: {
      inboundId: r.id,
      kind: r.kind,
      messageId: r.message_id,
      userId: r.user_id,
      anonymousId: r.anonymous_id,
      type: r.type,
      occurredAt: new Date(r.occurred_at),
      ip: r.ip,
      traits: r.traits ?? {},
      groupId: r.group_id,
      previousId: r.previous_id,
    },
  };
}
