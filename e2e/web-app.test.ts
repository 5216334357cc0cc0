import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_ADMIN_EMAIL } from '../src/demo/demo-users.ts';
import { useDemoServer } from './demo-server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'web/dist');
const SHOTS = path.join(ROOT, 'e2e/screenshots');
const PASSWORD = 'e2e-demo-password';
const ACCOUNTS = Number(process.env.E2E_DEMO_ACCOUNTS ?? 5000);

/**
 * The web app in a real browser: the server runs in-process on an embedded data dir loaded with the demo
 * world; Debian's chromium drives the built SPA through the flows sales and marketing use every day.
 */
describe('web app end to end', { timeout: 600_000 }, () => {
  const demo = useDemoServer({ seed: 7, accounts: ACCOUNTS, password: PASSWORD, name: 'e2e' });
  const { api } = demo;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Derived data the pages show, produced through the public API as a customer would.
    await api('POST', '/api/v1/signals/recompute', {});
    await api('POST', '/api/v1/personas/reassign', {});
    await api('POST', '/api/v1/matching/rematch', {});
    await api('PUT', '/api/v1/fit/icp', {
      criteria: [
        { field: 'employeeCount', op: 'between', min: 200, max: 20000, weight: 60 },
        { field: 'industry', op: 'in', values: ['Software', 'Logistics', 'Manufacturing'], weight: 40 },
      ],
    });
    await api('POST', '/api/v1/target-lists', { period: '2026-Q4' });
    const next = await api('POST', '/api/v1/target-lists', { period: '2027-Q1' });
    // Marketing drops one account from next period's list, so the diff has something to show.
    const members = await api('GET', `/api/v1/target-lists/${next.id}/members?limit=1`);
    await api('PATCH', `/api/v1/target-lists/${next.id}/members`, { remove: [members.data[0].accountId] });
  });

  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await demo.browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${demo.base}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return { context, page };
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  /** The text of every cell of a table column, by its header's text. */
  async function columnTexts(page: Page, table: string, header: string): Promise<string[]> {
    return page.evaluate(
      ({ table, header }) => {
        const grid = document.querySelector(`table[aria-label="${table}"]`);
        const heads = Array.from(grid?.querySelectorAll('thead th') ?? []);
        const index = heads.findIndex((th) => th.textContent?.replace(/[▲▼]/g, '').trim() === header);
        if (index < 0) return [];
        return Array.from(grid?.querySelectorAll('tbody tr') ?? []).map(
          (tr) => tr.children[index]?.textContent?.trim() ?? '',
        );
      },
      { table, header },
    );
  }

  test('admin: dashboard, accounts (speed, filter, saved view, export), dossier, import, target approval', async () => {
    const requested: string[] = [];
    const { context, page } = await signIn(DEMO_ADMIN_EMAIL);
    context.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.getByRole('heading', { name: 'Accounts by stage' }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30_000 });
    // The funnel comes from GET /reports/stage-summary, counted in the database over every account.
    type SummaryRow = { key: string; name: string; accounts: number; enteredLast30Days: number };
    const summary: { stages: SummaryRow[]; totals: { accounts: number } } = await api(
      'GET',
      '/api/v1/reports/stage-summary',
    );
    assert.equal(summary.totals.accounts, ACCOUNTS, 'every demo account is in the funnel');
    const funnel = page.getByRole('table', { name: 'Accounts by stage' });
    await funnel.waitFor();
    const fmt = (n: number) => n.toLocaleString('en');
    assert.deepEqual(
      await columnTexts(page, 'Accounts by stage', 'Accounts'),
      summary.stages.map((s) => fmt(s.accounts)),
    );
    assert.deepEqual(
      await columnTexts(page, 'Accounts by stage', 'Stage'),
      summary.stages.map((s) => s.name),
    );
    assert.ok(
      summary.stages.slice(1).some((s) => s.accounts > 0),
      'the demo world has accounts past the first stage',
    );
    await shot(page, '01-home');
    // Target accounts only: the same panel from ?isTarget=true.
    const targetSummary = await api('GET', '/api/v1/reports/stage-summary?isTarget=true');
    await page.getByLabel('Target accounts').check();
    await page.waitForFunction(
      (total) =>
        document.querySelector('table[aria-label="Accounts by stage"] tfoot td')?.textContent === total,
      fmt(targetSummary.totals.accounts),
    );
    assert.ok(
      !requested.some((p) => p.includes('/signals/events')),
      'the funnel no longer folds the event stream',
    );
    await page.getByLabel('All accounts').check();

    // Accounts page: interactive time after a fresh navigation, and the JS the route loads.
    await page.goto(`${demo.base}/accounts`);
    await page.locator('table[aria-label="Accounts"] tbody tr').first().waitFor();
    await page.locator('table[aria-label="Accounts"][aria-busy="false"]').waitFor();
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const scripts = performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.js'))
        .map((r) => new URL(r.name).pathname);
      return {
        interactiveMs: performance.now(),
        domContentLoaded:
          nav && 'domContentLoadedEventEnd' in nav ? Number(nav.domContentLoadedEventEnd) : null,
        scripts,
      };
    });
    const entry = readFileSync(path.join(DIST, 'index.html'), 'utf8').match(/src="([^"]+\.js)"/)?.[1];
    const files = new Set([...(entry ? [entry] : []), ...timing.scripts]);
    let gzipBytes = 0;
    for (const f of files) gzipBytes += gzipSync(readFileSync(path.join(DIST, f))).length;
    console.log(
      `# accounts page interactive after ${Math.round(timing.interactiveMs)} ms (DOMContentLoaded ${Math.round(timing.domContentLoaded ?? 0)} ms); main-route JS ${files.size} files, ${(gzipBytes / 1024).toFixed(1)} KB gzipped`,
    );
    assert.ok(timing.interactiveMs < 2000, `accounts page took ${timing.interactiveMs} ms`);
    assert.ok(gzipBytes <= 500 * 1024, `main-route JS is ${gzipBytes} bytes gzipped`);
    await shot(page, '02-accounts');

    // Filter by country and tier-less search; every row shown matches.
    await page.getByLabel('Countries').fill('DK');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => {
      const cells = Array.from(
        document.querySelectorAll('table[aria-label="Accounts"] tbody tr td:nth-child(3)'),
      );
      return cells.length > 0 && cells.every((c) => c.textContent === 'DK');
    });
    await shot(page, '03-accounts-filtered');

    // Sort by revenue (column header; biggest first), then save the view.
    await page.getByRole('button', { name: 'Revenue' }).click();
    await page.waitForSelector('th[aria-sort="descending"]');
    const onDialog = (d: import('playwright-core').Dialog) =>
      void (d.type() === 'prompt' ? d.accept('Danish accounts') : d.dismiss());
    page.on('dialog', onDialog);
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByText('Saved “Danish accounts”.').waitFor();
    page.off('dialog', onDialog);
    // The admin's key was created by the admin, so it sees the admin's private view.
    const views = await api('GET', '/api/v1/saved-views?page=accounts');
    assert.deepEqual(
      views.data.map((v: { name: string; filters: unknown; sort: string; shared: boolean }) => [
        v.name,
        v.filters,
        v.sort,
        v.shared,
      ]),
      [['Danish accounts', { 'country.in': 'DK' }, '-annualRevenue', false]],
    );

    // CSV export of the filtered view.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    assert.match(csv[0] ?? '', /^id,name,domain/);
    assert.match(csv[0] ?? '', /,stage,stageSince,engagementScore,momentum,lastActivityAt,/);
    assert.ok(
      csv.length > 1 && csv.slice(1).every((l) => l.split(',').includes('DK')),
      'every exported row is Danish',
    );

    // The dossier: committee map and timeline.
    await page.locator('table[aria-label="Accounts"] tbody tr a').first().click();
    await page.getByRole('table', { name: 'Buying committee: roles by contacts' }).waitFor();
    await page
      .getByRole('list', { name: 'Activity timeline' })
      .or(page.getByText('No activity yet'))
      .first()
      .waitFor();
    const roles = await page.locator('table.committee-map tbody th[scope="row"]').count();
    assert.ok(roles >= 7, `committee map shows the roles (got ${roles})`);
    await page.getByLabel('Goals').fill('Consolidate their analytics stack');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText('Saved (version 1).').waitFor();
    await shot(page, '04-account-dossier');
    // A colleague saves meanwhile: the next save from this editor is refused (409) and offers a reload.
    const accountId = page.url().split('/').pop();
    await api('PUT', `/api/v1/accounts/${accountId}/plan`, { version: 1, nextSteps: 'Book the CFO meeting' });
    await page.getByLabel('Pain points').fill('Manual reporting');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText(/changed by someone else/).waitFor();
    await page.getByRole('button', { name: /Reload the plan/ }).click();
    await page.waitForFunction(() =>
      document.querySelector('textarea')?.closest('form')?.textContent?.includes('Version 2'),
    );
    assert.equal(await page.getByLabel('Next steps').inputValue(), 'Book the CFO meeting');
    // Back returns to the same filtered, sorted list (filters live in the URL).
    await page.goBack();
    await page.locator('table[aria-label="Accounts"] tbody tr').first().waitFor();
    assert.match(page.url(), /country\.in=DK/);
    assert.equal(await page.getByLabel('Countries').inputValue(), 'DK');

    // Stage filter and engagement sort (the list API returns the signals fields).
    const probe = (await api('GET', '/api/v1/accounts?limit=1')).data[0] ?? {};
    const signalsFields = ['stage', 'engagementScore', 'momentum', 'lastActivityAt'].filter(
      (f) => f in probe,
    );
    assert.deepEqual(signalsFields, ['stage', 'engagementScore', 'momentum', 'lastActivityAt']);
    await page.goto(`${demo.base}/accounts`);
    await page.locator('table[aria-label="Accounts"][aria-busy="false"] tbody tr').first().waitFor();
    for (const header of ['Stage', 'Engagement', 'Momentum', 'Last activity']) {
      await page.getByRole('columnheader', { name: header }).waitFor();
    }
    // The first populated stage past the first one, e.g. "Aware".
    const populated = summary.stages.filter((s, i) => i > 0 && s.accounts > 0);
    const stage = populated[0] ?? summary.stages[0];
    assert.ok(stage);
    await page.getByLabel('Stage').selectOption({ label: stage.name });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`stage=${stage.key}`));
    await page.waitForFunction((name) => {
      const grid = document.querySelector('table[aria-label="Accounts"][aria-busy="false"]');
      const heads = Array.from(grid?.querySelectorAll('thead th') ?? []);
      const i = heads.findIndex((th) => th.textContent?.replace(/[▲▼]/g, '').trim() === 'Stage');
      const cells = Array.from(grid?.querySelectorAll('tbody tr') ?? []).map(
        (tr) => tr.children[i]?.textContent,
      );
      return cells.length > 0 && cells.every((c) => c === name);
    }, stage.name);
    await page.getByRole('button', { name: 'Engagement' }).click();
    await page.waitForURL(/sort=-engagementScore/);
    await page.locator('th[aria-sort="descending"]', { hasText: 'Engagement' }).waitFor();
    await page.locator('table[aria-label="Accounts"][aria-busy="false"]').waitFor();
    const scores = (await columnTexts(page, 'Accounts', 'Engagement')).map((t) =>
      t === '' ? null : Number(t),
    );
    const numbers = scores.filter((n): n is number => n !== null);
    assert.ok(numbers.length > 0, 'engagement scores are shown');
    assert.ok(
      numbers.every((n, i) => i === 0 || n <= (numbers[i - 1] ?? n)),
      `sorted by engagement: ${numbers.join()}`,
    );
    assert.ok(
      scores.indexOf(null) === -1 || scores.slice(scores.indexOf(null)).every((n) => n === null),
      'nulls last',
    );
    const stageCells = await columnTexts(page, 'Accounts', 'Stage');
    assert.ok(
      stageCells.every((c) => c === stage.name),
      'the filter holds under the new sort',
    );
    console.log(
      `# accounts filtered by stage ${stage.key} (${stageCells.length} on the first page), sorted by -engagementScore`,
    );
    await shot(page, '03b-accounts-stage-engagement');

    // Import wizard: upload, automatic mapping, dry run with a reject, run, download rejects.
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const csvPath = path.join(demo.dataDir, 'new-accounts.csv');
    writeFileSync(
      csvPath,
      'Account Name,Website,Employees,Billing Country\nNorthwind Fjord ApS,https://northwind-fjord.dk,120,DK\nBadrow Oy,https://badrow.fi,lots,FI\nKestrel Data AB,https://kestrel-data.se,45,SE\n',
    );
    await page.getByLabel('CSV file').setInputFiles(csvPath);
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    assert.equal(await page.getByLabel('Field for Account Name').inputValue(), 'name');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('status', { name: 'Dry run result' }).waitFor();
    assert.match(
      (await page.getByRole('status', { name: 'Dry run result' }).textContent()) ?? '',
      /1 rejected/,
    );
    await page.getByRole('table', { name: 'Rejected rows' }).waitFor();
    await shot(page, '05-import-dry-run');
    await page.getByRole('button', { name: 'Run import' }).click();
    await page.getByRole('status', { name: 'Import result' }).waitFor();
    assert.match((await page.getByRole('status', { name: 'Import result' }).textContent()) ?? '', /2 new/);
    const rejectsLink = page.getByRole('link', { name: 'Download rejects' });
    const rejects = await page.evaluate(
      async (href) => (await fetch(href)).text(),
      String(await rejectsLink.getAttribute('href')),
    );
    assert.match(rejects, /Badrow/);
    await shot(page, '06-import-done');

    // A bigger file: the dry run and the import report live progress (rows read, rows/s) until done.
    const bulkRows = Number(process.env.E2E_IMPORT_ROWS ?? 40_000);
    const bulkPath = path.join(demo.dataDir, 'bulk-accounts.csv');
    const lines = ['Account Name,Website,Employees,Billing Country'];
    for (let i = 0; i < bulkRows; i += 1) {
      lines.push(`Bulk Progress ${i} AS,https://bulk-progress-${i}.no,${10 + (i % 500)},NO`);
    }
    writeFileSync(bulkPath, `${lines.join('\n')}\n`);
    await page.getByLabel('CSV file').setInputFiles(bulkPath);
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    // Click, then read the panel once the server has reported rows: all figures from the same render.
    // (The wait is set up before the click: this process also runs the server, which is busy importing.)
    const watch = async (label: 'Dry run' | 'Import', button: string) => {
      const shown = page.waitForFunction(
        // (No named helpers inside: the test runner's transpiler would wrap them in a missing __name.)
        (label) => {
          const [rowsRead, rowsPerSecond] = ['rows-read', 'rows-per-second'].map((id) =>
            Number(document.querySelector(`[data-testid="${id}"]`)?.textContent?.replaceAll(',', '') ?? ''),
          );
          if (!rowsRead || !rowsPerSecond || !(rowsPerSecond > 0)) return null;
          const bar = document.querySelector(`progress[aria-label="${label} progress bar"]`);
          return { rowsRead, rowsPerSecond, bar: Number(bar?.getAttribute('value')) };
        },
        label,
        { timeout: 60_000, polling: 50 },
      );
      await page.getByRole('button', { name: button }).click();
      const seen = await (await shown).jsonValue();
      assert.ok(seen, `${label}: progress shown`);
      assert.ok(seen.rowsRead > 0 && seen.rowsRead <= bulkRows, `${label}: rows read ${seen.rowsRead}`);
      assert.ok(seen.bar > 0 && seen.bar < 1, `${label}: progress bar at ${seen.bar}`);
      return seen;
    };
    const dryProgress = await watch('Dry run', 'Dry run');
    await shot(page, '06a-import-progress');
    await page.getByRole('status', { name: 'Dry run result' }).waitFor({ timeout: 120_000 });
    const runProgress = await watch('Import', 'Run import');
    await page.getByRole('status', { name: 'Import result' }).waitFor({ timeout: 120_000 });
    assert.match(
      (await page.getByRole('status', { name: 'Import result' }).textContent()) ?? '',
      new RegExp(`${bulkRows.toLocaleString('en')} new`),
    );
    assert.equal(
      await page.getByRole('status', { name: 'Import progress' }).count(),
      0,
      'the progress is gone when done',
    );
    const done = (await api('GET', '/api/v1/imports')).data[0];
    assert.deepEqual([done.status, done.rowsTotal, done.inserted], ['done', bulkRows, bulkRows]);
    console.log(
      `# import progress: dry run seen at ${dryProgress.rowsRead} rows (${dryProgress.rowsPerSecond} rows/s), import at ${runProgress.rowsRead} rows (${runProgress.rowsPerSecond} rows/s); ${bulkRows} rows done at ${done.rowsPerSecond} rows/s in ${done.elapsedSeconds} s`,
    );

    // Target list approval by both sides, with the diff to the last period.
    await page.getByRole('link', { name: 'ICP & targets', exact: true }).click();
    await page.getByRole('table', { name: 'Target lists' }).waitFor();
    await page.getByRole('button', { name: '2027-Q1' }).click();
    await page.getByTestId('diff').waitFor();
    assert.match((await page.getByTestId('diff').textContent()) ?? '', /−1 removed/);
    await page.getByRole('button', { name: 'Approve for marketing' }).click();
    await page.getByText('Approved for marketing.').waitFor();
    await page.getByRole('button', { name: 'Approve for sales' }).click();
    await page.getByText('Approved for sales.').waitFor();
    const lists = await api('GET', '/api/v1/target-lists?period=2027-Q1');
    assert.equal(lists.data[0].status, 'approved');
    await shot(page, '07-targets');

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('table', { name: 'Users' }).waitFor();
    await shot(page, '08-settings');
    await page.getByRole('link', { name: 'Matching review', exact: true }).click();
    await page.getByRole('table', { name: 'Leads to review' }).waitFor();
    // One click each: reject the first lead, assign the second to an account found by search.
    const firstLead = page.locator('table[aria-label="Leads to review"] tbody tr').first();
    await firstLead.getByRole('button', { name: 'Reject' }).click();
    await firstLead.getByText('Rejected').waitFor();
    const secondLead = page.locator('table[aria-label="Leads to review"] tbody tr').nth(1);
    const target = (await api('GET', '/api/v1/accounts?limit=1&sort=-annualRevenue')).data[0];
    await secondLead.getByRole('searchbox').fill(target.domain);
    await secondLead
      .getByRole('button', { name: /^Assign to / })
      .first()
      .click();
    await secondLead.getByText(`Assigned to ${target.name}`).waitFor();
    await shot(page, '09-matching');
    await context.close();
  });

  test('sales: role-aware pages and a 403 from the server', async () => {
    const seller = demo.world.users.find((u) => u.role === 'sales');
    assert.ok(seller);
    const { context, page } = await signIn(seller.email);
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByText('Imports are for marketers and admins').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/imports')).status);
    assert.equal(status, 403, 'the server refuses what the UI hides');
    const views = await page.evaluate(async () => (await fetch('/api/v1/saved-views?page=accounts')).json());
    assert.deepEqual(views.data, [], "the admin's private view is not the seller's");
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByText('Only admins add users').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add user' }).count(), 0);
    // An account the seller does not own: plan read-only, and a forced save is refused.
    const other = await api('GET', `/api/v1/accounts?ownerId.ne=${seller.id}&limit=1`);
    await page.goto(`${demo.base}/accounts/${other.data[0].id}`);
    await page.getByText('Only the account owner, marketers and admins edit this plan.').waitFor();
    const forced = await page.evaluate(
      async (id) =>
        (
          await fetch(`/api/v1/accounts/${id}/plan`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ version: 0, goals: 'x' }),
          })
        ).status,
      other.data[0].id,
    );
    assert.equal(forced, 403);
    await shot(page, '10-sales-dossier');
    await context.close();
  });
});
