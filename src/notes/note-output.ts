import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { NotesTable } from '../db/schema.ts';

/** A note as the API returns it. */
export const NoteOutSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  authorId: z.string().nullable(),
  body: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type NoteOut = z.infer<typeof NoteOutSchema>;

/** The body of a note as the API accepts it. */
export const NoteInputSchema = z.strictObject({ body: z.string().trim().min(1, 'is required').max(20_000) });

/** The API view of a note row. */
export function toNoteOut(row: Selectable<NotesTable>): NoteOut {
  return {
    id: row.id,
    accountId: row.account_id,
    authorId: row.author_id,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
