import ipaddr from 'ipaddr.js';

/** An IP address as an integer in its family's space (IPv4: 0…2³²−1, IPv6: 0…2¹²⁸−1). */
export interface IpValue {
  family: 4 | 6;
  value: bigint;
}

/** An inclusive address range of one family. */
export interface IpRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

/**
 * A dotted-quad IPv4 address as an unsigned 32-bit number, or -1 when it is not one. Hand-rolled
 * for the lookup hot path (no allocation).
 */
export function parseIpv4Fast(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      digits++;
      if (digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

function bytesToBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Parse an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4). Null when invalid. */
export function parseIp(text: string): IpValue | null {
  const trimmed = text.trim();
  const v4 = parseIpv4Fast(trimmed);
  if (v4 >= 0) return { family: 4, value: BigInt(v4) };
  if (!ipaddr.isValid(trimmed)) return null;
  try {
    const addr = ipaddr.parse(trimmed);
    if (addr.kind() === 'ipv6' && addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress()) {
      return { family: 4, value: bytesToBigInt(addr.toIPv4Address().toByteArray()) };
    }
    if (addr.kind() === 'ipv4') {
      // ipaddr.js accepts non-standard forms (e.g. "10.1"); only the dotted quad is an IPv4 here.
      return null;
    }
    return { family: 6, value: bytesToBigInt(addr.toByteArray()) };
  } catch {
    return null;
  }
}

/** Parse `a.b.c.d/n` or `x:y::/n` into its inclusive range (host bits are ignored). Null when invalid. */
export function parseCidr(text: string): IpRange | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) {
    const single = parseIp(trimmed);
    return single ? { family: single.family, start: single.value, end: single.value } : null;
  }
  const base = parseIp(trimmed.slice(0, slash));
  const bitsText = trimmed.slice(slash + 1);
  if (!base || !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  const width = base.family === 4 ? 32 : 128;
  const isMapped = base.family === 4 && trimmed.includes(':');
  const prefix = isMapped ? bits - 96 : bits;
  if (prefix < 0 || prefix > width) return null;
  const hostBits = BigInt(width - prefix);
  const mask = (1n << hostBits) - 1n;
  const start = base.value & ~mask;
  return { family: base.family, start, end: start | mask };
}

/** An address integer back to text (for storage as PostgreSQL inet). */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  }
  const parts: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) parts.push(Number((value >> s) & 0xffffn));
  return ipaddr.fromByteArray(parts.flatMap((p) => [p >> 8, p & 255])).toString();
}

/**
 * Parse an IPv6 address into `out` as four unsigned 32-bit words (most significant first), without
 * allocating. Handles `::` compression and a dotted IPv4 tail; returns false for anything else
 * (zone ids included), for the caller to fall back to the full parser.
 */
export function parseIpv6Words(text: string, out: Float64Array): boolean {
  const groups = [0, 0, 0, 0, 0, 0, 0, 0];
  let count = 0;
  let gap = -1;
  let i = 0;
  const n = text.length;
  if (n < 2) return false;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === n) {
      out.fill(0);
      return true;
    }
  }
  while (i < n) {
    if (count === 8) return false;
    let value = 0;
    let digits = 0;
    const start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else break;
      value = value * 16 + d;
      digits++;
      i++;
      if (digits > 4) return false;
    }
    if (i < n && text.charCodeAt(i) === 46) {
      // Dotted IPv4 tail: two groups.
      if (count > 6) return false;
      const v4 = parseIpv4Fast(text.slice(start));
      if (v4 < 0) return false;
      groups[count++] = Math.floor(v4 / 65536);
      groups[count++] = v4 % 65536;
      i = n;
      break;
    }
    if (digits === 0) return false;
    groups[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === n) break;
    } else if (i === n) return false;
  }
  if (gap < 0 && count !== 8) return false;
  if (gap >= 0) {
    if (count === 8) return false;
    const tail = count - gap;
    const move = 8 - count;
    for (let k = tail - 1; k >= 0; k--) {
      groups[gap + move + k] = groups[gap + k] ?? 0;
      groups[gap + k] = 0;
    }
  }
  for (let w = 0; w < 4; w++) out[w] = (groups[2 * w] ?? 0) * 65536 + (groups[2 * w + 1] ?? 0);
  return true;
}
