import { normalizeCompanyName } from '../matching/normalize-company-name.ts';

/** Accounts sharing a block are compared; bigger blocks are common-word noise and are skipped. */
const MAX_BLOCK = 100;

/**
 * Candidate pairs of accounts whose normalised names may be equal or one typo apart, by blocking
 * (linear in the number of accounts, no all-pairs comparison): the sorted name tokens, and per
 * token position the name with that token reduced to its first letter and length (lengths L and
 * L−1, so one inserted or deleted letter still meets). Pairs are verified by the caller.
 */
export class NameBlocks {
  private readonly blocks = new Map<string, string[]>();

  add(id: string, name: string): void {
    const { tokens } = normalizeCompanyName(name);
    if (tokens.length === 0) return;
    this.push(`=${[...tokens].sort().join(' ')}`, id);
    tokens.forEach((token, i) => {
      if (token.length < 4) return;
      for (const len of [token.length, token.length - 1]) {
        const masked = tokens.map((t, j) => (j === i ? `${t.charAt(0)}*${len}` : t)).join(' ');
        this.push(`~${i}:${masked}`, id);
      }
    });
  }

  private push(key: string, id: string): void {
    const list = this.blocks.get(key);
    if (!list) this.blocks.set(key, [id]);
    else if (list.length <= MAX_BLOCK && list[list.length - 1] !== id) list.push(id);
  }

  /** Every pair of ids sharing a block of at most MAX_BLOCK accounts. */
  *pairs(): Generator<[string, string]> {
    for (const ids of this.blocks.values()) {
      if (ids.length < 2 || ids.length > MAX_BLOCK) continue;
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const a = ids[i];
          const b = ids[j];
          if (a && b) yield [a, b];
        }
      }
    }
  }
}
