/** The puller: every process looks at the order sources every second and runs those due, one process per source. */
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { type Sweeper, startSweeper } from '../../platform/sweeper.js';
import { runSource } from './sources.js';

/** A source's claim outlives its longest run: every page of a run, each within its time limit. */
export const pullLeaseMs = limits.pullPagesPerRun * limits.pullTimeoutMs + 60_000;

export class OrderPuller {
  readonly processId: string;
  private loop: Sweeper | undefined;

  constructor(private readonly ctx: AppContext) {
    this.processId = ctx.newId('proc');
  }

  start(log: (error: unknown) => void): void {
    this.loop = startSweeper(() => this.runDue(log), log, limits.pullPollMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  /** Runs each enabled source whose interval has passed; a run's own failure is in its report. */
  async runDue(log: (error: unknown) => void = () => {}): Promise<number> {
    let runs = 0;
    const now = this.ctx.clock.now();
    for (const source of await this.ctx.store.read.orderSources.list()) {
      const due = source.last_run_at === null || now - Number(source.last_run_at) >= source.interval_s * 1000;
      if (source.enabled !== 1 || !due) continue;
      const run = await runSource(this.ctx, source.name, this.processId, pullLeaseMs);
      if (run.ok) runs++;
      else if (run.code !== 'source_busy') log(new Error(`order source ${source.name}: ${run.message}`));
    }
    return runs;
  }
}
