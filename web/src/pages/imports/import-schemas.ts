import { z } from 'zod';

/** POST /imports/{kind}/preview: detected format, proposed mapping, the first rows as imported. */
export const Preview = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), how: z.string() })),
  missing: z.array(z.string()),
  rows: z.array(
    z.object({
      row: z.number(),
      record: z.record(z.string(), z.unknown()).nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type PreviewT = z.infer<typeof Preview>;

/** POST /imports/{kind}: the finished import's summary. */
export const Summary = z.object({
  importId: z.string(),
  dryRun: z.boolean(),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  warnings: z.array(z.string()).optional(),
  seconds: z.number().optional(),
});
export type SummaryT = z.infer<typeof Summary>;
