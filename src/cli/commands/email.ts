import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { systemContext } from '../../auth/auth-context.ts';
import { loadEmailSettings } from '../../email/email-settings.ts';
import { listSends, SendLogQuerySchema } from '../../email/list-sends.ts';
import { processFeedback } from '../../email/process-feedback.ts';
import { OneOffSendSchema, queueOneOffSend, queueTestSend, TestSendSchema } from '../../email/queue-sends.ts';
import { startSenderWorker } from '../../email/sender-worker.ts';
import { HttpProblem } from '../../errors/problem.ts';
import { defaultWorkspace } from '../../workspaces/create-workspace.ts';
import { fail, openCliDatabase } from '../cli-database.ts';

interface CommonOptions {
  workspace?: string;
  data?: string;
}

interface MessageOptions extends CommonOptions {
  subject?: string;
  html?: string;
  text?: string;
  template?: string;
  wait?: boolean;
}

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : undefined;

/** The message of a send from --template, or --subject with --html (a file) and optional --text (a file). */
function message(options: MessageOptions) {
  if (options.template) return { templateId: options.template };
  if (!options.subject || !options.html) return {};
  return {
    content: {
      subject: options.subject,
      html: readFileSync(options.html, 'utf8'),
      ...(options.text ? { text: readFileSync(options.text, 'utf8') } : {}),
    },
  };
}

/** Open the database and the workspace, run the job, and turn problems into one-line errors. */
async function withWorkspace(
  options: CommonOptions,
  job: (db: Awaited<ReturnType<typeof openCliDatabase>>['db'], workspaceId: string) => Promise<void>,
): Promise<void> {
  const database = await openCliDatabase(options);
  try {
    const workspace = await defaultWorkspace(database.db, options.workspace);
    await job(database.db, workspace.id);
  } catch (error) {
    if (error instanceof HttpProblem) fail(error.detail ?? error.message, 1);
    else if (error instanceof z.ZodError)
      fail(error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), 2);
    else throw error;
  } finally {
    await database.close();
  }
}

/** Deliver the workspace's due sends in this process and print the outcome per status. */
async function deliverNow(
  db: Awaited<ReturnType<typeof openCliDatabase>>['db'],
  workspaceId: string,
  batchId: string,
) {
  const sender = startSenderWorker(db, { loop: false, workspaceId });
  try {
    await sender.drain();
  } finally {
    await sender.stop();
  }
  const rows = await listSends(db, workspaceId, { batchId, limit: 500 });
  const counts: Record<string, number> = {};
  for (const r of rows.data) counts[r.status] = (counts[r.status] ?? 0) + 1;
  process.stdout.write(`${JSON.stringify({ batchId, statuses: counts }, null, 2)}\n`);
}

/**
 * `openabm email send|test|feedback|log`: one-off and test sends, bounce and complaint reports from
 * a mailbox directory (.eml files), and the send log. A running server delivers queued sends; with
 * `--wait` this command delivers them itself.
 */
