import { z } from 'zod';
import { isRecord } from '../records/json-value.ts';

/** A Segment id: clients send strings, some send numbers (normalised to a string by normalizeEvent). */
const Id = z.union([z.string().max(200, 'must be at most 200 characters'), z.number()]);

/** An ISO 8601 timestamp (or epoch milliseconds); parsed and checked by normalizeEvent. */
const Timestamp = z.union([z.string().max(64), z.number()]);

/**
 * A JSON object (checked shallowly: the body came from JSON.parse, so everything inside is JSON). The
 * metadata only tells the OpenAPI document what a custom check cannot.
 */
const Obj = z
  .custom<Record<string, unknown>>(isRecord, 'must be an object')
  .meta({ type: 'object', additionalProperties: true });

const Common = {
  messageId: Id.optional(),
  userId: Id.nullable().optional(),
  anonymousId: Id.nullable().optional(),
  timestamp: Timestamp.nullable().optional(),
  originalTimestamp: Timestamp.nullable().optional(),
  sentAt: Timestamp.nullable().optional(),
  context: Obj.nullable().optional(),
  integrations: z.unknown().optional(),
};

/** Fields every event may carry; used by the batch envelope before the per-type schema. */
export const TrackEventSchema = z.looseObject({
  ...Common,
  type: z.literal('track').optional(),
  event: z.string().trim().min(1, 'is required').max(200),
  properties: Obj.nullable().optional(),
});

export const PageEventSchema = z.looseObject({
  ...Common,
  type: z.literal('page').optional(),
  name: z.string().max(500).nullable().optional(),
  category: z.string().max(500).nullable().optional(),
  properties: Obj.nullable().optional(),
});

export const ScreenEventSchema = z.looseObject({
  ...Common,
  type: z.literal('screen').optional(),
  name: z.string().max(500).nullable().optional(),
  category: z.string().max(500).nullable().optional(),
  properties: Obj.nullable().optional(),
});

export const IdentifyEventSchema = z.looseObject({
  ...Common,
  type: z.literal('identify').optional(),
  traits: Obj.nullable().optional(),
});

export const GroupEventSchema = z.looseObject({
  ...Common,
  type: z.literal('group').optional(),
  groupId: Id,
  traits: Obj.nullable().optional(),
});

export const AliasEventSchema = z.looseObject({
  ...Common,
  type: z.literal('alias').optional(),
  previousId: Id,
});

/** The per-type schema of each Segment call. */
export const eventSchemas = {
  track: TrackEventSchema,
  page: PageEventSchema,
  screen: ScreenEventSchema,
  identify: IdentifyEventSchema,
  group: GroupEventSchema,
  alias: AliasEventSchema,
} as const;

export type EventKind = keyof typeof eventSchemas;

/** The batch envelope: `{ batch: [...], sentAt?, writeKey?, context? }`. Events are validated one by one. */
export const BatchEnvelopeSchema = z.looseObject({
  batch: z.array(z.unknown()).max(10_000),
  sentAt: Timestamp.nullable().optional(),
  writeKey: z.string().max(200).optional(),
  context: Obj.nullable().optional(),
});

/** Narrow a kind name from an event's `type` field. */
export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}
