import { z } from 'zod';
import { segmentMemberSchema, segmentOutSchema } from '../contracts/segment-contract.ts';
import { SEGMENT_KINDS, SegmentRuleSchema } from './segment-rule.ts';

/** A new segment: dynamic (with a rule) or static (members added by API or CSV). */
export const SegmentInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).default(''),
    kind: z.enum(SEGMENT_KINDS),
    type: z.enum(['dynamic', 'static']).default('dynamic'),
    rule: SegmentRuleSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.type === 'dynamic' && !s.rule)
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'a dynamic segment needs a rule' });
    if (s.type === 'static' && s.rule)
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'a static segment has no rule' });
  });
export type SegmentInput = z.infer<typeof SegmentInputSchema>;

/** A change to a segment; a new rule rebuilds its membership. */
export const SegmentPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).optional(),
  rule: SegmentRuleSchema.optional(),
});
export type SegmentPatch = z.infer<typeof SegmentPatchSchema>;

/** A segment as the API returns it. */
export const SegmentOutSchema = segmentOutSchema(z.date());
export type SegmentOut = z.infer<typeof SegmentOutSchema>;

/** A preview request: the rule being built. */
export const PreviewInputSchema = z.strictObject({
  kind: z.enum(SEGMENT_KINDS),
  rule: SegmentRuleSchema,
  sample: z.int().min(0).max(100).default(10),
});

/** A member as listed: the record's main fields and its current stint. */
export const SegmentMemberSchema = segmentMemberSchema(z.date());
export type SegmentMember = z.infer<typeof SegmentMemberSchema>;
