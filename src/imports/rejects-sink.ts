import { stringify } from 'csv-stringify/sync';

/** Rejects kept in the imports table are capped at this many characters (the file gets them all). */
export const REJECTS_TEXT_LIMIT = 5 * 1024 * 1024;

/** Where an import's rejected rows go: a capped CSV text (stored) and optionally a stream (a file). */
export class RejectsSink {
  readonly #headers: readonly string[];
  readonly #out: NodeJS.WritableStream | undefined;
  #text = '';
  #truncated = false;
  #count = 0;

  constructor(headers: readonly string[], out?: NodeJS.WritableStream) {
    this.#headers = headers;
    this.#out = out;
  }

  /** Record a rejected row: its original cells, row number and reason. */
  async add(row: number, cells: readonly string[], reason: string): Promise<void> {
    let chunk = '';
    if (this.#count === 0) chunk += stringify([[...this.#headers, '_row', '_reason']]);
    this.#count += 1;
    const padded = this.#headers.map((_, n) => cells[n] ?? '');
    chunk += stringify([[...padded, String(row), reason]]);
    if (!this.#truncated) {
      if (this.#text.length + chunk.length <= REJECTS_TEXT_LIMIT) this.#text += chunk;
      else this.#truncated = true;
    }
    if (this.#out && !this.#out.write(chunk)) {
      const out = this.#out;
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }

  get count(): number {
    return this.#count;
  }

  /** The stored CSV text (null when nothing was rejected). */
  get text(): string | null {
    return this.#count === 0 ? null : this.#text;
  }

  get truncated(): boolean {
    return this.#truncated;
  }
}
