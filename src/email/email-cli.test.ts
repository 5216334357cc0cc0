import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';
import { EmailSettingsInputSchema, saveEmailSettings } from './email-settings.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';

// The CLI runs in its own processes: on the PostgreSQL server of TEST_DATABASE_URL, or else on an
// embedded data directory this test seeds and then leaves to the CLI (one process at a time).
const url = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(path.join(os.tmpdir(), 'openabm-email-cli-'));
const htmlFile = path.join(dir, 'body.html');
const fixtures = path.join(import.meta.dirname, 'fixtures');

function args(...rest: string[]): string[] {
  return [
    path.resolve('bin/openabm.js'),
    'email',
    ...rest,
    '--workspace',
    slug,
    ...(url ? [] : ['--data', dir]),
  ];
}
const env = { ...process.env, DATABASE_URL: url ?? '' };
/** Run the CLI without blocking this process (the SMTP catcher answers from its event loop). */
function cli(...rest: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args(...rest), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((resolve) =>
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

async function open(): Promise<Database> {
  const database = await openDatabase({ url, dataDir: dir });
  await migrateToLatest(database.db);
  return database;
}

let slug = '';
let workspaceId = '';
let contactIds: string[] = [];
let catcher: MailCatcher;

before(async () => {
  catcher = await startMailCatcher({ replyDelayMs: 60 });
  writeFileSync(htmlFile, '<p>Hello {{ contact.firstName }} of {{ account.name }}</p>');
  const database = await open();
  try {
    const ws = await createWorkspace(database.db, {
      name: `Email CLI ${Math.random().toString(36).slice(2, 8)}`,
    });
    slug = ws.slug;
    workspaceId = ws.id;
    await saveEmailSettings(
      database.db,
      ws.id,
      EmailSettingsInputSchema.parse({
        smtp: { host: catcher.host, port: catcher.port, tls: 'none' },
        from: { address: 'marketing@openabm.test', name: 'CLI' },
        publicUrl: 'https://abm.openabm.test',
        quietHours: null,
        frequencyCap: { perPersonPerWeek: 0, perAccountPerWeek: 0 },
        rateLimit: { perSecond: 100, perDomainPerSecond: 100, connections: 2 },
      }),
    );
    const account = await database.db
      .insertInto('accounts')
      .values({ workspace_id: ws.id, name: 'Kill Nine Ltd' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await database.db
      .insertInto('contacts')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          workspace_id: ws.id,
          account_id: account.id,
          email: `k${i}@kill-nine.test`,
          first_name: `K${i}`,
          consent_basis: 'consent' as const,
          country: 'US',
        })),
      )
      .returning('id')
      .execute();
    contactIds = rows.map((r) => r.id);
  } finally {
    await database.close();
  }
});
after(async () => {
  await catcher.close();
  rmSync(dir, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('openabm email', () => {
  test('kill -9 mid-send: after a restart nobody is mailed twice and nothing is silently lost', async () => {
    const send = [
      'send',
      '--name',
      'Kill test',
      '--send-key',
      'kill-9',
      '--contacts',
      contactIds.join(','),
      '--subject',
      'Hello {{ contact.firstName }}',
      '--html',
      htmlFile,
      '--wait',
    ];
    const child = spawn(process.execPath, args(...send), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await catcher.waitFor(6, 90_000).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}; CLI stderr: ${stderr}`);
    });
    child.kill('SIGKILL');
    await exited(child);
    const caughtAtKill = catcher.messages.length;
    assert.ok(caughtAtKill < 30, 'killed mid-send');

    const restart = await cli(...send);
    assert.equal(restart.status, 0, restart.stderr);
    const queued = JSON.parse(restart.stdout.slice(0, restart.stdout.indexOf('\n}') + 2));
    assert.equal(queued.queued, 0, 'the same send key queues nobody again');

    const uncertain = await cli('log', '--status', 'uncertain');
    assert.equal(uncertain.status, 0, uncertain.stderr);
    const surfaced: { email: string; reason: string }[] = JSON.parse(uncertain.stdout);
    assert.ok(surfaced.length >= 1, 'the send in flight at the kill is surfaced as uncertain');
    for (const s of surfaced) assert.match(s.reason, /stopped during the SMTP transaction/);

    const database = await open();
    try {
      const rows = await database.db
        .selectFrom('email_sends')
        .select(['email', 'status'])
        .where('workspace_id', '=', workspaceId)
        .where('send_key', '=', 'kill-9')
        .execute();
      assert.equal(rows.length, 30);
      const caught = new Map<string, number>();
      for (const m of catcher.messages) for (const to of m.to) caught.set(to, (caught.get(to) ?? 0) + 1);
      for (const [to, n] of caught) assert.equal(n, 1, `${to} was mailed ${n} times`);
      for (const row of rows) {
        assert.ok(['sent', 'uncertain'].includes(row.status), `${row.email} ended ${row.status}`);
        if (row.status === 'sent')
          assert.equal(caught.get(row.email ?? ''), 1, `${row.email} is sent and arrived`);
      }
      assert.equal(rows.filter((r) => r.status === 'sent').length + surfaced.length, 30);
      assert.ok(catcher.messages.length <= 30);
    } finally {
      await database.close();
    }
  });

  test('feedback --dir applies DSN bounces and ARF complaints from .eml files', async () => {
    const database = await open();
    let sends: { id: string; email: string | null; message_id: string | null }[] = [];
    try {
      sends = await database.db
        .selectFrom('email_sends')
        .select(['id', 'email', 'message_id'])
        .where('workspace_id', '=', workspaceId)
        .where('status', '=', 'sent')
        .orderBy('email')
        .limit(2)
        .execute();
    } finally {
      await database.close();
    }
    const [hard, complained] = sends;
    assert.ok(hard && complained);
    const mailbox = mkdtempSync(path.join(dir, 'mailbox-'));
    const fill = (file: string, send: typeof hard) =>
      readFileSync(path.join(fixtures, file), 'utf8')
        .replaceAll('{{RECIPIENT}}', send.email ?? '')
        .replaceAll('{{MESSAGE_ID}}', send.message_id ?? '')
        .replaceAll('{{SEND_ID}}', send.id);
    writeFileSync(path.join(mailbox, '1-bounce.eml'), fill('dsn-hard-bounce.eml', hard));
    writeFileSync(path.join(mailbox, '2-complaint.eml'), fill('arf-complaint.eml', complained));
    writeFileSync(path.join(mailbox, 'notes.txt'), 'not a message');
    const run = await cli('feedback', '--dir', mailbox);
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout);
    assert.deepEqual(
      results.map((r: { file: string; kind: string; sendId: string }) => [r.file, r.kind, r.sendId]),
      [
        ['1-bounce.eml', 'bounce', hard.id],
        ['2-complaint.eml', 'complaint', complained.id],
      ],
    );
    const check = await open();
    try {
      const rows = await check.db
        .selectFrom('email_sends')
        .select(['id', 'status', 'bounce_type'])
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', [hard.id, complained.id])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      assert.equal(byId.get(hard.id)?.status, 'bounced');
      assert.equal(byId.get(hard.id)?.bounce_type, 'hard');
      assert.equal(byId.get(complained.id)?.status, 'complained');
    } finally {
      await check.close();
    }
  });

  test('bad input is reported with the option, not a stack', async () => {
    const run = await cli(
      'send',
      '--name',
      'x',
      '--contacts',
      'not-a-uuid',
      '--subject',
      's',
      '--html',
      htmlFile,
    );
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /audience\.contactIds\.0/);
  });
});
