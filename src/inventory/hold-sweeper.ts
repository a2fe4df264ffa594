/** Returns expired holds' stock without anyone calling: a timer per process, safe to run in several. */

import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { expireHolds } from './holds.js';

export interface Sweeper {
  /** Runs one sweep now (tests, shutdown); resolves when it is done. */
  sweepNow(): Promise<number>;
  stop(): Promise<void>;
}

export function startHoldSweeper(
  ctx: AppContext,
  onError: (error: unknown) => void,
  intervalMs: number = limits.holdSweepIntervalMs,
): Sweeper {
  let running: Promise<number> | undefined;
  const sweepNow = (): Promise<number> => {
    // One sweep at a time per process; several processes are kept apart by the holds' conditional update.
    running ??= expireHolds(ctx).finally(() => {
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
