import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { systemContext } from '../auth/auth-context.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { EmailSettingsInputSchema, saveEmailSettings } from '../email/email-settings.ts';
import { type MailCatcher, startMailCatcher } from '../email/mail-catcher.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';
import { PlayDefinitionSchema } from './play-definition.ts';
import { createPlay, setPlayStatus } from './play-store.ts';

// Two `openabm worker` processes run a play over 1,000 accounts; one is killed with SIGKILL mid-run
// and a third is started. The workers get a database of their own (created from TEST_DATABASE_URL and
// dropped after), so they touch no other test file's plays or sends.
const base = process.env.TEST_DATABASE_URL;
const ACCOUNTS = 1000;
const BIN = path.resolve('bin/openabm.js');

interface Worker {
  child: ChildProcess;
  exited: Promise<void>;
  stderr: () => string;
}

function startWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, [BIN, 'worker', '--only', 'plays,email'], {
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('openabm worker running')) resolve({ child, exited, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('plays: two worker processes and kill -9', {
  skip: base
    ? false
    : 'needs a PostgreSQL server (TEST_DATABASE_URL): two worker processes cannot share one embedded PGlite directory (in-process claim recovery is covered by plays.test.ts)',
}, () => {
  const name = `${new URL(base ?? 'postgres://x/test').pathname.slice(1)}_crash_${Math.random().toString(36).slice(2, 8)}`;
  const url = (() => {
    const u = new URL(base ?? 'postgres://x/test');
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let database: Database;
  let catcher: MailCatcher;
  const workers: Worker[] = [];

  before(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    database = await openDatabase({ url });
    await migrateToLatest(database.db);
    catcher = await startMailCatcher({ replyDelayMs: 10 });
  });
  after(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await catcher?.close();
    await database?.close();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  test('every due step runs, no e-mail twice, every send accounted (sent or uncertain)', {
    timeout: 600_000,
  }, async () => {
    const db = database.db;
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (what: string) => {
      phases.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      process.stderr.write(`# ${phases.at(-1)}\n`);
    };
    // The workers start (tsx, migrations) while the world is seeded.
    const starting = [startWorker(url), startWorker(url)];
    const ws = await createWorkspace(db, { name: 'Kill nine' });
    await saveEmailSettings(
      db,
      ws.id,
      EmailSettingsInputSchema.parse({
        smtp: { host: catcher.host, port: catcher.port, tls: 'none' },
        from: { address: 'plays@openabm.test', name: 'Plays' },
        publicUrl: 'https://abm.openabm.test',
        quietHours: null,
        frequencyCap: { perPersonPerWeek: 0, perAccountPerWeek: 0 },
        rateLimit: { perSecond: 1000, perDomainPerSecond: 1000, connections: 2 },
      }),
    );
    const persona = await sql<{ id: string }>`
      INSERT INTO personas (workspace_id, name, committee_role) VALUES (${ws.id}, 'Buyer', 'decision_maker')
      RETURNING id`.execute(db);
    const personaId = persona.rows[0]?.id ?? '';
    const list = await sql<{ id: string }>`
      INSERT INTO target_lists (workspace_id, period, name) VALUES (${ws.id}, '2026-Q4', 'Kill nine list')
      RETURNING id`.execute(db);
    const listId = list.rows[0]?.id ?? '';
    const template = await sql<{ id: string }>`
      INSERT INTO content_templates (workspace_id, name) VALUES (${ws.id}, 'Intro') RETURNING id`.execute(db);
    const templateId = template.rows[0]?.id ?? '';
    await sql`INSERT INTO content_template_versions (workspace_id, template_id, version, subject, html)
      VALUES (${ws.id}, ${templateId}, 1, 'Hello {{ contact.first_name }}', '<p>Hi {{ account.name }}</p>')`.execute(
      db,
    );
    await sql`
      WITH a AS (
        INSERT INTO accounts (workspace_id, name)
        SELECT ${ws.id}, 'Crash account ' || i FROM generate_series(1, ${ACCOUNTS}) i RETURNING id, name
      ), c AS (
        INSERT INTO contacts (workspace_id, account_id, email, first_name, country, consent_basis)
        SELECT ${ws.id}, a.id, 'buyer-' || replace(a.name, ' ', '-') || '@crash.test', 'Pat', 'US', 'consent' FROM a
        RETURNING id
      ), p AS (
        INSERT INTO contact_personas (workspace_id, contact_id, persona_id) SELECT ${ws.id}, c.id, ${personaId} FROM c
      )
      INSERT INTO target_list_members (workspace_id, list_id, account_id, tier) SELECT ${ws.id}, ${listId}, a.id, 1 FROM a`.execute(
      db,
    );
    const ctx = systemContext(ws.id, 'test');
    const play = await createPlay(db, ctx, {
      name: 'Kill nine',
      definition: PlayDefinitionSchema.parse({
        entry: { type: 'target_list', listId },
        guardrails: { businessDays: false },
        tracks: [
          {
            key: 'buyer',
            name: 'Buyer',
            personaId,
            steps: [
              { id: 'intro', type: 'email', templateId },
              { id: 'pause', type: 'wait', hours: 0.0005 },
              { id: 'follow', type: 'task', title: 'Follow up the intro', dueDays: 1 },
            ],
          },
        ],
      }),
    });
    phase('seeded');
    workers.push(...(await Promise.all(starting)));
    phase('workers ready');
    const startedAt = Date.now();
    await setPlayStatus(db, ctx, play.id, 'active');

    // Mid-run: kill one worker while both deliver.
    await until(
      'a quarter of the e-mails',
      async () => catcher.messages.length >= ACCOUNTS / 4,
      120_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; workers: ${workers.map((w) => w.stderr()).join(' | ')}`);
    });
    const victim = workers[0];
    assert.ok(victim);
    victim.child.kill('SIGKILL');
    await victim.exited;
    phase('killed');
    const caughtAtKill = catcher.messages.length;
    assert.ok(caughtAtKill < ACCOUNTS, 'killed mid-run');
    workers.push(await startWorker(url));
    phase('third worker ready');

    const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await query.execute(db)).rows[0]?.n ?? 0);
    await until(
      'every step and send to settle',
      async () =>
        (await count(sql`SELECT count(*)::int AS n FROM play_steps WHERE workspace_id = ${ws.id}
          AND step = 'follow' AND status = 'done'`)) === ACCOUNTS &&
        (await count(sql`SELECT count(*)::int AS n FROM play_steps WHERE workspace_id = ${ws.id}
          AND status IN ('due', 'running')`)) === 0 &&
        (await count(sql`SELECT count(*)::int AS n FROM email_sends WHERE workspace_id = ${ws.id}
          AND status IN ('queued', 'claimed', 'sending')`)) === 0,
      300_000,
    );
    const seconds = (Date.now() - startedAt) / 1000;
    phase('settled');
    process.stdout.write(`# ${phases.join(', ')}\n`);

    // Every due step executed exactly once per run: three per account, all done.
    const steps = await sql<{ step: string; status: string; n: number; retried: number }>`
      SELECT step, status, count(*)::int AS n, count(*) FILTER (WHERE attempts > 1)::int AS retried
      FROM play_steps WHERE workspace_id = ${ws.id} GROUP BY step, status ORDER BY step, status`.execute(db);
    assert.deepEqual(
      steps.rows.map((r) => [r.step, r.status, r.n]),
      [
        ['follow', 'done', ACCOUNTS],
        ['intro', 'done', ACCOUNTS],
        ['pause', 'done', ACCOUNTS],
      ],
    );
    const tasks = await count(sql`SELECT count(*)::int AS n FROM owner_tasks WHERE workspace_id = ${ws.id}`);
    assert.equal(tasks, ACCOUNTS, 'one task per account: no task twice');

    // The send log holds one send per (run, step, contact), under the step's effect key.
    const sends = await sql<{
      id: string;
      email: string;
      status: string;
      send_key: string;
      reason: string | null;
    }>`
      SELECT s.id, s.email, s.status, s.send_key, s.reason FROM email_sends s WHERE s.workspace_id = ${ws.id}`.execute(
      db,
    );
    assert.equal(sends.rows.length, ACCOUNTS);
    assert.equal(new Set(sends.rows.map((s) => s.send_key)).size, ACCOUNTS, 'one send per effect key');
    const effectKeys = await sql<{ key: string }>`
      SELECT run_id || ':' || track || ':' || step || ':' || contact_id AS key FROM play_steps
      WHERE workspace_id = ${ws.id} AND step = 'intro'`.execute(db);
    assert.deepEqual(
      new Set(sends.rows.map((s) => s.send_key)),
      new Set(effectKeys.rows.map((r) => r.key)),
      'the send keys are the intro steps’ effect keys',
    );

    // Delivered at most once, by Message-ID (<send id@domain>) and by recipient.
    const byId = new Map<string, number>();
    const byRecipient = new Map<string, number>();
    for (const m of catcher.messages) {
      const id = /^<([^@]+)@/.exec(m.parsed.messageId ?? '')?.[1] ?? '';
      byId.set(id, (byId.get(id) ?? 0) + 1);
      for (const to of m.to) byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
    }
    for (const [id, n] of byId) assert.equal(n, 1, `send ${id} arrived ${n} times`);
    for (const [to, n] of byRecipient) assert.equal(n, 1, `${to} was mailed ${n} times`);

    // Exact accounting: every send ended sent or uncertain; every sent one arrived; an uncertain one
    // (in its SMTP transaction at the kill) may or may not have, and is surfaced with its reason.
    const sent = sends.rows.filter((s) => s.status === 'sent');
    const uncertain = sends.rows.filter((s) => s.status === 'uncertain');
    assert.equal(sent.length + uncertain.length, ACCOUNTS, 'no send failed, refused or lost');
    for (const s of sent) assert.equal(byId.get(s.id), 1, `sent ${s.id} arrived`);
    for (const s of uncertain) assert.match(s.reason ?? '', /stopped during the SMTP transaction/);
    const uncertainArrived = uncertain.filter((s) => byId.has(s.id)).length;
    assert.equal(catcher.messages.length, sent.length + uncertainArrived, 'every message is a logged send');
    // At most the killed worker's messages whose outcomes were not yet written: the sender writes
    // outcomes once per 250 messages (deliver-sends.ts, recordEvery), plus per connection the group of
    // four on the wire and the next one marked.
    assert.ok(uncertain.length <= 250 + 2 * 2 * 4, `${uncertain.length} uncertain`);

    const retried = steps.rows.reduce((n, r) => n + r.retried, 0);
    process.stdout.write(
      `# kill -9: ${caughtAtKill} e-mails before the kill, ${sent.length} sent, ${uncertain.length} uncertain ` +
        `(${uncertainArrived} of them arrived), ${retried} steps re-claimed after the kill; ` +
        `${ACCOUNTS * 3} steps in ${seconds.toFixed(1)} s\n`,
    );
  });
});
