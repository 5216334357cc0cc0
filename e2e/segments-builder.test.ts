import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { DEMO_USERS } from '../src/demo/demo-users.ts';
import { startInboundProcessor } from '../src/ingest/inbound-processor.ts';
import { createWriteKey } from '../src/ingest/write-keys.ts';
import { useDemoServer } from './demo-server.ts';

const PASSWORD = 'e2e-segments-password';
const NORDICS = ['DK', 'SE', 'NO', 'FI', 'IS'];
/** The issue's first example as the rule schema says it: what the marketer builds in the browser. */
const RULE = {
  type: 'and',
  rules: [
    { type: 'field', field: 'tier', op: 'eq', value: 1 },
    { type: 'field', field: 'isTarget', op: 'eq', value: true },
    { type: 'field', field: 'country', op: 'in', value: NORDICS },
    { type: 'intentSurge' },
    { type: 'not', rule: { type: 'opportunity', state: 'open' } },
  ],
};
const step = (what: string) =>
  process.env.E2E_TRACE && appendFileSync(process.env.E2E_TRACE, `${new Date().toISOString()} ${what}\n`);
const HUMAN =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

/**
 * A marketer builds "Tier 1 target accounts in the Nordics that surged on a topic this week and have no
 * open opportunity" in the segment builder, watching the live count (checked against the preview API),
 * saves it and sees its members; then tracking events arrive for another account, which enters the
 * segment through ingestion alone (no rebuild) and shows in the members list.
 */
