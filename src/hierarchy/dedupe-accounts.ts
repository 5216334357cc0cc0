import type { Kysely } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { type DuplicatePair, findDuplicateAccounts } from './find-duplicate-accounts.ts';
import { mergeAccounts } from './merge-accounts.ts';

export interface DedupeResult {
  pairs: DuplicatePair[];
  /** Accounts merged away (0 unless `merge`). */
  merged: number;
}

/** Group pairs into clusters (union-find), each merged into one survivor. */
export function duplicateClusters(pairs: DuplicatePair[]): { survivor: string; duplicates: string[] }[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let next = parent.get(root); next !== undefined && next !== root; next = parent.get(root))
      root = next;
    parent.set(x, root);
    return root;
  };
  for (const p of pairs) {
    for (const id of [p.account.id, p.duplicate.id]) if (!parent.has(id)) parent.set(id, id);
    const a = find(p.account.id);
    const d = find(p.duplicate.id);
    if (a !== d) parent.set(d, a);
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.entries()].map(([root, ids]) => ({
    survivor: root,
    duplicates: ids.filter((i) => i !== root),
  }));
}

/**
 * Find a workspace's likely duplicate accounts at or above `minScore` and, when `merge` is set,
 * merge each cluster into its suggested survivor (one audited transaction per cluster).
 */
export async function dedupeAccounts(
  db: Kysely<DB>,
  ctx: AuthContext,
  options: { minScore: number; merge: boolean },
): Promise<DedupeResult> {
  const pairs = await findDuplicateAccounts(db, ctx.workspaceId, { minScore: options.minScore, limit: 5000 });
  if (!options.merge) return { pairs, merged: 0 };
  let merged = 0;
  for (const group of duplicateClusters(pairs)) {
    const result = await mergeAccounts(db, ctx, group.survivor, group.duplicates);
    merged += result.mergedIds.length;
  }
  return { pairs, merged };
}
