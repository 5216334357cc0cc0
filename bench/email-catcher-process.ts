/**
 * A counting SMTP catcher in its own process, for bench/email-send.ts (a real SMTP server is never
 * in the sender's process): prints `port N` once listening; answers `count` on stdin with `count N`.
 */
import { createInterface } from 'node:readline';
import { startMailCatcher } from '../src/email/mail-catcher.ts';

const catcher = await startMailCatcher({ countOnly: true });
process.stdout.write(`port ${catcher.port}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'count') process.stdout.write(`count ${catcher.count}\n`);
}
await catcher.close();
