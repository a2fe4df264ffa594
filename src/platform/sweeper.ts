/** Background work on a timer, one run at a time per process: expired holds, unpaid orders, channel feeds, order sources, the NATS relay. */
import { limits } from './core/limits.js';
import { storeFailureOf } from './store/failures.js';

export interface Sweeper {
  /** Runs one sweep now (tests, shutdown); resolves when it is done. */
  sweepNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs`, never two at once in this process (several processes are kept
 * apart by the conditional updates the sweep makes); failures go to `onError`, and the next tick
 * tries again. While the store is away or full, every tick fails the same way: `onError` hears of
 * it once per `limits.storeFailureLogIntervalMs`, not at every tick, and the sweeps resume by
 * themselves once the store is back.
 */
export function startSweeper(
  sweep: () => Promise<number>,
  onError: (error: unknown) => void,
  intervalMs: number,
): Sweeper {
  let running: Promise<number> | undefined;
  let storeFailureReportedAtMs = Number.NEGATIVE_INFINITY;
  const sweepNow = (): Promise<number> => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  };
  const report = (error: unknown) => {
    if (storeFailureOf(error) !== undefined) {
      const nowMs = Date.now();
      if (nowMs - storeFailureReportedAtMs < limits.storeFailureLogIntervalMs) return;
      storeFailureReportedAtMs = nowMs;
    }
    onError(error);
  };
  const timer = setInterval(() => {
    sweepNow().then(() => {
      storeFailureReportedAtMs = Number.NEGATIVE_INFINITY;
    }, report);
  }, intervalMs);
  timer.unref();
  return {
    sweepNow,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
