import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoContent } from '../src/demo/demo-content.ts';
import { DEMO_USERS } from '../src/demo/demo-users.ts';
import { loadDemoWorld } from '../src/demo/load-demo-world.ts';
import { type App, buildApp } from '../src/http/app.ts';
import { reassignAllPersonas } from '../src/personas/assign-personas.ts';
import { launchChromium } from '../src/test/launch-chromium.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'e2e-content-password';

/** A marketer opens Content, picks the executive intro and previews it per persona, under the app's CSP. */
describe('content editor in the browser', { timeout: 300_000 }, () => {
  let database: Database;
  let app: App;
  let base: string;
  let browser: Browser;

  before(async () => {
    if (!existsSync(path.join(ROOT, 'web/dist/index.html'))) {
      const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
      const built = spawnSync(
        process.execPath,
        [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
        {
          cwd: ROOT,
          stdio: 'inherit',
        },
      );
      assert.equal(built.status, 0, 'npm run build failed');
    }
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    const world = await loadDemoWorld(database, { seed: 3, accounts: 80, password: PASSWORD });
    await reassignAllPersonas(database.db, world.workspaceId);
    await loadDemoContent(database.db, world.workspaceId, null);
    app = await buildApp({ database });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  test('the library filters by stage and the template preview changes with the persona', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const marketer = DEMO_USERS.find((u) => u.role === 'marketer');
    assert.ok(marketer);
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(marketer.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Content' }).click();
    await page.getByRole('cell', { name: 'Security and GDPR whitepaper' }).waitFor();
    await page.getByLabel('Buying stage').first().selectOption('choice');
    await page.getByRole('cell', { name: 'Pricing and total cost of ownership, 3 years' }).waitFor();
    assert.equal(
      await page.getByRole('cell', { name: 'The ABM playbook, chapter 1: choosing accounts' }).count(),
      0,
    );

    await page.getByRole('tab', { name: 'Templates' }).click();
    await page
      .getByRole('form', { name: 'Template editor' })
      .locator('select')
      .first()
      .selectOption({ label: 'Executive intro (v1)' });
    await page
      .getByRole('form', { name: 'Template editor' })
      .locator('input')
      .first()
      .and(page.locator('[value="Executive intro"]'))
      .waitFor();
    await page.getByLabel('Preview as persona').selectOption({ label: 'Finance Leader' });
    await page.getByText(/value: Finance/).waitFor({ timeout: 20_000 });
    await page.getByLabel('Preview as persona').selectOption({ label: 'IT & Security' });
    await page.getByText(/value: IT/).waitFor({ timeout: 20_000 });
    const frame = page.frameLocator('iframe[title="HTML preview"]');
    await frame.getByText(/PostgreSQL/).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
