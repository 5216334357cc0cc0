/** The buyer's journey as content is written for it: problem recognised → solutions compared → choice. */
export const BUYING_STAGES = ['problem', 'solutions', 'choice'] as const;
export type BuyingStage = (typeof BUYING_STAGES)[number];

/** The default journey stages (src/signals/stages) and the buying stage content addresses there. */
const DEFAULT_STAGE_MAP: Record<string, BuyingStage> = {
  unaware: 'problem',
  aware: 'problem',
  engaged: 'solutions',
  mqa: 'solutions',
  opportunity: 'choice',
  customer: 'choice',
};

/**
 * The buying stage of an account in journey stage `stageKey`: the default model's stages map as
 * unaware/aware → problem, engaged/MQA → solutions, opportunity/customer → choice; a workspace's own
 * stages map by position, in thirds of its stage model (`position` of `stageCount`, shallowest 0).
 */
export function buyingStageOf(
  stageKey: string | null,
  position: number | null,
  stageCount: number,
): BuyingStage | null {
  if (stageKey === null) return null;
  const mapped = DEFAULT_STAGE_MAP[stageKey];
  if (mapped) return mapped;
  if (position === null || stageCount < 2) return null;
  const share = position / (stageCount - 1);
  return share < 1 / 3 ? 'problem' : share < 2 / 3 ? 'solutions' : 'choice';
}
