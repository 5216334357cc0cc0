import { parseIp, parseIpv4Fast, parseIpv6Words } from './ip-address.ts';

/** A range as the index holds it: inclusive bounds and what a hit means. */
export interface IndexedRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
  accountId: string | null;
  confidence: number;
  excluded: boolean;
}

export interface IpMatch {
  accountId: string;
  confidence: number;
}

interface Segments {
  starts: bigint[];
  ends: bigint[];
  winners: number[];
}

/** Min-heap of range indexes ordered by range size (smallest = most specific first). */
class SizeHeap {
  private readonly items: number[] = [];
  constructor(private readonly size: (i: number) => bigint) {}
  get top(): number | undefined {
    return this.items[0];
  }
  push(i: number): void {
    const a = this.items;
    a.push(i);
    let k = a.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pk = a[parent] ?? 0;
      const ck = a[k] ?? 0;
      if (this.less(pk, ck)) break;
      a[parent] = ck;
      a[k] = pk;
      k = parent;
    }
  }
  pop(): void {
    const a = this.items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    a[0] = last;
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < a.length && this.less(a[l] ?? 0, a[m] ?? 0)) m = l;
      if (r < a.length && this.less(a[r] ?? 0, a[m] ?? 0)) m = r;
      if (m === k) return;
      const t = a[m] ?? 0;
      a[m] = a[k] ?? 0;
      a[k] = t;
      k = m;
    }
  }
  private less(x: number, y: number): boolean {
    const sx = this.size(x);
    const sy = this.size(y);
    return sx < sy || (sx === sy && x > y);
  }
}

/**
 * Flatten possibly overlapping ranges of one family into disjoint segments, each owned by the most
 * specific (smallest) range covering it; ties go to the range listed last. A sweep over the
 * boundaries with a heap of the active ranges: O(n log n).
 */
function flatten(ranges: IndexedRange[], ids: number[]): Segments {
  const order = [...ids].sort((x, y) => {
    const a = ranges[x]?.start ?? 0n;
    const b = ranges[y]?.start ?? 0n;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const points = new Set<bigint>();
  for (const i of ids) {
    const r = ranges[i];
    if (!r) continue;
    points.add(r.start);
    points.add(r.end + 1n);
  }
  const sorted = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const heap = new SizeHeap((i) => {
    const r = ranges[i];
    return r ? r.end - r.start : 0n;
  });
  const out: Segments = { starts: [], ends: [], winners: [] };
  let next = 0;
  for (let p = 0; p < sorted.length - 1; p++) {
    const at = sorted[p] ?? 0n;
    const until = (sorted[p + 1] ?? 0n) - 1n;
    while (next < order.length && (ranges[order[next] ?? 0]?.start ?? 0n) <= at)
      heap.push(order[next++] ?? 0);
    for (let t = heap.top; t !== undefined && (ranges[t]?.end ?? 0n) < at; t = heap.top) heap.pop();
    const winner = heap.top;
    if (winner === undefined) continue;
    const n = out.winners.length;
    if (n > 0 && out.winners[n - 1] === winner && out.ends[n - 1] === at - 1n) out.ends[n - 1] = until;
    else {
      out.starts.push(at);
      out.ends.push(until);
      out.winners.push(winner);
    }
  }
  return out;
}

/**
 * An in-memory reverse-IP index: disjoint segments in sorted typed arrays, looked up by binary
 * search in O(log n). IPv4 bounds are held as uint32, IPv6 as four 32-bit words in float64 (no BigInt on the lookup path).
 * Overlapping ranges resolve to the most specific; a segment owned by an excluded range (ISP, cloud,
 * VPN) matches nothing.
 */
export class IpRangeIndex {
  private readonly v4Start: Uint32Array;
  private readonly v4End: Uint32Array;
  private readonly v4Winner: Int32Array;
  /** IPv6 bounds as four 32-bit words each, interleaved: [w0, w1, w2, w3] per segment. */
  private readonly v6Start: Float64Array;
  private readonly v6End: Float64Array;
  private readonly v6Winner: Int32Array;
  private readonly words = new Float64Array(4);
  private readonly matches: (IpMatch | null)[];
  /** Number of ranges the index was built from. */
  readonly size: number;

  constructor(ranges: IndexedRange[]) {
    this.size = ranges.length;
    this.matches = ranges.map((r) =>
      r.excluded || !r.accountId ? null : { accountId: r.accountId, confidence: r.confidence },
    );
    const ids4: number[] = [];
    const ids6: number[] = [];
    for (const [i, r] of ranges.entries()) (r.family === 4 ? ids4 : ids6).push(i);
    const s4 = flatten(ranges, ids4);
    this.v4Start = Uint32Array.from(s4.starts, Number);
    this.v4End = Uint32Array.from(s4.ends, Number);
    this.v4Winner = Int32Array.from(s4.winners);
    const s6 = flatten(ranges, ids6);
    this.v6Start = toWords(s6.starts);
    this.v6End = toWords(s6.ends);
    this.v6Winner = Int32Array.from(s6.winners);
  }

  /** The account for an address (text), or null: no range, an excluded range, or not an IP. */
  lookup(ip: string): IpMatch | null {
    const v4 = parseIpv4Fast(ip);
    if (v4 >= 0) return this.lookupV4(v4);
    if (ip.indexOf('.') < 0 && parseIpv6Words(ip, this.words)) {
      const w = this.words;
      // IPv4-mapped (::ffff:a.b.c.d written in hex) goes to the IPv4 index.
      if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return this.lookupV4(w[3] ?? 0);
      return this.lookupV6(w);
    }
    const parsed = parseIp(ip);
    if (!parsed) return null;
    if (parsed.family === 4) return this.lookupV4(Number(parsed.value));
    const words = toWords([parsed.value]);
    return this.lookupV6(words);
  }

  /** Lookup of an IPv4 address given as an unsigned 32-bit number. */
  lookupV4(x: number): IpMatch | null {
    const starts = this.v4Start;
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] ?? 0) <= x) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || (this.v4End[found] ?? -1) < x) return null;
    return this.matches[this.v4Winner[found] ?? -1] ?? null;
  }

  private lookupV6(x: Float64Array): IpMatch | null {
    let lo = 0;
    let hi = this.v6Winner.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareWords(this.v6Start, mid, x) <= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || compareWords(this.v6End, found, x) < 0) return null;
    return this.matches[this.v6Winner[found] ?? -1] ?? null;
  }
}

/** 128-bit values as interleaved 32-bit words (exact in float64). */
function toWords(values: readonly bigint[]): Float64Array {
  const out = new Float64Array(values.length * 4);
  values.forEach((v, i) => {
    for (let w = 0; w < 4; w++) out[i * 4 + w] = Number((v >> BigInt(96 - 32 * w)) & 0xffffffffn);
  });
  return out;
}

/** Compare segment `i` of `table` with `x` word by word: negative, zero or positive. */
function compareWords(table: Float64Array, i: number, x: Float64Array): number {
  for (let w = 0; w < 4; w++) {
    const d = (table[i * 4 + w] ?? 0) - (x[w] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
