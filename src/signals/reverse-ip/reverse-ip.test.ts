import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../../test/test-app.ts';
import { bearer } from '../../test/test-database.ts';
import { parseCidr, parseIp, parseIpv4Fast, parseIpv6Words } from './ip-address.ts';
import { lookupAccountByIp } from './ip-index.ts';
import { parseIpRanges } from './parse-ip-ranges.ts';
import { type IndexedRange, IpRangeIndex } from './range-index.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

function range(cidr: string, accountId: string | null, excluded = false, confidence = 0.9): IndexedRange {
  const r = parseCidr(cidr);
  if (!r) throw new Error(cidr);
  return { ...r, accountId, excluded, confidence };
}

describe('reverse-IP index', () => {
  test('parses addresses strictly', () => {
    assert.equal(parseIpv4Fast('203.0.113.7'), 203 * 2 ** 24 + 113 * 256 + 7);
    for (const bad of ['256.1.1.1', '1.2.3', '1..2.3', '1.2.3.4.5', '', 'x', '1.2.3.4 '])
      assert.equal(parseIpv4Fast(bad), -1);
    assert.deepEqual(parseIp('::ffff:10.0.0.1'), { family: 4, value: 10n * 2n ** 24n + 1n });
    assert.equal(parseIp('10.1'), null);
    assert.equal(parseIp('2001:db8::zz'), null);
    assert.deepEqual(parseCidr('10.1.2.3/8'), { family: 4, start: 10n << 24n, end: (11n << 24n) - 1n });
    assert.equal(parseCidr('10.0.0.0/33'), null);
  });

  test('the allocation-free IPv6 parser agrees with the full parser', () => {
    const words = new Float64Array(4);
    const good = [
      '::',
      '::1',
      '2001:db8::',
      '2001:DB8:0:0:8:800:200C:417A',
      'fe80::1:2',
      '1::',
      '1:2:3:4:5:6:7:8',
      '::ffff:1.2.3.4',
      '64:ff9b::192.0.2.33',
      'a::b:c',
    ];
    for (const text of good) {
      assert.ok(parseIpv6Words(text, words), text);
      const v = parseIp(text);
      const value = v?.family === 6 ? v.value : (0xffffn << 32n) | (v?.value ?? 0n);
      const expected = [96n, 64n, 32n, 0n].map((s) => Number((value >> s) & 0xffffffffn));
      assert.deepEqual([...words], expected, text);
    }
    for (const bad of [
      ':',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::',
      'g::',
      '1:2:3:4:5:6:7',
      '1:',
      'fe80::1%eth0',
    ]) {
      assert.equal(parseIpv6Words(bad, words), false, bad);
    }
  });

  test('IPv4 and IPv6, excluded ranges, overlapping ranges resolve to the most specific', () => {
    const index = new IpRangeIndex([
      range('10.0.0.0/8', A), // broad
      range('10.1.0.0/16', null, true), // excluded inside A (a VPN block)
      range('10.1.2.0/24', B, false, 0.7), // a customer inside the excluded block
      range('10.2.0.0/16', C),
      range('2001:db8::/32', A),
      range('2001:db8:1::/48', null, true),
      range('2001:db8:1:2::/64', C),
    ]);
    assert.deepEqual(index.lookup('10.200.0.1'), { accountId: A, confidence: 0.9 });
    assert.equal(index.lookup('10.1.9.9'), null);
    assert.deepEqual(index.lookup('10.1.2.3'), { accountId: B, confidence: 0.7 });
    assert.deepEqual(index.lookup('10.2.255.255'), { accountId: C, confidence: 0.9 });
    assert.deepEqual(index.lookup('10.3.0.0'), { accountId: A, confidence: 0.9 });
    assert.equal(index.lookup('11.0.0.0'), null);
    assert.equal(index.lookup('9.255.255.255'), null);
    assert.deepEqual(index.lookup('2001:db8:ffff::1'), { accountId: A, confidence: 0.9 });
    assert.equal(index.lookup('2001:db8:1:3::1'), null);
    assert.deepEqual(index.lookup('2001:db8:1:2:ffff:ffff:ffff:ffff'), { accountId: C, confidence: 0.9 });
    assert.deepEqual(index.lookup('::ffff:10.2.0.1'), { accountId: C, confidence: 0.9 });
    assert.equal(index.lookup('2001:db9::1'), null);
    assert.equal(index.lookup('not an ip'), null);
  });

  test('partially overlapping start/end ranges: the smaller wins where they overlap', () => {
    const s = (ip: string) => parseIp(ip)?.value ?? -1n;
    const index = new IpRangeIndex([
      { family: 4, start: s('1.0.0.0'), end: s('1.0.0.99'), accountId: A, confidence: 1, excluded: false },
      { family: 4, start: s('1.0.0.50'), end: s('1.0.0.120'), accountId: B, confidence: 1, excluded: false },
    ]);
    assert.equal(index.lookup('1.0.0.49')?.accountId, A);
    assert.equal(index.lookup('1.0.0.50')?.accountId, B); // 71 addresses < 100
    assert.equal(index.lookup('1.0.0.120')?.accountId, B);
    assert.equal(index.lookup('1.0.0.121'), null);
  });

  test('ip2asn TSV and CSV parsing report bad rows by line', () => {
    const tsv = [
      '1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET',
      '1.0.1.0\t1.0.3.255\t0\tNone\tNot routed',
      '2a00:1450::\t2a00:1450:ffff:ffff:ffff:ffff:ffff:ffff\t15169\tUS\tGOOGLE - Google LLC',
      'garbage',
      '5.5.5.5\t5.5.5.1\t1\tUS\tbackwards',
    ].join('\n');
    const p = parseIpRanges(tsv);
    assert.equal(p.format, 'ip2asn');
    assert.equal(p.ranges.length, 2);
    assert.equal(p.skipped, 1);
    assert.deepEqual(
      p.errors.map((e) => e.line),
      [4, 5],
    );
    assert.deepEqual(
      {
        asn: p.ranges[1]?.asn,
        family: p.ranges[1]?.family,
        excluded: p.ranges[1]?.excluded,
        label: p.ranges[1]?.label,
      },
      { asn: 15169, family: 6, excluded: true, label: 'GOOGLE - Google LLC' },
    );
    const csv = [
      'cidr,account_id,domain,confidence,excluded',
      `10.0.0.0/8,${A},,0.5,`,
      '10.0.0.0/99,,a.com,,',
      ',,b.com,,',
      '11.0.0.0/8,,,2,true',
      '12.0.0.0/8,,https://www.example.com/x,,',
    ].join('\n');
    const c = parseIpRanges(csv);
    assert.equal(c.format, 'csv');
    assert.deepEqual(
      c.errors.map((e) => [e.line, e.message.split(' ')[0]]),
      [
        [3, 'cidr'],
        [4, 'needs'],
        [5, 'confidence'],
      ],
    );
    assert.equal(c.ranges[1]?.domain, 'example.com');
    assert.throws(() => parseIpRanges('foo,bar\n1,2'), /cidr/);
  });
});

