import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualSender, queueSend, sendsOf, useCatcher } from '../test/email-test-kit.ts';
import { useTestApp } from '../test/test-app.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { SendRateLimiter } from './send-rate-limiter.ts';

/** The most arrivals in any window of `ms` milliseconds. */
function busiestWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('rate limits per workspace and per recipient domain', () => {
  const t = useTestApp();
  let catcher: MailCatcher;
  /** When each recipient reached the SMTP server (RCPT TO). */
  const arrivals = new Map<string, number>();
  before(async () => {
    catcher = await startMailCatcher({
      onRecipient: (address) => {
        arrivals.set(address, Date.now());
        return null;
      },
    });
  });
  after(() => catcher.close());

  test('the limiter books every key of a message: rate × T + burst in any window', () => {
    const limiter = new SendRateLimiter();
    const slots: number[] = [];
    for (let i = 0; i < 100; i++)
      slots.push(
        limiter.reserve(
          [
            { key: 'w', perSecond: 40 },
            { key: `w:${i % 2 ? 'a.test' : 'b.test'}`, perSecond: 10 },
          ],
          0,
        ),
      );
    // Two domains at 10/s each bound the workspace (40/s) to 20/s: 100 messages take about 5 s.
    assert.ok((slots.at(-1) ?? 0) >= 4800 && (slots.at(-1) ?? 0) <= 5000, String(slots.at(-1)));
    assert.ok(busiestWindow(slots, 1000) <= 20 + 2);
    const a = slots.filter((_, i) => i % 2 === 1);
    assert.ok(busiestWindow(a, 1000) <= 10 + 1);
  });

  test('a batch over several domains keeps both limits through a real SMTP server', async () => {
    const ws = await t.workspace('Rate limited');
    const perSecond = 20;
    const perDomain = 5;
    await useCatcher(t, ws, catcher, {
      rateLimit: { perSecond, perDomainPerSecond: perDomain, connections: 3 },
    });
    const rows = await t.database.db
      .insertInto('contacts')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          workspace_id: ws.workspaceId,
          // 12 at one busy domain, the rest over seven others.
          email: i < 12 ? `busy${i}@busy.test` : `p${i}@d${i % 7}.test`,
          first_name: `R${i}`,
          country: 'US',
          consent_basis: 'consent' as const,
        })),
      )
      .returning(['id', 'email'])
      .execute();
    const queued = await queueSend(
      t,
      ws,
      rows.map((r) => r.id),
    );
    assert.equal(queued.queued, 40);
    const start = Date.now();
    const sender = manualSender(t, ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const sends = await sendsOf(t, ws, queued.batchId);
    assert.deepEqual(
      sends.map((s) => s.status),
      sends.map(() => 'sent'),
    );
    const times = rows.map((r) => arrivals.get(r.email ?? '') ?? Number.NaN);
    assert.ok(times.every(Number.isFinite), 'every recipient reached the server');
    const busy = rows.flatMap((r, i) => (r.email?.endsWith('@busy.test') ? [times[i] ?? 0] : []));
    // Lower bounds hold whatever the load: no message goes before its slot.
    const last = Math.max(...times) - start;
    assert.ok(last >= ((40 - 2) / perSecond) * 1000 - 50, `40 messages at ${perSecond}/s took ${last} ms`);
    const lastBusy = Math.max(...busy) - start;
    assert.ok(lastBusy >= ((12 - 1) / perDomain) * 1000 - 50, `12 at ${perDomain}/s took ${lastBusy} ms`);
    // Upper bounds per window, with slack for arrivals bunched by a loaded machine.
    const inSecond = busiestWindow(times, 1000);
    assert.ok(inSecond <= Math.ceil(perSecond * 1.5), `${inSecond} messages in one second`);
    const busyInSecond = busiestWindow(busy, 1000);
    assert.ok(busyInSecond <= Math.ceil(perDomain * 1.5) + 1, `${busyInSecond} to busy.test in one second`);
  });
});
