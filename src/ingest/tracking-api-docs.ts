import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';
import { BatchEnvelopeSchema, type EventKind, eventSchemas } from './event-schemas.ts';

/**
 * The OpenAPI description of the tracking API (`/v1/*`), built from the same zod schemas that
 * validate each event. The schemas document; they do not validate at the route: a batch is checked
 * event by event (`normalizeEvent`), so one bad event is reported by index while the rest are kept.
 */

const tags = ['tracking'];

/** The accepted content types: JSON, and the same JSON sent as text/plain (browsers, no preflight). */
const consumes = ['application/json', 'text/plain'];

/** The write key: the HTTP Basic user name, or `writeKey` in the body (see app.ts `writeKey`). */
const security = [{ writeKey: [] }];

const WriteKeyField = z
  .string()
  .max(200)
  .optional()
  .describe('The write key, when it is not sent as the HTTP Basic user name');

const Accepted = z.object({
  success: z.literal(true),
  rejected: z
    .array(z.object({ index: z.number().int(), reason: z.string() }))
    .optional()
    .describe('Events of the batch that were refused (by position); the others are stored'),
});

const Problem = z
  .looseObject({
    type: z.string(),
    status: z.number().int(),
    title: z.string(),
    detail: z.string().optional(),
  })
  .describe('application/problem+json naming the field at fault');

const errorResponses = {
  400: Problem.describe('Malformed JSON, an invalid event, or a batch with no valid event'),
  401: Problem.describe('No write key, or an unknown or revoked one'),
  413: Problem.describe('Body over 500 KB after decompression'),
  415: Problem.describe('Content-Encoding other than gzip or deflate'),
};

const CALLS: Record<EventKind, string> = {
  track: 'Record an action the visitor took (`event` names it)',
  page: 'Record a page view',
  screen: 'Record a screen view (mobile apps)',
  identify: 'Tie the visitor to a person (`userId`, `traits.email`): creates or updates the contact',
  group: "Tie the visitor's person to a company (`groupId`, `traits`): links the contact to the account",
  alias: 'Merge a previous id (`previousId`) into this user',
};

/**
 * The route schema of one call, at its full path (`/v1/track`) or at the short path Segment's
 * analytics.js uses (`/v1/t`, given as `fullPath`).
 */
export function eventRouteSchema(kind: EventKind, fullPath?: string): FastifySchema {
  return {
    tags,
    summary: fullPath ? `${CALLS[kind]} (short path of ${fullPath})` : CALLS[kind],
    description:
      'Segment-compatible. Answers 200 once the event is committed to the inbound queue; it becomes an ' +
      'activity moments later. Bodies may be sent as text/plain JSON and gzip/deflate encoded.',
    security,
    consumes,
    body: eventSchemas[kind].extend({ writeKey: WriteKeyField }),
    response: { 200: Accepted, ...errorResponses },
  };
}

/** The route schema of a batch endpoint (`/v1/batch`, `/v1/b`, `/v1/import`). */
export function batchRouteSchema(summary: string): FastifySchema {
  return {
    tags,
    summary,
    description:
      'Up to 500 KB of events, each with its `type` (track, page, screen, identify, group, alias). ' +
      'Valid events are stored even when others are refused; those are listed in `rejected`.',
    security,
    consumes,
    body: BatchEnvelopeSchema,
    response: { 200: Accepted, ...errorResponses },
  };
}

/** The route schema of `/beacon/v1/batch`: RudderStack's beacon, the write key in the query string. */
export const beaconRouteSchema: FastifySchema = {
  ...batchRouteSchema('Record a batch of events sent by navigator.sendBeacon (RudderStack useBeacon)'),
  querystring: z.object({
    writeKey: z.string().max(200).optional().describe('The write key (sendBeacon cannot set headers)'),
  }),
};

/** The route schema of `/v1/m`, where analytics.js reports its own delivery metrics. */
export const clientMetricsRouteSchema: FastifySchema = {
  tags,
  summary: 'analytics.js client metrics (acknowledged and discarded; no write key)',
  consumes,
  security: [],
  response: { 204: z.null().describe('Acknowledged') },
};

/**
 * Route options that keep the schemas above for the OpenAPI document only: the body reaches the
 * handler as parsed (validated there, event by event) and replies are serialised as they are.
 */
export const documentedOnly: {
  validatorCompiler: FastifySchemaCompiler<unknown>;
  serializerCompiler: FastifySerializerCompiler<unknown>;
} = {
  validatorCompiler: () => (value) => ({ value }),
  serializerCompiler: () => (data) => JSON.stringify(data),
};
