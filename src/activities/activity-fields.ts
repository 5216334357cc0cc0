import { z } from 'zod';
import { CustomFieldsSchema } from '../records/record-fields.ts';

/** An activity as the API and CSV import accept it: a typed, timestamped event. */
export const ActivityFieldsSchema = z.strictObject({
  type: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.:-]+$/i, 'must be letters, digits, _ . : -'),
  occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' }),
  accountId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  /** Link by the contact's email when the id is not known. */
  contactEmail: z.email().max(320).nullable().optional(),
  properties: CustomFieldsSchema.optional(),
  source: z.string().trim().max(100).optional(),
  messageId: z.string().trim().max(200).nullable().optional(),
});
export type ActivityFields = z.infer<typeof ActivityFieldsSchema>;
