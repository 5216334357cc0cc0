import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPeriodicTask } from './periodic-task.ts';

describe('startPeriodicTask', () => {
  test('runs at start and then every interval, never two passes at once', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const task = startPeriodicTask({
      name: 'test',
      intervalMs: 5,
      run: async () => {
        active++;
        most = Math.max(most, active);
        await sleep(20);
        active--;
        return ++passes;
      },
    });
    assert.equal(active, 1, 'the first pass started at once');
    // Callers during a pass join it rather than starting another.
    const [a, b] = await Promise.all([task.runNow(), task.runNow()]);
    assert.equal(a, b);
    await sleep(150);
    await task.stop();
    assert.equal(most, 1, 'passes never overlapped');
    assert.ok(passes >= 3, `repeated (${passes} passes)`);
    const after = passes;
    await sleep(50);
    assert.equal(passes, after, 'no pass after stop');
  });

  test('a failed pass is reported and the loop goes on', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const task = startPeriodicTask({
      name: 'flaky',
      intervalMs: 5,
      onError: (e) => errors.push(e),
      run: async () => {
        passes++;
        if (passes === 1) throw new Error('first pass fails');
        return passes;
      },
    });
    await sleep(60);
    await task.stop();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /first pass fails/);
    assert.ok(passes >= 2, 'passes after the failure ran');
  });

  test('stop waits for the pass under way, which sees isStopped() and ends early', async () => {
    let steps = 0;
    let finished = false;
    const task = startPeriodicTask({
      name: 'long',
      intervalMs: 1000,
      run: async (isStopped) => {
        while (!isStopped() && steps < 1000) {
          steps++;
          await sleep(2);
        }
        finished = true;
        return steps;
      },
    });
    await sleep(30);
    await task.stop();
    assert.equal(finished, true, 'stop resolved after the pass ended');
    assert.ok(steps < 1000, 'the pass stopped early');
  });

  test('runAtStart false waits one interval; the default error report names the task', async () => {
    let passes = 0;
    const task = startPeriodicTask({
      name: 'later',
      intervalMs: 30,
      runAtStart: false,
      run: async () => ++passes,
    });
    assert.equal(passes, 0);
    await sleep(80);
    await task.stop();
    assert.ok(passes >= 1);

    const write = mock.method(process.stderr, 'write', () => true);
    try {
      const failing = startPeriodicTask({
        name: 'segment upkeep',
        intervalMs: 1000,
        run: async () => {
          throw new Error('boom');
        },
      });
      await sleep(10);
      await failing.stop();
    } finally {
      write.mock.restore();
    }
    const written = write.mock.calls.map((c) => String(c.arguments[0]));
    assert.ok(written.some((w) => w.startsWith('segment upkeep failed: Error: boom')));
  });
});
