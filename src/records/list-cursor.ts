import { z } from 'zod';

/** Where a list page ends: the sort it was made for, the last row's sort value (as SQL text) and id. */
export interface ListCursor {
  sort: string;
  /** The sort value of the last row as PostgreSQL text, or null when the page ended among nulls. */
  value: string | null;
  id: string;
}

const CursorSchema = z.strictObject({
  s: z.string().max(100),
  v: z.string().max(4000).nullable(),
  i: z.string().max(100),
});

/** An opaque base64url cursor for the next page. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, v: cursor.value, i: cursor.id })).toString('base64url');
}

/** The cursor inside an opaque string, or null when it is not one this API made. */
export function decodeCursor(text: string): ListCursor | null {
  if (text.length > 6000 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    return { sort: parsed.data.s, value: parsed.data.v, id: parsed.data.i };
  } catch {
    return null;
  }
}
