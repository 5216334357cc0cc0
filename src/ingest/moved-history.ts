import type { Attribution } from '../signals/retract-scores.ts';

/**
 * Activities whose contact or account the current batch changed (identify/alias attaching a
 * visitor's history to a contact, group or account linking giving a contact's history an account).
 * Each keeps the attribution it was scored with before its FIRST move in the batch: that
 * contribution is retracted, and the activity is scored again with where it ends up.
 */
export class MovedHistory {
  readonly #scoredAs = new Map<number, Attribution>();

  /** Record moved activities with the attribution they had just before this move. */
  record(rows: readonly { id: number; before: Attribution }[]): void {
    for (const row of rows) if (!this.#scoredAs.has(row.id)) this.#scoredAs.set(row.id, row.before);
  }

  /** Ids of every moved activity. */
  ids(): number[] {
    return [...this.#scoredAs.keys()];
  }

  /** Moved activities that counted somewhere before (those with neither contact nor account never did). */
  scored(): { id: number; before: Attribution }[] {
    const out: { id: number; before: Attribution }[] = [];
    for (const [id, before] of this.#scoredAs)
      if (before.contactId || before.accountId) out.push({ id, before });
    return out;
  }
}
