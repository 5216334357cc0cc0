import type { AccountIndex } from './account-index.ts';
import type { TieBreaker } from './match-types.ts';

const LABELS: Record<TieBreaker, string> = {
  customer: 'customer over prospect',
  most_contacts: 'most contacts',
  open_opportunity: 'open opportunity',
  parent: 'parent over child',
  oldest: 'oldest account',
};

/**
 * Compares two accounts by the configured tie-breakers; negative when `a` should win. Also says which
 * tie-breaker decided (null when all tie — then the lower index wins for determinism).
 */
export function compareByTieBreakers(
  index: AccountIndex,
  a: number,
  b: number,
  order: readonly TieBreaker[],
): { order: number; decidedBy: string | null } {
  for (const rule of order) {
    const d = ruleOrder(index, rule, a, b);
    if (d !== 0) return { order: d, decidedBy: LABELS[rule] };
  }
  return { order: a - b, decidedBy: null };
}

function ruleOrder(index: AccountIndex, rule: TieBreaker, a: number, b: number): number {
  switch (rule) {
    case 'customer':
      return (index.lifecycle[b] ?? 0) - (index.lifecycle[a] ?? 0);
    case 'most_contacts':
      return (index.contacts[b] ?? 0) - (index.contacts[a] ?? 0);
    case 'open_opportunity':
      return (index.openOpportunity[b] ?? 0) - (index.openOpportunity[a] ?? 0);
    case 'parent': {
      if (index.parent[b] === a) return -1;
      if (index.parent[a] === b) return 1;
      const aTop = (index.parent[a] ?? -1) < 0 ? 1 : 0;
      const bTop = (index.parent[b] ?? -1) < 0 ? 1 : 0;
      return bTop - aTop;
    }
    case 'oldest':
      return (index.created[a] ?? 0) - (index.created[b] ?? 0);
  }
}
