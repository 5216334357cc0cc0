import type { VariantWhen } from './block-fields.ts';
import type { BuyingStage } from './buying-stage.ts';

/** What a block variant is chosen by: the recipient's facts. */
export interface RecipientFacts {
  accountId: string | null;
  cluster: number | null;
  personaIds: readonly string[];
  stage: string | null;
  buyingStage: BuyingStage | null;
  tier: number | null;
  industry: string | null;
  language: string | null;
}

const fold = (s: string) => s.trim().toLowerCase();
const primary = (tag: string) => fold(tag).split('-')[0] ?? '';

function holds(when: VariantWhen, f: RecipientFacts): boolean {
  if (when.accountIds && !(f.accountId !== null && when.accountIds.includes(f.accountId))) return false;
  if (when.clusters && !(f.cluster !== null && when.clusters.includes(f.cluster))) return false;
  if (when.personaIds && !when.personaIds.some((p) => f.personaIds.includes(p))) return false;
  if (when.stages && !when.stages.some((s) => s === f.stage || s === f.buyingStage)) return false;
  if (when.tiers && !(f.tier !== null && when.tiers.includes(f.tier))) return false;
  if (
    when.industries &&
    !(f.industry !== null && when.industries.some((i) => fold(i) === fold(f.industry ?? '')))
  )
    return false;
  if (when.languages) {
    const lang = f.language;
    if (lang === null) return false;
    // "de-AT" matches a recipient in de-AT; "de" matches any German.
    if (
      !when.languages.some(
        (l) => fold(l) === fold(lang) || (!l.includes('-') && primary(l) === primary(lang)),
      )
    )
      return false;
  }
  return true;
}

/** How specific a variant is: an account override beats a cluster's, which beats any number of others. */
function specificity(when: VariantWhen): number {
  let score = 0;
  if (when.accountIds) score += 10_000;
  if (when.clusters) score += 1_000;
  for (const key of ['personaIds', 'stages', 'tiers', 'industries', 'languages'] as const)
    if (when[key]) score += 1;
  return score;
}

/**
 * The variant for a recipient: of those whose conditions all hold, the most specific (account override,
 * then cluster override, then the most conditions); on a tie the first listed. The default (no
 * conditions) holds for everyone, so it is chosen when nothing more specific does.
 */
export function chooseVariant<V extends { when: VariantWhen }>(
  variants: readonly V[],
  facts: RecipientFacts,
): V | undefined {
  let best: V | undefined;
  let bestScore = -1;
  for (const v of variants) {
    if (!holds(v.when, facts)) continue;
    const score = specificity(v.when);
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}
