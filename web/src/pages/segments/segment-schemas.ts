import { z } from 'zod';
import {
  ExplainedNodeSchema,
  MembershipDaySchema,
  segmentMemberSchema,
  segmentOutSchema,
} from '../../../../src/contracts/segment-contract.ts';

/** Shapes of the segments API's answers (src/contracts/segment-contract.ts; timestamps as ISO strings). */
export const SegmentRow = segmentOutSchema(z.string());
export type SegmentRowT = z.infer<typeof SegmentRow>;
export const SegmentList = z.object({ data: z.array(SegmentRow) });

export const SegmentMember = segmentMemberSchema(z.string());
export type SegmentMemberT = z.infer<typeof SegmentMember>;
export const Preview = z.object({ count: z.number(), sample: z.array(SegmentMember), tookMs: z.number() });
export type PreviewT = z.infer<typeof Preview>;
export const MemberPage = z.object({
  kind: z.enum(['account', 'contact']),
  data: z.array(SegmentMember),
  next: z.string().nullable(),
});

export const History = z.object({ data: z.array(MembershipDaySchema) });
export const Explained = ExplainedNodeSchema;

export const Memberships = z.object({
  data: z.array(
    z.object({
      segmentId: z.string(),
      name: z.string(),
      enteredAt: z.string(),
      exitedAt: z.string().nullable(),
      entryReason: z.string(),
      exitReason: z.string().nullable(),
    }),
  ),
});

export const StaticChange = z.object({
  added: z.number(),
  removed: z.number(),
  unknown: z.array(z.string()).optional(),
  unmatchedRows: z.array(z.unknown()).optional(),
});

/** Pick lists of the condition editor. */
export const PersonaList = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) });
export const TopicList = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) });
export const TargetListList = z.object({
  data: z.array(z.object({ id: z.string(), period: z.string(), name: z.string(), status: z.string() })),
});
