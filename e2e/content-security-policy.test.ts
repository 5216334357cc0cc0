import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN_EMAIL } from '../src/demo/demo-users.ts';
import { useDemoServer } from './demo-server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'e2e-csp-password';

/**
 * The built web app and the API docs in Chromium under the server's Content-Security-Policy: the pages
 * render (charts included) and the browser reports no CSP violation.
 */
describe('web app under its Content-Security-Policy', { timeout: 300_000 }, () => {
  const demo = useDemoServer({ seed: 11, accounts: 300, password: PASSWORD, name: 'csp' });

  /** A page that records every console message and page error; CSP violations show up in both. */
  async function watchedPage(): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { page, problems, close: () => context.close() };
  }

  test('sign-in, the dashboard with its charts and an account dossier render with no CSP violation', async () => {
    const { page, problems, close } = await watchedPage();
    const response = await page.goto(`${demo.base}/`);
    assert.match(String(response?.headers()['content-security-policy']), /script-src 'self'/);
    await page.getByLabel('Email').fill(DEMO_ADMIN_EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('heading', { name: 'Accounts by stage' }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30_000 });

    const list = await fetch(`${demo.base}/api/v1/accounts?limit=1&sort=-engagementScore`, {
      headers: { authorization: `Bearer ${demo.adminKey}` },
    });
    const { data } = (await list.json()) as { data: { id: string }[] };
    assert.ok(data[0]);
    await page.goto(`${demo.base}/accounts/${data[0].id}`);
    await page.locator('main h1, main h2').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.goto(`${demo.base}/accounts`);
    await page.locator('table[aria-label="Accounts"] tbody tr').first().waitFor();
    assert.deepEqual(problems, []);
    await close();
  });

  test('the API docs (swagger-ui) render under their own policy', async () => {
    const { page, problems, close } = await watchedPage();
    await page.goto(`${demo.base}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
    await page.locator('.opblock').first().waitFor();
    assert.deepEqual(problems, []);
    await close();
  });

  test('a violation would be seen: an inline script is refused and reported', async () => {
    const { page, problems, close } = await watchedPage();
    await page.goto(`${demo.base}/`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
    });
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => 'inlineRan' in window || '__inlineRan' in window), false);
    assert.ok(
      problems.some((p) => /Content Security Policy/.test(p)),
      problems.join('\n'),
    );
    await close();
  });
});