export function registerEmail(program: Command): void {
  const email = program
    .command('email')
    .description('E-mail: one-off and test sends, bounces and complaints, send log');
  const common = (c: Command) =>
    c
      .option('--workspace <slug>', 'workspace slug or id (default: the first workspace)')
      .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)');
  const content = (c: Command) =>
    c
      .option('--template <id>', 'a stored template of the content library')
      .option('--subject <text>', 'subject (LiquidJS), with --html')
      .option('--html <file>', 'HTML body file (LiquidJS: {{ contact.firstName }}, {{ account.name }}, …)')
      .option('--text <file>', 'plain-text body file (default: made from the HTML)')
      .option('--wait', 'deliver now in this process and print the outcome');

  common(
    content(
      email
        .command('send')
        .description('Queue a one-off send to contacts, a target list or a segment')
        .requiredOption('--name <name>', 'name of the send')
        .option('--contacts <ids>', 'comma-separated contact ids')
        .option('--target-list <id>', 'every contact of the target list’s accounts')
        .option('--segment <id>', 'a segment: its people, or the contacts of its accounts')
        .option('--personas <ids>', 'only contacts in one of these personas (comma-separated ids)')
        .option('--topic <key>', 'preference topic')
        .option('--send-key <key>', 'idempotency key: a recipient gets each key at most once')
        .option('--transactional', 'not marketing: no consent, cap or quiet hours checks'),
    ),
  ).action(
    async (
      options: MessageOptions & {
        name: string;
        contacts?: string;
        targetList?: string;
        segment?: string;
        personas?: string;
        topic?: string;
        sendKey?: string;
        transactional?: boolean;
      },
    ) => {
      await withWorkspace(options, async (db, workspaceId) => {
        const input = OneOffSendSchema.parse({
          name: options.name,
          kind: options.transactional ? 'transactional' : 'marketing',
          ...(options.topic ? { topic: options.topic } : {}),
          ...(options.sendKey ? { sendKey: options.sendKey } : {}),
          ...message(options),
          audience: {
            ...(options.contacts ? { contactIds: list(options.contacts) } : {}),
            ...(options.targetList ? { targetListId: options.targetList } : {}),
            ...(options.segment ? { segmentId: options.segment } : {}),
            ...(options.personas ? { personaIds: list(options.personas) } : {}),
          },
        });
        const result = await queueOneOffSend(db, systemContext(workspaceId, 'cli:email-send'), input);
        const { mode } = await loadEmailSettings(db, workspaceId);
        process.stdout.write(`${JSON.stringify({ ...result, mode }, null, 2)}\n`);
        if (options.wait) await deliverNow(db, workspaceId, result.batchId);
      });
    },
  );

  common(
    content(
      email
        .command('test')
        .description('Send a test rendered for a contact to colleagues')
        .requiredOption('--to <emails>', 'comma-separated addresses')
        .requiredOption('--contact <id>', 'whose data fills the message'),
    ),
  ).action(async (options: MessageOptions & { to: string; contact: string }) => {
    await withWorkspace(options, async (db, workspaceId) => {
      const input = TestSendSchema.parse({
        to: list(options.to),
        contactId: options.contact,
        ...message(options),
      });
      const result = await queueTestSend(db, systemContext(workspaceId, 'cli:email-test'), input);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (options.wait) await deliverNow(db, workspaceId, result.batchId);
    });
  });

  common(
    email
      .command('feedback')
      .description('Apply bounce (DSN) and complaint (ARF) reports: every .eml file of a mailbox directory')
      .requiredOption('--dir <dir>', 'directory of .eml files'),
  ).action(async (options: CommonOptions & { dir: string }) => {
    await withWorkspace(options, async (db, workspaceId) => {
      const files = readdirSync(options.dir)
        .filter((f) => f.toLowerCase().endsWith('.eml'))
        .sort();
      const results = [];
      for (const file of files) {
        const result = await processFeedback(db, workspaceId, readFileSync(path.join(options.dir, file)));
        results.push({ file, ...result });
      }
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    });
  });

  common(
    email
      .command('log')
      .description('The send log, newest first')
      .option('--contact <id>', 'one contact')
      .option('--account <id>', 'one account')
      .option('--status <status>', 'one status (uncertain: sends to settle by hand)')
      .option('--limit <n>', 'rows', '50'),
  ).action(
    async (
      options: CommonOptions & { contact?: string; account?: string; status?: string; limit: string },
    ) => {
      await withWorkspace(options, async (db, workspaceId) => {
        const query = {
          ...(options.contact ? { contactId: options.contact } : {}),
          ...(options.account ? { accountId: options.account } : {}),
          ...(options.status ? { status: options.status } : {}),
          limit: options.limit,
        };
        const rows = await listSends(db, workspaceId, SendLogQuerySchema.parse(query));
        process.stdout.write(`${JSON.stringify(rows.data, null, 2)}\n`);
      });
    },
  );
}
