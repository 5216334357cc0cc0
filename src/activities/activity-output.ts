import { z } from 'zod';
import type { Activity } from '../db/schema.ts';

/** An activity as the API returns it (camelCase). */
export const ActivityOutSchema = z.object({
  id: z.number(),
  type: z.string(),
  occurredAt: z.date(),
  accountId: z.string().nullable(),
  contactId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  source: z.string(),
  messageId: z.string().nullable(),
  createdAt: z.date(),
});
export type ActivityOut = z.infer<typeof ActivityOutSchema>;

/** The API view of an activity row. */
export function toActivityOut(row: Activity): ActivityOut {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurred_at instanceof Date ? row.occurred_at : new Date(row.occurred_at),
    accountId: row.account_id,
    contactId: row.contact_id,
    properties: row.properties,
    source: row.source,
    messageId: row.message_id,
    createdAt: row.created_at,
  };
}
