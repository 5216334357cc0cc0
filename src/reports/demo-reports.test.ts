import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiKey } from '../auth/api-keys.ts';
import { deriveDemoInsights } from '../demo/derive-demo-insights.ts';
import { loadDemoWorld } from '../demo/load-demo-world.ts';
import { useTestApp } from '../test/test-app.ts';
import { quarterOf } from './report-period.ts';

describe('reports on the demo world', () => {
  const t = useTestApp();

  test("the demo's opportunities, activities and costs fill the quarter's scorecard, attribution and ROI", async () => {
    const world = await loadDemoWorld(t.database, {
      seed: 7,
      accounts: 300,
      password: 'demo pass 123',
    });
    await deriveDemoInsights(t.database.db, world.workspaceId); // scores, stages, personas, as `openabm demo` does
    const { key } = await createApiKey(t.database.db, {
      workspaceId: world.workspaceId,
      role: 'sales',
      name: 't',
      createdBy: null,
    });
    const period = quarterOf(new Date());
    const get = async (path: string) => {
      const r = await t.call('GET', path, key);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const card = await get(`/reports/scorecard?period=${period}`);
    const targets = card.segments.find((s: { segment: string }) => s.segment === 'targets').figures;
    const all = card.segments.find((s: { segment: string }) => s.segment === 'all').figures;
    assert.ok(targets.accounts > 0 && targets.reached > 0, JSON.stringify(targets));
    assert.ok(all.oppsCreated > 0 && all.pipelineCreated > 0, JSON.stringify(all));
    assert.ok(all.engaged > 0 && all.points > 0 && all.rolesEnd > 0, JSON.stringify(all));
    const attribution = await get(`/reports/attribution?period=${period}&segment=all&model=w_shaped`);
    assert.ok(attribution.rows.length > 1);
    const credited = attribution.rows.reduce((s: number, r: { pipeline: number }) => s + r.pipeline, 0);
    assert.ok(
      Math.abs(credited + attribution.totals.unattributed.pipeline - attribution.totals.pipelineCreated) < 1,
    );
    assert.ok(credited > 0);
    const roi = await get(`/reports/roi?period=${period}&by=channel`);
    const linkedin = roi.rows.find((r: { key: string }) => r.key === 'linkedin_ads');
    assert.ok(linkedin.cost > 0);
    assert.ok(linkedin.reachedAccounts > 0);
    const tvc = await get(`/reports/target-vs-control?period=${period}`);
    assert.equal(tvc.metrics.length, 6);
  });
});
