import type { Kysely } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { EmailSettingsInputSchema, loadEmailSettings, saveEmailSettings } from '../email/email-settings.ts';
import type { MailCatcher } from '../email/mail-catcher.ts';
import { queueOneOffSend } from '../email/queue-sends.ts';
import { queueDemoSegmentSend } from './demo-segment-send.ts';

const DEMO_SEND_KEY = 'demo-q1-welcome';

const DEMO_HTML = `<html><body>
<p>Hello {{ contact.firstName | default: "there" }},</p>
<p>Teams like {{ account.name }} are planning next year's revenue programme now. Our Q1 planning guide
shows how {{ account.industry | default: "companies in your industry" | downcase }} leaders line up sales and marketing on one account list.</p>
<p><a href="https://openabm.example/guides/q1-planning">Read the planning guide</a></p>
<p>Best regards,<br>The openabm demo team</p>
</body></html>`;

/**
 * The demo's e-mail: with `mail`, a local catcher SMTP server (smtp-server, loaded only then) that the
 * workspace's settings point at, printing what arrives; without, settings with no SMTP server, so
 * every send is a marked dry run. Then a one-off send to the contacts of a few target accounts, under
 * a fixed send key, so a reused demo world queues nobody twice.
 */
export async function prepareDemoMail(
  db: Kysely<DB>,
  workspaceId: string,
  options: { mail: boolean; publicUrl: string; note: (text: string) => void },
): Promise<MailCatcher | null> {
  let catcher: MailCatcher | null = null;
  if (options.mail) {
    const { startMailCatcher } = await import('../email/mail-catcher.ts');
    let shown = 0;
    catcher = await startMailCatcher({
      onCaught: (message) => {
        shown += 1;
        if (shown <= 10)
          options.note(`mail catcher: to ${message.to.join(', ')} — ${message.parsed.subject ?? ''}\n`);
        else if (shown % 100 === 0) options.note(`mail catcher: ${shown} messages caught\n`);
      },
    });
  }
  const current = await loadEmailSettings(db, workspaceId);
  await saveEmailSettings(
    db,
    workspaceId,
    EmailSettingsInputSchema.parse({
      smtp: catcher ? { host: catcher.host, port: catcher.port, tls: 'none' } : null,
      from: { address: 'marketing@openabm.example', name: 'openabm demo' },
      replyTo: 'team@openabm.example',
      publicUrl: options.publicUrl,
      topics: current.topics,
      consent: current.consent,
      frequencyCap: current.frequencyCap,
      // The demo sends whenever it is started: no quiet hours.
      quietHours: null,
    }),
  );
  const targets = await db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
    )
    .select('c.id')
    .where('c.workspace_id', '=', workspaceId)
    .where('a.is_target', '=', true)
    .where('c.email', 'is not', null)
    .orderBy('c.id')
    .limit(40)
    .execute();
  if (targets.length > 0) {
    const queued = await queueOneOffSend(db, systemContext(workspaceId, 'demo'), {
      name: 'Q1 planning guide (demo)',
      kind: 'marketing',
      topic: 'newsletter',
      sendKey: DEMO_SEND_KEY,
      content: {
        subject: 'A Q1 planning guide for {{ account.name }}',
        preheader: 'Line up sales and marketing',
        html: DEMO_HTML,
      },
      audience: { contactIds: targets.map((t) => t.id) },
    });
    if (queued.queued > 0)
      options.note(
        `Queued the demo send "Q1 planning guide" to ${queued.queued} contacts of target accounts ` +
          `(${catcher ? `to the mail catcher at smtp://${catcher.host}:${catcher.port}` : 'dry run: start with --mail to catch real messages'})\n`,
      );
  }
  const segmentSend = await queueDemoSegmentSend(db, workspaceId);
  if (segmentSend && segmentSend.queued > 0)
    options.note(
      `Queued the demo send "Executive intro" to ${segmentSend.queued} people of the segment "${segmentSend.segment}"\n`,
    );
  if (catcher) options.note(`Mail catcher listening on smtp://${catcher.host}:${catcher.port}\n`);
  return catcher;
}
