/** The segments the segments benchmarks keep active while ingesting (bench/segments.ts, bench/segments-profile.ts). */
import type { InboundEvent } from '../src/ingest/inbound-payload.ts';
import type { SegmentRule } from '../src/segments/segment-rule.ts';

/** Twenty active segments of the kinds a workspace runs: fields, behaviour, signals, people, relations. */
export function activeSegments(): { name: string; kind: 'account' | 'contact'; rule: SegmentRule }[] {
  const out: { name: string; kind: 'account' | 'contact'; rule: SegmentRule }[] = [];
  const countries = ['DK', 'SE', 'NO', 'FI', 'DE', 'US', 'GB'];
  for (const [i, c] of countries.entries())
    out.push({
      name: `Active ${c}`,
      kind: 'account',
      rule: {
        type: 'and',
        rules: [
          { type: 'field', field: 'country', op: 'eq', value: c },
          { type: 'activity', atLeast: 1 + (i % 3), window: { lastDays: 7 + i } },
        ],
      },
    });
  for (const days of [3, 14, 30])
    out.push({
      name: `Pricing ${days}d`,
      kind: 'account',
      rule: { type: 'activity', urlPattern: '/pricing', atLeast: 1, window: { lastDays: days } },
    });
  out.push({ name: 'Engaged', kind: 'account', rule: { type: 'engagement', min: 20 } });
  out.push({
    name: 'Quiet targets',
    kind: 'account',
    rule: {
      type: 'and',
      rules: [
        { type: 'field', field: 'isTarget', op: 'eq', value: true },
        { type: 'not', rule: { type: 'activity', atLeast: 1, window: { lastDays: 30 } } },
      ],
    },
  });
  out.push({
    name: 'Two engaged people',
    kind: 'account',
    rule: { type: 'engagedPeople', atLeast: 2, withinDays: 30, distinctPersonas: false },
  });
  out.push({
    name: 'Execs with visits',
    kind: 'account',
    rule: { type: 'activity', atLeast: 1, window: { lastDays: 30 }, by: { seniorities: ['c_level', 'vp'] } },
  });
  out.push({
    name: 'People who clicked',
    kind: 'contact',
    rule: { type: 'activity', activityTypes: ['email_click'], atLeast: 1, window: { lastDays: 30 } },
  });
  out.push({
    name: 'People on pricing',
    kind: 'contact',
    rule: { type: 'activity', urlPattern: '/pricing', atLeast: 1, window: { lastDays: 14 } },
  });
  out.push({
    name: 'C-level at busy accounts',
    kind: 'contact',
    rule: {
      type: 'and',
      rules: [
        { type: 'contactField', field: 'seniority', op: 'eq', value: 'c_level' },
        { type: 'account', rule: { type: 'activity', atLeast: 3, window: { lastDays: 14 } } },
      ],
    },
  });
  out.push({
    name: 'Form fillers',
    kind: 'contact',
    rule: { type: 'activity', activityTypes: ['form_submit'], atLeast: 1, window: { lastDays: 30 } },
  });
  out.push({
    name: 'Tier 1 with pricing',
    kind: 'account',
    rule: {
      type: 'and',
      rules: [
        { type: 'field', field: 'tier', op: 'eq', value: 1 },
        { type: 'activity', urlPattern: '/pricing', atLeast: 1, window: { lastDays: 30 } },
      ],
    },
  });
  out.push({
    name: 'Busy people',
    kind: 'contact',
    rule: { type: 'activity', atLeast: 2, window: { lastDays: 7 } },
  });
  return out.slice(0, 20);
}

/** A batch of tracked page views by `users` known people (one in five on the pricing page). */
export function trackedPageViews(batch: number, batchSize: number, users: number): InboundEvent[] {
  return Array.from({ length: batchSize }, (_, i) => {
    const n = batch * batchSize + i;
    return {
      kind: 'page' as const,
      messageId: `bench-${Date.now()}-${n}`,
      userId: `u-${1 + ((n * 7919) % users)}`,
      anonymousId: null,
      type: 'page_view',
      occurredAt: new Date(),
      ip: null,
      properties: {
        url: n % 5 === 0 ? 'https://www.example.com/pricing' : 'https://www.example.com/blog/post',
      },
      traits: {},
      groupId: null,
      previousId: null,
      batchId: 0,
      position: i,
    };
  });
}
