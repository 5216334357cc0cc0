import assert from 'node:assert/strict';
import type { MailCatcher } from '../email/mail-catcher.ts';
import { type SenderWorkerOptions, startSenderWorker } from '../email/sender-worker.ts';
import type { TestApp } from './test-app.ts';
import type { TestWorkspace } from './test-database.ts';

/** Point the workspace's e-mail settings at a local catcher (quiet hours and caps off unless given). */
export async function useCatcher(
  t: TestApp,
  ws: TestWorkspace,
  catcher: MailCatcher,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const res = await t.call('PUT', '/email/settings', ws.keys.admin, {
    smtp: { host: catcher.host, port: catcher.port, tls: 'none', user: 'sender', password: 'smtp-secret' },
    from: { address: 'marketing@openabm.test', name: 'Openabm Marketing' },
    replyTo: 'team@openabm.test',
    publicUrl: 'https://abm.openabm.test',
    quietHours: null,
    frequencyCap: { perPersonPerWeek: 0, perAccountPerWeek: 0 },
    ...overrides,
  });
  assert.equal(res.statusCode, 200, res.body);
}

let serial = 0;

/** A contact (and, when `account` is given, its account) through the API; returns the contact id. */
export async function makeContact(
  t: TestApp,
  ws: TestWorkspace,
  fields: Record<string, unknown> = {},
  account?: string,
): Promise<{ id: string; email: string; accountId: string | null }> {
  serial += 1;
  let accountId: string | null = null;
  if (account) {
    const acc = await t.call('POST', '/accounts', ws.keys.admin, { name: account });
    assert.equal(acc.statusCode, 201, acc.body);
    accountId = acc.json().id;
  }
  const email = `person${serial}-${Math.random().toString(36).slice(2, 8)}@example.net`;
  const res = await t.call('POST', '/contacts', ws.keys.admin, {
    email,
    firstName: `Pat${serial}`,
    country: 'US',
    consentBasis: 'consent',
    ...(accountId ? { accountId } : {}),
    ...fields,
  });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id, email: res.json().email ?? email, accountId };
}

/** Queue a one-off marketing send to contacts through the API; returns the queue answer. */
export async function queueSend(
  t: TestApp,
  ws: TestWorkspace,
  contactIds: string[],
  extra: Record<string, unknown> = {},
): Promise<{ batchId: string; queued: number; alreadyQueued: number; mode: string; sendKey: string }> {
  const res = await t.call('POST', '/email/sends', ws.keys.marketer, {
    name: 'Q1 guide',
    content: {
      subject: 'A guide for {{ account.name }}',
      preheader: 'Planning for {{ contact.firstName }}',
      html: '<html><body><p>Hello {{ contact.firstName }} at {{ account.name }}</p><p><a href="https://openabm.test/guide?x=1&amp;y=2">Read the guide</a></p></body></html>',
    },
    audience: { contactIds },
    ...extra,
  });
  assert.equal(res.statusCode, 202, res.body);
  return res.json();
}

/** A sender for one workspace that runs only when drained (no timer), with immediate retries. */
export function manualSender(t: TestApp, ws: TestWorkspace, options: SenderWorkerOptions = {}) {
  return startSenderWorker(t.database.db, {
    loop: false,
    backoffMs: () => 0,
    workspaceId: ws.workspaceId,
    ...options,
  });
}

/** The send log rows of a batch. */
export async function sendsOf(t: TestApp, ws: TestWorkspace, batchId: string) {
  return t.database.db
    .selectFrom('email_sends')
    .selectAll()
    .where('workspace_id', '=', ws.workspaceId)
    .where('batch_id', '=', batchId)
    .orderBy('email')
    .execute();
}
