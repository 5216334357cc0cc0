import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';

/** Account segments every report is split by. */
export const SEGMENTS = ['all', 'targets', 'non_targets', 'tier_1', 'tier_2', 'tier_3'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const SegmentParam = z.enum(SEGMENTS);

/** Human labels of the segments. */
export const SEGMENT_LABELS: Record<Segment, string> = {
  all: 'All accounts',
  targets: 'Target accounts',
  non_targets: 'Non-target accounts',
  tier_1: 'Tier 1',
  tier_2: 'Tier 2',
  tier_3: 'Tier 3',
};

/** The SQL condition on a facts row aliased `f` for a segment. */
export function segmentCondition(segment: Segment): RawBuilder<boolean> {
  switch (segment) {
    case 'all':
      return sql<boolean>`true`;
    case 'targets':
      return sql<boolean>`f.is_target`;
    case 'non_targets':
      return sql<boolean>`NOT f.is_target`;
    default:
      return sql<boolean>`(f.is_target AND f.tier = ${Number(segment.slice(5))})`;
  }
}
