/** Background work on a timer, one run at a time per process: expired holds, unpaid orders, channel feeds, order sources, the NATS relay. */
import { storeFailureLogGate } from './store/failures.js';

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
  const gate = storeFailureLogGate();
  const sweepNow = (): Promise<number> => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    sweepNow().then(
      () => gate.recovered(),
      (error: unknown) => {
        if (gate.shouldLog(error)) onError(error);
      },
    );
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
