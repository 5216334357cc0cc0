import type { RoutingRule } from './routing-rule.ts';

/** A round-robin rule's state during one routing pass: accounts per owner, where ties start. */
export interface RoundRobinState {
  counts: Map<string, number>;
  position: number;
}

export interface Pick {
  ownerId: string;
  why: string;
}

/**
 * The owner a rule gives the next account: its one owner, or — round robin — the owner with the
 * fewest accounts among those under the capacity, ties going to the next in turn after the last pick
 * (so owners that start equal take turns, and an owner who starts with fewer catches up first).
 * Null when every owner of the rule is at capacity: the account falls through to the next rule.
 */
export function pickOwner(rule: RoutingRule, state: RoundRobinState | undefined): Pick | null {
  const assign = rule.assign;
  if (assign.type === 'owner') return { ownerId: assign.ownerId, why: 'its owner' };
  if (!state) throw new Error(`round-robin rule ${rule.id} has no state`);
  const owners = assign.ownerIds;
  const max = assign.maxAccountsPerOwner;
  let best: { ownerId: string; index: number; count: number } | null = null;
  for (let k = 0; k < owners.length; k++) {
    const index = (state.position + k) % owners.length;
    const ownerId = owners[index];
    if (ownerId === undefined) continue;
    const count = state.counts.get(ownerId) ?? 0;
    if (max !== null && count >= max) continue;
    if (!best || count < best.count) best = { ownerId, index, count };
  }
  if (!best) return null;
  state.counts.set(best.ownerId, best.count + 1);
  state.position = (best.index + 1) % owners.length;
  return {
    ownerId: best.ownerId,
    why: `round robin over ${owners.length} owners: the fewest accounts (${best.count}${max === null ? '' : ` of at most ${max}`})`,
  };
}
