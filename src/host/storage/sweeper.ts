// Runs a sweep of expired state at start and then on an interval that never keeps the process
// alive; one run at a time, and stop() waits for the run in progress.
import type { Logger } from '../logger';

export interface Sweeper {
  /** Resolves when the current run (if any) is over. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SweeperOptions {
  /** Deletes what has expired and says how many; the signal aborts a long run at stop(). */
  sweep: (signal: AbortSignal) => Promise<number> | number;
  everyMs: number;
  logger: Logger;
  /** Names the storage in the log lines. */
  what: string;
}

/** Starts sweeping now and every `everyMs`. */
export function startSweeper({ sweep, everyMs, logger, what }: SweeperOptions): Sweeper {
  const abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const run = () => {
    if (busy || abort.signal.aborted) return;
    busy = true;
    running = (async () => {
      try {
        const deleted = await sweep(abort.signal);
        if (deleted > 0) logger.info('expired state deleted', { storage: what, deleted });
      } catch (e) {
        if (!abort.signal.aborted) logger.warn('could not delete expired state', { storage: what, error: (e as Error).message });
      } finally {
        busy = false;
      }
    })();
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    idle: () => running,
    stop: async () => {
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
