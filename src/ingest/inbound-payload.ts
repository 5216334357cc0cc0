import { z } from 'zod';
import type { JsonObject } from '../db/json.ts';
import { isJsonValue, isRecord, toJsonObject } from '../records/json-value.ts';
import { eventSchemas } from './event-schemas.ts';
import type { NormalizedEvent } from './normalize-event.ts';

/** The stored form of a validated event: one element of inbound_batches.payload (version 1). */
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

/** A validated event as queued in inbound_batches (everything the processor needs, nothing else). */
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

/** An accepted event as the processor reads it back: where it is queued, and the event itself. */
export type InboundEvent = NormalizedEvent & {
  /** The inbound_batches row it came in. */
  batchId: number;
  /** Its place among that row's events. */
  position: number;
};

const kinds = Object.keys(eventSchemas);
const isKind = (value: unknown): value is NormalizedEvent['kind'] =>
  typeof value === 'string' && kinds.includes(value);
const isJsonObject = (value: unknown): value is JsonObject => isRecord(value) && isJsonValue(value);
const Text = z.string().nullable();

/** A stored event (it may have been written by another version, so it is checked). */
const StoredEvent = z.object({
  v: z.literal(1),
  kind: z.custom<NormalizedEvent['kind']>(isKind, 'unknown kind'),
  messageId: z.string().min(1),
  userId: Text,
  anonymousId: Text,
  type: z.string().min(1),
  occurredAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a timestamp'),
  ip: Text,
  properties: z.custom<JsonObject>(isJsonObject, 'must be a JSON object'),
  traits: z.custom<JsonObject>(isJsonObject, 'must be a JSON object'),
  groupId: Text,
  previousId: Text,
});

/** An event of a queued row that cannot be processed (kept in inbound_failures with the reason). */
export interface UnreadableEvent {
  position: number;
  messageId: string;
  payload: unknown;
  reason: string;
}

/**
 * Read a queued request (an inbound_batches row: a JSON array as text) back as events, in order.
 * Events that cannot be read (written by another version, or damaged) are returned apart with the
 * reason, so the rest goes on.
 *
 * @example
 * const { events, unreadable } = readInboundBatch(row.id, row.payload);
 */
export function readInboundBatch(
  batchId: number,
  text: string,
): { events: InboundEvent[]; unreadable: UnreadableEvent[] } {
  const events: InboundEvent[] = [];
  const unreadable: UnreadableEvent[] = [];
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = null;
  }
  if (!Array.isArray(payload)) {
    const reason = 'unreadable payload: not a JSON array of events';
    unreadable.push({ position: 0, messageId: '', payload: text.slice(0, 100_000), reason });
    return { events, unreadable };
  }
  payload.forEach((value: unknown, position) => {
    const parsed = StoredEvent.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const messageId = isRecord(value) && typeof value.messageId === 'string' ? value.messageId : '';
      unreadable.push({
        position,
        messageId,
        payload: value,
        reason: `unreadable payload: ${issue?.path.join('.')} ${issue?.message ?? ''}`,
      });
      return;
    }
    const r = parsed.data;
    events.push({
      batchId,
      position,
      kind: r.kind,
      messageId: r.messageId,
      userId: r.userId,
      anonymousId: r.anonymousId,
      type: r.type,
      occurredAt: new Date(r.occurredAt),
      ip: r.ip,
      properties: r.properties,
      traits: r.traits,
      groupId: r.groupId,
      previousId: r.previousId,
    });
  });
  return { events, unreadable };
}
