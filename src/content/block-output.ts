import type { Selectable } from 'kysely';
import { z } from 'zod';
import { BlockVariantSchema, StoredVariantsSchema } from './block-fields.ts';
import type { ContentBlocksTable } from './tables.ts';

/** A block as the API returns it; `usedBy` lists the templates whose current version inserts it. */
export const BlockOutSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  variants: z.array(BlockVariantSchema),
  version: z.number(),
  updatedBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type BlockOut = z.infer<typeof BlockOutSchema>;

/** The API view of a block row. */
export function toBlockOut(row: Selectable<ContentBlocksTable>, usedBy: BlockOut['usedBy']): BlockOut {
  const variants = StoredVariantsSchema.safeParse(row.variants);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    variants: variants.success ? variants.data : [],
    version: row.version,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    usedBy,
  };
}
