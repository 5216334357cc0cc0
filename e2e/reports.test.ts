import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { type App, buildApp } from '../src/http/app.ts';
import { seedMeasurementWorld } from '../src/reports/measurement-fixture.ts';
import { launchChromium } from '../src/test/launch-chromium.ts';
import { createTestWorkspace, type TestWorkspace } from '../src/test/test-database.ts';
import { ensureWebBuild } from './demo-server.ts';

const PLAY = 'Exec roundtable';

/**
 * A marketing lead opens the 2026-Q1 retrospective of a small seeded world, reads target versus
 * control and ROI by play under a chosen attribution model, drills into the accounts behind a figure
 * and downloads the PDF for the review meeting.
 */
describe('reports in the browser', { timeout: 300_000 }, () => {
  let database: Database;
  let app: App;
  let base: string;
  let browser: Browser;
  let ws: TestWorkspace;
  let email: string;

  const api = async (url: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}/api/v1${url}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${ws.keys.marketer}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    assert.ok(res.ok, `${url} → ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };

  before(async () => {
    ensureWebBuild();
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    ws = await createTestWorkspace(database, 'Reports e2e');
    const db = database.db;
    const w = ws.workspaceId;
    const world = await seedMeasurementWorld(db, w);
    // The sales user owns Alpha only (the owner filter's check below).
    await db.updateTable('accounts').set({ owner_id: ws.userIds.sales }).where('id', '=', world.A).execute();
    // 30 targets and 120 comparable non-targets: 21 of 30 targets engaged against 18 of 120.
    await sql`
      INSERT INTO accounts (workspace_id, name, industry, employee_count, is_target, tier)
      SELECT ${w}, 'Acct ' || g, 'Software', 500, g <= 30, CASE WHEN g <= 30 THEN 1 END FROM generate_series(1, 150) g`.execute(
      db,
    );
    await sql`
      INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at)
      SELECT ${w}, id, 'unaware', 'engaged', '2026-02-01T00:00:00Z' FROM accounts
      WHERE workspace_id = ${w} AND name ~ '^Acct ' AND (split_part(name, ' ', 2)::int <= 21
        OR split_part(name, ' ', 2)::int BETWEEN 31 AND 48)`.execute(db);
    // The play touched three targets before their deals were created; it cost 1,500.
    await sql`
      INSERT INTO activities (workspace_id, account_id, type, occurred_at, properties)
      SELECT ${w}, id, 'meeting', '2026-02-03T10:00:00Z', ${JSON.stringify({ play: PLAY })}::jsonb FROM accounts
      WHERE workspace_id = ${w} AND name IN ('Acct 1', 'Acct 2', 'Acct 3')`.execute(db);
    await sql`
      INSERT INTO opportunities (workspace_id, account_id, name, stage, amount, created_date)
      SELECT ${w}, id, 'Deal', 'Proposal', 4000, '2026-02-10' FROM accounts
      WHERE workspace_id = ${w} AND name IN ('Acct 1', 'Acct 2', 'Acct 3', 'Acct 40')`.execute(db);
    const user = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', ws.userIds.marketer)
      .executeTakeFirstOrThrow();
    email = String(user.email);
    app = await buildApp({ database });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    await api('/reports/costs', {
      method: 'POST',
      body: { startsOn: '2026-02-01', endsOn: '2026-02-28', channel: 'events', play: PLAY, amount: 1500 },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  test('retrospective: target vs control, ROI by play under a model, drill-down, PDF download', async () => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();

    // Pick the quarter with data and the linear model in the filters (kept in the URL).
    await page.getByLabel('Other period').fill('2026-Q1');
    await page.getByLabel('Other period').press('Enter');
    await page.getByLabel('Attribution model').selectOption('linear');
    await page.getByRole('heading', { name: 'Retrospective 2026-Q1' }).waitFor();
    assert.match(page.url(), /period=2026-Q1/);
    assert.match(page.url(), /model=linear/);

    // Target vs control: the engaged rate's lift is significant under the z-test; win rate lacks data.
    const tvc = page.getByRole('table', { name: 'Target vs control' });
    await tvc.waitFor({ timeout: 60_000 });
    const engaged = tvc.getByRole('row', { name: /Accounts engaged/ });
    const control = await api('/reports/target-vs-control?period=2026-Q1');
    const rate = control.metrics.find((m: { metric: string }) => m.metric === 'engagementRate');
    const pct = (n: number) =>
      new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 }).format(n);
    assert.ok(rate.significant && rate.lift > 1, JSON.stringify(rate));
    assert.ok(
      (await engaged.innerText()).startsWith(`Accounts engaged\t${pct(rate.target)}\t${pct(rate.control)}`),
    );
    assert.match(await engaged.innerText(), /z-test/);
    assert.match(await engaged.innerText(), /significant/);
    assert.match(await tvc.getByRole('row', { name: /Win rate/ }).innerText(), /not enough data/);

    // ROI by play under the linear model matches the API, to the unit shown.
    const roiTable = page.getByRole('table', { name: 'ROI by play' });
    await roiTable.waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'ROI by play (Linear)' }).waitFor();
    const roi = await api('/reports/roi?period=2026-Q1&model=linear&by=play&segment=targets');
    const row = roi.rows.find((r: { key: string | null }) => r.key === PLAY);
    assert.ok(row, JSON.stringify(roi.rows));
    assert.equal(row.cost, 1500);
    assert.ok(row.pipeline > 0);
    const shown = await roiTable.getByRole('row', { name: new RegExp(PLAY) }).innerText();
    assert.match(shown, /1,500/);
    assert.ok(shown.includes(Math.round(row.pipeline).toLocaleString('en')), `${shown} vs ${row.pipeline}`);

    // Another model: the panel follows.
    await page.getByLabel('Attribution model').selectOption('first_touch');
    await page.getByRole('heading', { name: 'ROI by play (First touch)' }).waitFor();

    // Drill into the accounts behind "Reached": the same accounts as the API's drill-down.
    await page
      .getByRole('table', { name: 'Goals and previous period' })
      .getByRole('row', { name: /^Reached/ })
      .getByRole('button')
      .click();
    const drill = page.getByRole('table', { name: 'Drill-down accounts' });
    await drill.waitFor();
    const expected = await api('/reports/scorecard/drilldown?period=2026-Q1&segment=targets&figure=reached');
    assert.ok(expected.data.length >= 4, 'Alpha, Beta and the three play accounts were reached');
    await page.waitForFunction(
      (n) => document.querySelectorAll('table[aria-label="Drill-down accounts"] tbody tr').length === n,
      expected.data.length,
    );
    const names = await drill.locator('tbody tr td:first-child a').allInnerTexts();
    assert.deepEqual(names.sort(), expected.data.map((d: { name: string }) => d.name).sort());

    // The PDF for the meeting.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^retrospective-2026-Q1\.pdf$/);
    const file = await download.path();
    const pdf = readFileSync(file);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 5000, `pdf size ${pdf.length}`);

    // The owner filter (kept in the URL) narrows the scorecard and its drill-down to Alpha.
    await page.getByRole('tab', { name: 'Scorecard' }).click();
    await page.getByLabel('Owner').selectOption(ws.userIds.sales);
    await page.waitForURL(new RegExp(`owner=${ws.userIds.sales}`));
    await page.getByRole('button', { name: 'Accounts, Target accounts: 1' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="Drill-down accounts"] tbody tr').length === 1,
    );
    assert.deepEqual(
      await page
        .getByRole('table', { name: 'Drill-down accounts' })
        .locator('tbody tr td:first-child a')
        .allInnerTexts(),
      ['Alpha'],
    );
    await context.close();
  });
});
