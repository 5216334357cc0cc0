import ipaddr from 'ipaddr.js';
import type { JsonObject } from '../db/json.ts';
import {
  copyJsonFields,
  jsonSizeBound,
  objectField,
  stringField,
  toJsonObject,
} from '../records/json-value.ts';
import { type EventKind, eventSchemas, isEventKind } from './event-schemas.ts';

/** The largest accepted event, serialised (Segment's limit). */
export const MAX_EVENT_BYTES = 32 * 1024;
/** Timestamps further than this beyond receipt are clamped to the receipt time. */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/** A validated event, ready to be resolved to a contact/account and stored as an activity. */
export interface NormalizedEvent {
  kind: EventKind;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  /** Activity type: `page_view`, `screen_view`, `identify`, `group`, `alias`, or the snake_cased track event name. */
  type: string;
  occurredAt: Date;
  ip: string | null;
  properties: JsonObject;
  traits: Record<string, unknown>;
  groupId: string | null;
  previousId: string | null;
}

export interface NormalizeContext {
  receivedAt: Date;
  /** The connecting client's address (used when the event carries no valid context.ip). */
  requestIp: string | null;
  /** The batch's sentAt, for clock-skew correction of events that carry none. */
  batchSentAt?: Date | null;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

/** `Form Submitted` → `form_submitted`. */
export function activityTypeOf(eventName: string): string {
  const type = eventName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  return type || 'event';
}

/** A valid IP address in canonical form (IPv4-mapped IPv6 unwrapped), or null for garbage. */
export function cleanIp(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const text = value.trim();
  const v4 = IPV4.exec(text);
  if (v4)
    return v4.slice(1).every((octet) => Number(octet) <= 255) ? text.replace(/(^|\.)0+(\d)/g, '$1$2') : null;
  if (!ipaddr.isValid(text)) return null;
  try {
    return ipaddr.process(text).toString();
  } catch {
    return null;
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
const CAMPAIGN_KEYS: Record<string, (typeof UTM_KEYS)[number]> = {
  source: 'utm_source',
  medium: 'utm_medium',
  name: 'utm_campaign',
  term: 'utm_term',
  content: 'utm_content',
};

/** Page and campaign fields: from properties, else context.page / context.campaign / the URL. */
function pageFields(
  properties: Record<string, unknown>,
  context: Record<string, unknown> | null,
): JsonObject {
  const page = objectField(context, 'page');
  const out: JsonObject = {};
  for (const key of ['url', 'path', 'title', 'referrer', 'search'] as const) {
    const value = stringField(properties, key) ?? stringField(page, key);
    if (value) out[key] = value;
  }
  const campaign = objectField(context, 'campaign');
  for (const [key, utm] of Object.entries(CAMPAIGN_KEYS)) {
    const value = stringField(campaign, key, 500);
    if (value) out[utm] = value;
  }
  const url = typeof out.url === 'string' ? out.url : null;
  // Parsed only for what it can add: the path when none was sent, UTM parameters when present.
  if (url && (!out.path || url.includes('utm_'))) {
    try {
      const parsed = new URL(url);
      if (!out.path) out.path = parsed.pathname;
      for (const key of UTM_KEYS) {
        const value = parsed.searchParams.get(key);
        if (value && !out[key]) out[key] = value.slice(0, 500);
      }
    } catch {
      // A relative or malformed URL is kept as sent.
    }
  }
  return out;
}

/** A Segment id as a trimmed string, or null when absent/empty. */
function idOf(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  return text || null;
}

/** A timestamp field as a Date: null when absent, 'invalid' when unparsable. */
export function dateOf(value: string | number | null | undefined): Date | null | 'invalid' {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid event';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Validate one Segment call and turn it into an activity: clock skew corrected with
 * `timestamp + (receivedAt − sentAt)`, far-future timestamps clamped and flagged, IP/user agent/page/UTM
 * fields lifted into properties.
 *
 * @example
 * const r = normalizeEvent(body, 'track', { receivedAt: new Date(), requestIp: '203.0.113.9' });
 */
export function normalizeEvent(
  raw: unknown,
  kindHint: EventKind | null,
  ctx: NormalizeContext,
): NormalizeResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, reason: 'event must be an object' };
  const typeField = 'type' in raw ? raw.type : undefined;
  const kind = kindHint ?? (isEventKind(typeField) ? typeField : null);
  if (!kind) {
    return {
      ok: false,
      reason: `type: unknown event type ${JSON.stringify(typeField ?? null).slice(0, 50)}`,
    };
  }
  // Serialised only when the cheap upper bound says it might be too large.
  if (jsonSizeBound(raw, MAX_EVENT_BYTES) > MAX_EVENT_BYTES) {
    const size = Buffer.byteLength(JSON.stringify(raw));
    if (size > MAX_EVENT_BYTES)
      return { ok: false, reason: `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES}` };
  }
  const parsed = eventSchemas[kind].safeParse(raw);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const e = parsed.data;
  const userId = idOf(e.userId);
  const anonymousId = idOf(e.anonymousId);
  if (!userId && !anonymousId) return { ok: false, reason: 'userId or anonymousId is required' };
  const groupId = 'groupId' in e ? idOf(e.groupId) : null;
  if (kind === 'group' && !groupId) return { ok: false, reason: 'groupId: is required' };
  const previousId = 'previousId' in e ? idOf(e.previousId) : null;
  if (kind === 'alias' && !previousId) return { ok: false, reason: 'previousId: is required' };
  const timestamp = dateOf(e.timestamp);
  const originalTimestamp = dateOf(e.originalTimestamp);
  const eventSentAt = dateOf(e.sentAt);
  if (timestamp === 'invalid') return { ok: false, reason: 'timestamp: must be an ISO 8601 timestamp' };
  if (originalTimestamp === 'invalid')
    return { ok: false, reason: 'originalTimestamp: must be an ISO 8601 timestamp' };
  if (eventSentAt === 'invalid') return { ok: false, reason: 'sentAt: must be an ISO 8601 timestamp' };

  const context = e.context ?? null;
  const properties: JsonObject = {};
  const receivedMs = ctx.receivedAt.getTime();
  const base = timestamp ?? originalTimestamp;
  const sentAt = eventSentAt ?? ctx.batchSentAt ?? null;
  let occurredMs = receivedMs;
  if (base) {
    const skew = sentAt ? receivedMs - sentAt.getTime() : 0;
    occurredMs = base.getTime() + skew;
    if (Math.abs(skew) >= 1000) properties.clockSkewMs = skew;
  }
  if (occurredMs > receivedMs + MAX_FUTURE_MS) {
    properties.timestampClamped = true;
    properties.originalTimestamp = new Date(occurredMs).toISOString();
    occurredMs = receivedMs;
  }

  let type: string;
  let userProperties: Record<string, unknown> = {};
  if ('event' in e && typeof e.event === 'string') {
    type = activityTypeOf(e.event);
    properties.event = e.event;
  } else if (kind === 'page' || kind === 'screen') {
    type = kind === 'page' ? 'page_view' : 'screen_view';
  } else {
    type = kind;
  }
  if (kind === 'track' || kind === 'page' || kind === 'screen')
    userProperties = objectField(e, 'properties') ?? {};
  if ('name' in e && typeof e.name === 'string' && e.name) properties.name = e.name;
  if ('category' in e && typeof e.category === 'string' && e.category) properties.category = e.category;

  // Filled in place, in precedence order (a later field wins): one object, no spreads — this runs
  // for every tracked event.
  const out: JsonObject = {};
  copyJsonFields(out, userProperties);
  copyJsonFields(out, pageFields(userProperties, context));
  copyJsonFields(out, properties);
  if (userId) out.userId = userId;
  if (anonymousId) out.anonymousId = anonymousId;
  const sentIp = context?.ip;
  const validSentIp = sentIp === undefined || sentIp === null ? null : cleanIp(sentIp);
  if (sentIp !== undefined && sentIp !== null && !validSentIp) out.invalidIp = String(sentIp).slice(0, 100);
  const ip = validSentIp ?? cleanIp(ctx.requestIp);
  if (ip) out.ip = ip;
  const userAgent = stringField(context, 'userAgent', 1000);
  if (userAgent) out.userAgent = userAgent;
  const library = stringField(objectField(context, 'library'), 'name', 100);
  if (library) out.library = library;
  const traits: Record<string, unknown> = objectField(e, 'traits') ?? objectField(context, 'traits') ?? {};
  if (kind === 'identify' || kind === 'group') out.traits = toJsonObject(traits);
  if (groupId) out.groupId = groupId;
  if (previousId) out.previousId = previousId;

  return {
    ok: true,
    event: {
      kind,
      messageId: idOf(e.messageId) ?? `srv-${crypto.randomUUID()}`,
      userId,
      anonymousId,
      type,
      occurredAt: new Date(occurredMs),
      ip,
      properties: out,
      traits,
      groupId,
      previousId,
    },
  };
}