describe('segment builder in the browser', { timeout: 600_000 }, () => {
  const demo = useDemoServer({ seed: 11, accounts: 300, password: PASSWORD, name: 'e2e-segments' });
  const { api } = demo;
  const previewCount = async (rule: unknown): Promise<number> =>
    (await api('POST', '/api/v1/segments/preview', { kind: 'account', rule, sample: 0 })).count;

  /** Two accounts with a contact with an e-mail and no open opportunity: the one already surging, the one that will. */
  let early: { id: string; name: string; email: string };
  let late: { id: string; name: string; email: string };
  let writeKey: string;

  /** Page views of the topic's pages by the person with `email`, through the tracking API. */
  async function visitTopicPages(email: string, userId: string, views: number) {
    const batch = [
      { type: 'identify', userId, messageId: `${userId}-id`, traits: { email } },
      ...Array.from({ length: views }, (_, i) => ({
        type: 'page',
        userId,
        messageId: `${userId}-p${i}`,
        name: 'Zeta analytics',
        properties: {
          url: `https://www.example.com/solutions/zeta-analytics/${i}`,
          path: `/solutions/zeta-analytics/${i}`,
        },
        context: { userAgent: HUMAN },
        timestamp: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
      })),
    ];
    const res = await fetch(`${demo.base}/v1/batch`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ batch }),
    });
    assert.equal(res.status, 200, await res.text());
  }

  async function until<T>(
    what: string,
    read: () => Promise<T>,
    ok: (v: T) => boolean,
    ms = 30_000,
  ): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() - started > ms) assert.fail(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  before(async () => {
    step('demo loaded');
    const { db } = demo.database;
    const ws = demo.world.workspaceId;
    const picked = await sql<{ id: string; name: string; email: string }>`
      SELECT a.id, a.name, min(c.email) AS email FROM accounts a
      JOIN contacts c ON c.workspace_id = a.workspace_id AND c.account_id = a.id AND c.email IS NOT NULL
      WHERE a.workspace_id = ${ws} AND NOT EXISTS (SELECT 1 FROM opportunities o
        WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id AND NOT o.is_closed)
      GROUP BY a.id, a.name ORDER BY a.name LIMIT 2`.execute(db);
    const [first, second] = picked.rows;
    assert.ok(first && second, 'two accounts without an open opportunity');
    early = first;
    late = second;
    // Both become Tier 1 Nordic targets (through the API, as a marketer would).
    for (const [a, country] of [
      [early, 'SE'],
      [late, 'Finland'],
    ] as const)
      await api('PATCH', `/api/v1/accounts/${a.id}`, { country, isTarget: true, tier: 1 });
    await api('POST', '/api/v1/intent/topics', {
      name: 'Zeta analytics',
      urlPatterns: ['/solutions/zeta-analytics*'],
    });
    step('accounts prepared');
    writeKey = (await createWriteKey(db, { workspaceId: ws, name: 'e2e-site' })).key;
  });

  async function condition(page: Page, path: string): Promise<Locator> {
    const node = page.locator(`fieldset[data-path="${path}"]`);
    await node.waitFor();
    return node;
  }
  const shown = async (page: Page) =>
    Number((await page.getByTestId('preview-count').innerText()).replace(/\D/g, ''));

  test('build the Nordic Tier 1 surge segment, see the live count and members, watch an account enter', async () => {
    const processor = startInboundProcessor(demo.database, { pollMs: 200 });
    try {
      // The early account surges before the segment exists (4 topic page views this week, no baseline).
      step('tracking the early account');
      await visitTopicPages(early.email, 'e2e-early', 4);
      step('waiting for the surge');
      await until(
        'the early account surging',
        () => previewCount({ type: 'intentSurge' }),
        (n) => n >= 1,
      );
      step('surging');
      const expectedNow = await previewCount(RULE);
      assert.ok(expectedNow >= 1, 'the early account matches the whole rule');

      const marketer = DEMO_USERS.find((u) => u.role === 'marketer');
      assert.ok(marketer);
      const context = await demo.browser.newContext({ viewport: { width: 1500, height: 1000 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${demo.base}/`);
      await page.getByLabel('Email').fill(marketer.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Segments' }).click();
      await page.getByRole('link', { name: 'New segment' }).click();
      step('builder open');
      await page.getByLabel('Name').fill('Nordic Tier 1 surging, no open deal (e2e)');

      // The starter condition is "Tier is 1"; a wrong value is refused beside that condition.
      const tier = await condition(page, 'rules.0');
      await tier.getByLabel('Tier value').fill('one');
      await tier.locator('.rule-error').waitFor({ timeout: 15_000 });
      assert.match(await tier.locator('.rule-error').innerText(), /value/);
      await tier.getByLabel('Tier value').fill('1');
      await tier.locator('.rule-error').waitFor({ state: 'detached', timeout: 15_000 });
      const tierOnly = await previewCount({ type: 'and', rules: [RULE.rules[0]] });
      await until(
        'the live count of tier 1',
        () => shown(page),
        (n) => n === tierOnly,
      );

      step('tier error shown and fixed');
      const addCondition = page.locator('fieldset[data-path="root"] > .rule-children > .row button', {
        hasText: '+ Condition',
      });
      await addCondition.click();
      const target = await condition(page, 'rules.1');
      await target.getByLabel('Field').selectOption('isTarget');
      await target.getByLabel('Is target operator').selectOption('eq');
      await target.getByLabel('Is target value').selectOption('true');
      await addCondition.click();
      const country = await condition(page, 'rules.2');
      await country.getByLabel('Field').selectOption('country');
      await country.getByLabel('Country operator').selectOption('in');
      await country.getByLabel('Country value').fill(NORDICS.join(', '));
      const firmographic = await previewCount({ type: 'and', rules: RULE.rules.slice(0, 3) });
      assert.ok(firmographic >= 2, 'both prepared accounts are Tier 1 Nordic targets');
      await until(
        'the live count of Tier 1 Nordic targets',
        () => shown(page),
        (n) => n === firmographic,
      );

      step('firmographic count matches');
      await addCondition.click();
      await (await condition(page, 'rules.3')).getByLabel('Condition type').selectOption('intentSurge');
      await addCondition.click();
      await (await condition(page, 'rules.4')).getByLabel('Condition type').selectOption('not');
      await (await condition(page, 'rules.4.rule')).getByLabel('Condition type').selectOption('opportunity');
      await until(
        'the live count of the whole rule',
        () => shown(page),
        (n) => n === expectedNow,
      );
      const sample = page.getByRole('list', { name: 'Sample members' });
      await sample.getByText(early.name).waitFor();
      assert.equal(await sample.getByText(late.name).count(), 0);

      // Explain a sample member: every condition holds but the open opportunity under NOT.
      await sample.locator('li', { hasText: early.name }).getByRole('button', { name: 'Explain' }).click();
      const explained = page.getByRole('region', { name: `Explain ${early.name}` });
      await explained.getByText(/is in/).waitFor();
      assert.equal(await explained.getByText('does not hold').count(), 1);

      step('whole rule counted and explained');
      await page.getByRole('button', { name: 'Create segment' }).click();
      await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').at(-1) ?? '';
      const saved = await api('GET', `/api/v1/segments/${id}`);
      assert.deepEqual(saved.rule, RULE, 'the builder produced the issue’s rule');
      assert.equal(saved.memberCount, expectedNow);
      const members = page.getByRole('table', { name: 'Members' });
      await members.getByRole('link', { name: early.name }).waitFor();
      assert.equal(await members.getByRole('link', { name: late.name }).count(), 0);
      assert.equal(await page.getByTestId('member-count').innerText(), `${expectedNow} accounts`);
      await page.getByTestId('history-summary').getByText(`${expectedNow} members on`).waitFor();

      step('saved, members shown');
      // Events arrive for the late account: it enters through ingestion, no rebuild.
      const rebuiltAt = saved.rebuiltAt;
      await visitTopicPages(late.email, 'e2e-late', 4);
      const after = await until(
        'the late account entering',
        () => api('GET', `/api/v1/segments/${id}`),
        (s: { memberCount: number; rebuiltAt: string | null }) => s.memberCount === expectedNow + 1,
      );
      assert.equal(after.rebuiltAt, rebuiltAt, 'no rebuild ran');
      const memberships = await api('GET', `/api/v1/segments/memberships?memberId=${late.id}`);
      assert.equal(memberships.data.find((m: { segmentId: string }) => m.segmentId === id)?.exitedAt, null);
      step('late account entered');
      await page.reload();
      await members.getByRole('link', { name: late.name }).waitFor();
      assert.equal(await page.getByTestId('member-count').innerText(), `${expectedNow + 1} accounts`);

      // The accounts page filters by the segment; the dossier lists it.
      await page.getByRole('link', { name: 'Accounts' }).click();
      // The select's accessible name is its label and its chosen option ("Segment Any").
      await page
        .getByRole('form', { name: 'Account filters' })
        .locator('select[name="segment"]')
        .selectOption(id);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(new RegExp(`segment=${id}`));
      const rows = page.getByRole('table', { name: 'Accounts' }).locator('tbody tr');
      await until(
        'the filtered accounts list',
        () => rows.count(),
        (n) => n === expectedNow + 1,
      );
      await page.getByRole('link', { name: late.name }).first().click();
      await page
        .getByRole('list', { name: 'Current segments' })
        .getByText('Nordic Tier 1 surging, no open deal (e2e)')
        .waitFor();
      step('accounts filter and dossier done');
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await processor.stop();
    }
  });
});
