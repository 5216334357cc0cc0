import { foldKey } from './fold-text.ts';
import { inputText, MAX_LOOKUP_LENGTH } from './normal-value.ts';

/** A workspace user as owners are looked up. */
export interface OwnerCandidate {
  id: string;
  email: string;
  name: string | null;
}

/** An owner as written, resolved to a user id, or not (with why). */
export type OwnerMatch =
  | { ok: true; userId: string }
  | { ok: false; raw: string; reason: 'unknown' | 'ambiguous' | 'invalid' };

const EMAIL_IN_TEXT = /[^\s<>()[\]"',;]+@[^\s<>()[\]"',;]+\.[^\s<>()[\]"',;]+/;

/**
 * The users of one workspace by e-mail and by name, to resolve owner columns (HubSpot `Company
 * owner`, Salesforce `Account Owner`: a name, an e-mail, or `Name <email>`). Built once per import
 * or request with one query (loadOwnerDirectory in src/records).
 */
export class OwnerDirectory {
  private readonly byEmail = new Map<string, string>();
  private readonly byName = new Map<string, string | null>();

  constructor(users: readonly OwnerCandidate[]) {
    for (const user of users) {
      this.byEmail.set(user.email.trim().toLowerCase(), user.id);
      if (user.name) this.addName(foldKey(user.name), user.id);
      // `jane.doe@…` is also how people write a name in a spreadsheet.
      const local = user.email.split('@')[0];
      if (local && /[._-]/.test(local)) this.addName(foldKey(local), user.id, true);
    }
  }

  private addName(key: string, id: string, weak = false): void {
    if (!key) return;
    const taken = this.byName.get(key);
    if (taken === undefined) this.byName.set(key, id);
    else if (taken !== id && !weak) this.byName.set(key, null);
  }

  /**
   * The user an owner value names: an e-mail (any case, also inside `Name <email>`), a full name
   * (`Jane Doe`, `DOE, Jane`, accents and case ignored) when exactly one user has it.
   */
  resolve(input: unknown): OwnerMatch | null {
    const { text, wrongType } = inputText(input);
    if (text === null) return null;
    if (wrongType || text.length > MAX_LOOKUP_LENGTH) return { ok: false, raw: text, reason: 'invalid' };
    const email = EMAIL_IN_TEXT.exec(text)?.[0]?.toLowerCase();
    if (email) {
      const id = this.byEmail.get(email);
      return id ? { ok: true, userId: id } : { ok: false, raw: text, reason: 'unknown' };
    }
    const comma = text.indexOf(',');
    const named = comma > 0 ? `${text.slice(comma + 1)} ${text.slice(0, comma)}` : text;
    const id = this.byName.get(foldKey(named));
    if (id) return { ok: true, userId: id };
    return { ok: false, raw: text, reason: id === null ? 'ambiguous' : 'unknown' };
  }
}