describe('reverse-IP API', () => {
  const t = useTestApp();

  test('import CSV (account and domain targets) and ip2asn, lookup, list, delete, version invalidation', async () => {
    const ws = await t.workspace('ReverseIP');
    const { db } = t.database;
    const acme = await db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name: 'Acme', domain: 'acme-h6b.com' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('account_domains')
      .values({ workspace_id: ws.workspaceId, account_id: acme.id, domain: 'acme-h6b.com', is_primary: true })
      .execute();
    const other = await db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name: 'Other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const csv = [
      'cidr,account_id,domain,confidence,excluded',
      `198.51.100.0/24,${other.id},,0.6,false`,
      '198.51.100.128/25,,acme-h6b.com,0.9,',
      `2001:db8:42::/48,${other.id},,,`,
      `203.0.113.0/24,${B},,,`, // unknown account
      'nonsense,,acme-h6b.com,,',
    ].join('\n');
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/ip-ranges/import',
      headers: { ...bearer(ws.keys.marketer), 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().inserted, 3);
    assert.deepEqual(
      res.json().errors.map((e: { line: number }) => e.line),
      [5, 6],
    );
    const lookup = async (ip: string) => {
      const r = await t.inject({
        method: 'GET',
        url: `/api/v1/ip-ranges/lookup?ip=${encodeURIComponent(ip)}`,
        headers: bearer(ws.keys.sales),
      });
      return r;
    };
    assert.deepEqual((await lookup('198.51.100.200')).json().match, { accountId: acme.id, confidence: 0.9 });
    assert.deepEqual((await lookup('198.51.100.1')).json().match?.accountId, other.id);
    assert.deepEqual((await lookup('2001:db8:42::7')).json().match?.accountId, other.id);
    assert.equal((await lookup('8.8.8.8')).json().match, null);
    assert.equal((await lookup('999.1.1.1')).statusCode, 400);
    // ip2asn ranges are excluded by default: a cloud block over the customer /25 does not hide it
    // (the more specific range wins) but the rest of the cloud block matches nothing.
    const tsv = '198.51.0.0\t198.51.255.255\t64500\tUS\tEXAMPLE-CLOUD\n';
    const imp = await t.inject({
      method: 'POST',
      url: '/api/v1/ip-ranges/import',
      headers: { ...bearer(ws.keys.marketer), 'content-type': 'text/tab-separated-values' },
      payload: tsv,
    });
    assert.equal(imp.statusCode, 200, imp.body);
    assert.equal(imp.json().format, 'ip2asn');
    assert.equal(await lookupAccountByIp(db, ws.workspaceId, '198.51.7.7'), null);
    assert.equal((await lookupAccountByIp(db, ws.workspaceId, '198.51.100.200'))?.accountId, acme.id);
    const list = await t.inject({
      method: 'GET',
      url: '/api/v1/ip-ranges?limit=2',
      headers: bearer(ws.keys.sales),
    });
    assert.equal(list.json().data.length, 2);
    assert.ok(list.json().next);
    const all = await t.inject({ method: 'GET', url: '/api/v1/ip-ranges', headers: bearer(ws.keys.sales) });
    const v6 = all.json().data.find((r: { family: number }) => r.family === 6);
    assert.equal(v6.rangeStart, '2001:db8:42::');
    // Another process changes the ranges: the version bump makes this process reload.
    await db
      .deleteFrom('ip_ranges')
      .where('workspace_id', '=', ws.workspaceId)
      .where('source', '=', 'csv')
      .execute();
    await db
      .updateTable('ip_range_versions')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await lookupAccountByIp(db, ws.workspaceId, '198.51.100.200'), null);
    const del = await t.inject({
      method: 'DELETE',
      url: '/api/v1/ip-ranges',
      headers: bearer(ws.keys.marketer),
    });
    assert.equal(del.json().deleted, 1);
    const allBad = await t.inject({
      method: 'POST',
      url: '/api/v1/ip-ranges/import',
      headers: { ...bearer(ws.keys.marketer), 'content-type': 'text/csv' },
      payload: 'cidr,domain\nbad,acme-h6b.com\n',
    });
    assert.equal(allBad.statusCode, 422);
    assert.match(allBad.body, /line 2: cidr/);
  });
});
