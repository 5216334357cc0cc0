import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { loadDemoContent } from '../src/demo/demo-content.ts';
import { signEmailLink } from '../src/email-tracking/tracking-token.ts';
import { reassignAllPersonas } from '../src/personas/assign-personas.ts';
import { type PlayWorker, startPlayWorker } from '../src/plays/play-worker.ts';
import { useDemoServer } from './demo-server.ts';

const PASSWORD = 'e2e-plays-password';
const MARKETER = 'olivia.hansen@demo.openabm.dev';

/** Poll until `check` returns a value (not undefined), or fail after `ms`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 180_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * A marketer builds the cross-persona play in the web app (end users: e-mail, wait for a click, branch,
 * start the approver track; approver: a task for the owner), sees the server's validation beside the
 * field, simulates it, activates it; an end user clicks a tracked link; the play dashboard shows the
 * approver track at that account and the account's seller finds the task in the inbox, with why.
 */
describe('play builder in the browser', { timeout: 600_000 }, () => {
  const demo = useDemoServer({ seed: 11, accounts: 80, password: PASSWORD, name: 'e2e-plays' });
  let worker: PlayWorker;
  const { api } = demo;

  before(async () => {
    const ws = demo.world.workspaceId;
    await reassignAllPersonas(demo.database.db, ws);
    await loadDemoContent(demo.database.db, ws, null);
    await api('PUT', '/api/v1/fit/icp', {
      criteria: [{ field: 'employeeCount', op: 'between', min: 50, max: 100000, weight: 100 }],
    });
    await api('POST', '/api/v1/target-lists', { period: '2026-Q4' });
    // The server process's plays worker, as `openabm serve` runs it (no 2 s settle, so the test is quick).
    worker = startPlayWorker(demo.database.db, { intervalMs: 250, settleMs: 0 });
  });
  after(() => worker?.stop());

  async function signIn(email: string): Promise<Page> {
    const context = await demo.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    // The server (embedded PostgreSQL), the plays worker and this driver share one process: be patient.
    page.setDefaultTimeout(120_000);
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${demo.base}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }

  /** A form control by the start of its label (a select's or input's value is part of its accessible name). */
  const field = (scope: Page | Locator, label: string): Locator =>
    scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  const step = (page: Page, track: number, n: number): Locator =>
    page.locator(`li[aria-label="Track ${track} step ${n}"]`);

  test('build, validate, simulate, activate; a click moves the approver track; the seller gets the task', async () => {
    const db = demo.database.db;
    const ws = demo.world.workspaceId;
    const lists = await api('GET', '/api/v1/target-lists');
    const list = lists.data[0];
    assert.ok(list, 'a target list');
    const personas: { id: string; name: string }[] = (await api('GET', '/api/v1/personas')).data;
    const endUsers = personas.find((p) => p.name === 'End Users');
    const sponsors = personas.find((p) => p.name === 'Executive Sponsor');
    assert.ok(endUsers && sponsors);
    // Tier-1 accounts with both an end user and an executive sponsor, owned by a seller.
    const candidates = await sql<{ account_id: string; name: string; user_id: string; owner: string }>`
      SELECT m.account_id, a.name, min(cu.contact_id::text) AS user_id, u.email AS owner
      FROM target_list_members m
      JOIN accounts a ON a.workspace_id = m.workspace_id AND a.id = m.account_id
      JOIN users u ON u.id = a.owner_id
      JOIN contacts c1 ON c1.workspace_id = a.workspace_id AND c1.account_id = a.id
      JOIN contact_personas cu ON cu.workspace_id = c1.workspace_id AND cu.contact_id = c1.id AND cu.persona_id = ${endUsers.id}
      WHERE m.workspace_id = ${ws} AND m.list_id = ${list.id} AND m.tier = 1
        AND EXISTS (SELECT 1 FROM contacts c2 JOIN contact_personas cs ON cs.workspace_id = c2.workspace_id
          AND cs.contact_id = c2.id AND cs.persona_id = ${sponsors.id}
          WHERE c2.workspace_id = a.workspace_id AND c2.account_id = a.id)
      GROUP BY m.account_id, a.name, u.email ORDER BY a.name`.execute(db);
    const target = candidates.rows[0];
    assert.ok(target, 'a tier-1 account with an end user and an executive sponsor');
    const tier1 = await sql<{ n: number }>`SELECT count(*)::int AS n FROM target_list_members
      WHERE workspace_id = ${ws} AND list_id = ${list.id} AND tier = 1`.execute(db);

    const page = await signIn(MARKETER);
    await page.getByRole('link', { name: 'Plays' }).click();
    await field(page, 'New play name').fill('Cross-persona nurture');
    await page.getByRole('button', { name: 'Create play' }).click();
    await page.getByRole('heading', { name: /Cross-persona nurture/ }).waitFor();
    const playId = page.url().split('/plays/')[1] ?? '';
    assert.match(playId, /^[0-9a-f-]{36}$/);

    // Entry: tier 1 of the target list.
    await field(page, 'Accounts enter when').selectOption('target_list');
    await field(page, 'Target list').selectOption(list.id);
    await page.getByRole('group', { name: 'Tiers (none = all)' }).getByLabel('1', { exact: true }).check();
    await field(page, 'Control group (% held out)').fill('0');

    // The approver track first, so the end users' trigger can name it.
    await page.getByRole('button', { name: 'Add a track' }).click();
    const approver = page.getByRole('group', { name: 'Track 2' });
    await field(approver, 'Track name').fill('Approver');
    await field(approver, 'Key').fill('approver');
    await field(approver, 'Persona').selectOption({ label: 'Executive Sponsor' });
    await field(step(page, 2, 1), 'Title').fill('Call the executive sponsor');

    // End users: e-mail → wait for this person's click (≤ 7 d) → branch on it → start the approver track.
    const users = page.getByRole('group', { name: 'Track 1' });
    await field(users, 'Track name').fill('End users');
    await field(users, 'Key').fill('user');
    await field(users, 'Persona').selectOption({ label: 'End Users' });
    await field(step(page, 1, 1), 'Step type').selectOption('email');
    await field(step(page, 1, 1), 'Step id').fill('intro');
    const add = field(users, 'Add a step');
    await add.selectOption('wait');
    await field(step(page, 1, 2), 'until a condition').check();
    await field(step(page, 1, 2), 'Who').selectOption('contact');
    await field(step(page, 1, 2), 'Time-out (days)').fill('7');
    await add.selectOption('branch');
    await field(step(page, 1, 3), 'Who').selectOption('contact');
    await add.selectOption('trigger_track');
    await field(step(page, 1, 4), 'Step id').fill('start-approver');
    await field(step(page, 1, 3), 'If true, go to').selectOption('start-approver');
    await field(step(page, 1, 3), 'If false, go to').selectOption('end');

    // No template yet: the server's 400 names the field, shown beside it.
    await page.getByRole('button', { name: 'Save new version' }).click();
    const fieldError = step(page, 1, 1).locator('.field-error[data-path="tracks.0.steps.0.templateId"]');
    await fieldError.waitFor();
    assert.ok((await fieldError.textContent())?.length, 'a message beside the template field');
    await field(step(page, 1, 1), 'Template').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    assert.equal(await fieldError.count(), 0, 'the error is gone once saved');

    // The diagram: two lanes, the branch's yes/no side by side, the trigger arrow between the tracks.
    const svg = page.locator('.play-diagram svg');
    assert.equal(await svg.locator('[data-lane]').count(), 2);
    assert.equal(await svg.locator('[data-edge="trigger:user:start-approver->approver"]').count(), 1);
    assert.equal(await svg.locator('[data-edge="user:branch-3->start-approver:yes"]').count(), 1);
    assert.equal(await svg.locator('[data-edge="user:branch-3->end:no"]').count(), 1);
    // Side by side: the yes target and the no side's end sit in different columns below the branch.
    const branchBox = await svg.locator('[data-node="user:branch-3"] rect').boundingBox();
    const yesBox = await svg.locator('[data-node="user:start-approver"] rect').boundingBox();
    assert.ok(branchBox && yesBox && yesBox.y > branchBox.y, 'the trigger step is drawn below the branch');
    await page
      .screenshot({ path: 'e2e/screenshots/play-builder.png', fullPage: true })
      .catch(() => undefined);

    // Simulate: the tier-1 accounts, the end users' track starting; nothing written.
    await page.getByRole('button', { name: 'Simulate' }).click();
    const simulation = page.getByRole('region', { name: 'Simulation result' });
    await simulation.waitFor();
    assert.equal(
      Number((await simulation.locator('[data-figure="entering"]').textContent())?.replace(/,/g, '')),
      tier1.rows[0]?.n,
    );
    const rows = simulation.locator('table[aria-label="Accounts that would enter"] tbody tr');
    assert.ok((await rows.count()) > 0, 'accounts listed');
    assert.match(
      (await simulation.textContent()) ?? '',
      /Track “End users” would start at \d+ accounts for \d+ people/,
    );
    assert.match((await simulation.textContent()) ?? '', /Track “Approver” starts later \(when triggered\)/);
    assert.equal(
      (await api('GET', `/api/v1/plays/${playId}/runs`)).data.length,
      0,
      'simulation wrote nothing',
    );

    // Activate.
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByText(/^Activated: \d+ active/).waitFor();
    assert.equal(await page.locator('.page-head .badge').textContent(), 'Active');
    const runs = (await api('GET', `/api/v1/plays/${playId}`)).runs;
    assert.equal(runs.active, tier1.rows[0]?.n);

    // The e-mail goes out (queued in the send log) and the wait starts for the target's end user.
    await eventually('the end user waiting for a click', async () => {
      const plays = (await api('GET', `/api/v1/accounts/${target.account_id}/plays`)).data;
      return plays[0]?.next.some((s: { step: string }) => s.step === 'wait-2') ? true : undefined;
    });

    // The end user clicks the tracked link in the e-mail.
    const link = await signEmailLink(
      db,
      demo.base,
      {
        workspaceId: ws,
        contactId: target.user_id,
        messageId: `<e2e-${playId}@demo.openabm.dev>`,
        sentAt: new Date(Date.now() - 3_600_000),
      },
      'https://www.example.com/pricing',
    );
    const click = await fetch(link, {
      redirect: 'manual',
      headers: {
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36',
      },
    });
    assert.equal(click.status, 302);
    assert.equal(click.headers.get('location'), 'https://www.example.com/pricing');

    // The approver track starts at that account only, and its task is created.
    const task = await eventually('the approver task', async () => {
      const tasks = (await api('GET', '/api/v1/tasks?owner=all')).data;
      return tasks.find(
        (t: { accountId: string; title: string }) =>
          t.accountId === target.account_id && t.title === 'Call the executive sponsor',
      );
    });
    const all = (await api('GET', '/api/v1/tasks?owner=all')).data.filter(
      (t: { title: string }) => t.title === 'Call the executive sponsor',
    );
    assert.deepEqual(
      [...new Set(all.map((t: { accountId: string }) => t.accountId))],
      [target.account_id],
      'no other account got the approver track',
    );

    // The dashboard: the approver track reached one account.
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    const approverRow = page.locator('table[aria-label="Steps of Approver"] tr[data-step="approver:task-1"]');
    await approverRow.waitFor();
    const cells = await approverRow.locator('td').allTextContents();
    assert.equal(cells[1], '1', `accounts at the approver task: ${cells.join(' | ')}`);
    assert.equal(await page.locator('[data-figure="Active"]').textContent(), String(tier1.rows[0]?.n));
    const clicked = page.locator(
      'table[aria-label="Steps of End users"] tr[data-step="user:start-approver"] td',
    );
    assert.equal((await clicked.allTextContents())[1], '1', 'one account went through the trigger');

    // The seller who owns the account finds the task in the inbox, with why, and opens the dossier.
    const seller = await signIn(target.owner);
    await seller.getByRole('link', { name: 'Inbox' }).click();
    const item = seller.locator(`li[data-task="${task.id}"]`);
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    assert.match(text, /Call the executive sponsor/);
    assert.match(text, /Why: Play "Cross-persona nurture", track "Approver"/);
    await item.getByRole('link', { name: target.name }).click();
    await seller.getByRole('list', { name: 'Plays of this account' }).waitFor();
    assert.match(
      (await seller.getByRole('list', { name: 'Plays of this account' }).textContent()) ?? '',
      /Cross-persona nurture/,
    );
    await seller.goBack();
    await item.first().waitFor();
    await item.getByRole('button', { name: 'Snooze 1 day' }).click();
    await seller.getByText(/snoozed until tomorrow/).waitFor();
    await item.waitFor({ state: 'detached' });
    await seller.getByLabel('Snoozed').check();
    await item.getByRole('button', { name: 'Complete' }).click();
    await seller.getByText(/: done\.$/).waitFor();
    const done = (await api('GET', '/api/v1/tasks?owner=all&status=done')).data;
    assert.ok(done.some((t: { id: string }) => t.id === task.id));
  });
});
