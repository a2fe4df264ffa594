/** Background work on a timer, one run at a time per process: expired holds, unpaid orders, channel feeds, order sources, the NATS relay. */

export interface Sweeper {
  /** Runs one sweep now (tests, shutdown); resolves when it is done. */
  sweepNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs`, never two at once in this process (several processes are kept
 * apart by the conditional updates the sweep makes); failures go to `onError`, and the next tick
 * tries again.
 */
export function startSweeper(
  sweep: () => Promise<number>,
  onError: (error: unknown) => void,
  intervalMs: number,
): Sweeper {
  let running: Promise<number> | undefined;
  const sweepNow = (): Promise<number> => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    sweepNow().catch(onError);
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
