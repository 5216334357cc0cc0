/** A task run every so often in the background, one pass at a time. */
export interface PeriodicTask<T> {
  /** Run a pass now, or join the one under way; resolves to its result. */
  runNow(): Promise<T>;
  /** No pass starts after this; resolves once the pass under way (if any) has ended. */
  stop(): Promise<void>;
}

export interface PeriodicTaskOptions<T> {
  /** Names the task in error reports ("plays worker", "segment upkeep"…). */
  name: string;
  /** Time between the end of one pass and the start of the next. */
  intervalMs: number;
  /** One pass. `isStopped()` turns true once stop() was called: long passes stop early when it does. */
  run: (isStopped: () => boolean) => Promise<T>;
  /** Start the first pass at once (default true), else after one interval. */
  runAtStart?: boolean;
  /** Where a failed pass is reported (default: one line on stderr); the next pass runs as planned. */
  onError?: (error: unknown) => void;
}

/**
 * The one timer loop of the background workers (segment upkeep, plays worker, momentum refresher):
 * passes never overlap (the next is planned `intervalMs` after one ends, and `runNow` during a pass
 * joins it), a failed pass is reported and the loop goes on, and `stop()` waits for the pass under
 * way. The timer does not keep the process alive.
 *
 * @example
 * const task = startPeriodicTask({ name: 'segment upkeep', intervalMs: 60_000, run: () => runSegmentExpiries(db) });
 * await task.stop();
 */
export function startPeriodicTask<T>(options: PeriodicTaskOptions<T>): PeriodicTask<T> {
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(
        `${options.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      ));
  let stopped = false;
  let running: Promise<T> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const isStopped = () => stopped;

  const plan = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  };
  const runNow = (): Promise<T> => {
    if (running) return running;
    const pass = (async () => options.run(isStopped))();
    running = pass.finally(() => {
      running = null;
      plan(options.intervalMs);
    });
    return running;
  };
  function tick() {
    timer = null;
    if (stopped || running) return;
    runNow().catch(onError);
  }

  if (options.runAtStart ?? true) tick();
  else plan(options.intervalMs);
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
