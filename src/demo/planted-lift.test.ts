import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { quarterOf } from '../reports/report-period.ts';
import { targetVsControl } from '../reports/target-vs-control.ts';
import { useTestApp } from '../test/test-app.ts';
import { generateFixture } from './generate-world.ts';
import { loadDemoWorld } from './load-demo-world.ts';
import { DEFAULT_PLANTED_LIFT, isWorked, quartersBack } from './planted-lift.ts';

const AS_OF = '2026-12-07';
const ACCOUNTS = 1000;
const LIFT = { opportunityRateLift: 0.15, winRateLift: 0.2 };

describe('the demo world plants a known lift and the reports recover it', () => {
  const t = useTestApp();

  test('in memory: worked targets create opportunities more often by the planted margin', () => {
    const world = generateFixture(11, { accounts: 1500, asOf: AS_OF });
    const lift = { ...DEFAULT_PLANTED_LIFT, ...LIFT };
    const quarter = quartersBack(new Date(AS_OF), 1)[0];
    assert.ok(quarter);
    const created = new Set(
      world.opportunities
        .filter((o) => o.createdDate >= isoDay(quarter.start) && o.createdDate < isoDay(quarter.end))
        .map((o) => o.accountId),
    );
    const rate = (xs: typeof world.accounts) => xs.filter((a) => created.has(a.id)).length / xs.length;
    const worked = world.accounts.filter((a) => isWorked(11, a, lift));
    const others = world.accounts.filter((a) => !a.isTarget);
    const gap = rate(worked) - rate(others);
    assert.ok(Math.abs(gap - lift.opportunityRateLift) < 0.06, `gap ${gap.toFixed(3)}`);
  });

  test('target versus control recovers the planted opportunity-rate lift within its interval, significantly', async () => {
    const world = await loadDemoWorld(t.database, { seed: 11, accounts: ACCOUNTS, asOf: AS_OF, lift: LIFT });
    const db = t.database.db;
    // A full quarter of history, and the year before the current quarter (more closed deals for the win rate).
    const quarter = quarterOf(new Date(Date.UTC(2026, 6, 15)));
    const report = await targetVsControl(db, world.workspaceId, {
      period: quarter,
      controlsPerTarget: 3,
      seed: 1,
    });
    const metric = (key: string) => {
      const m = report.metrics.find((x) => x.metric === key);
      assert.ok(m, key);
      return m;
    };
    const opp = metric('opportunityRate');
    assert.equal(opp.status, 'ok', JSON.stringify(opp));
    assert.ok(within(opp.interval, LIFT.opportunityRateLift), JSON.stringify(opp));
    assert.ok((opp.pValue ?? 1) < 0.01, JSON.stringify(opp));
    // Win rates: the planted lift is there, but the world's win drivers (country, Salesforce) also pick
    // the targets, and without fit grades (not computed here) matching cannot remove them, so the
    // report may overstate it: the planted lift must not lie above the interval.
    const half = await targetVsControl(db, world.workspaceId, {
      period: '2026-H1',
      controlsPerTarget: 3,
      seed: 1,
    });
    const win = half.metrics.find((x) => x.metric === 'winRate');
    assert.ok(
      win?.interval && win.interval.low > 0 && LIFT.winRateLift <= win.interval.high,
      JSON.stringify(win),
    );
  });
});

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function within(interval: { low: number; high: number } | null, value: number): boolean {
  return interval !== null && interval.low <= value && value <= interval.high;
}
