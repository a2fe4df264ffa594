/**
 * The intake of one process: a bounded queue of orders and holds drained by one writer that commits
 * them in micro-batches. While a batch commits, new commands gather; the next batch takes them all
 * (up to its maximum), so batches grow with the load and a lone request waits for nobody. When the
 * queue is full, or the wait it promises would break the latency budget, a command is shed at once
 * with `overloaded` (503 + Retry-After) rather than queued to time out.
 */

import type { AppContext } from '../platform/context.js';
import { fail } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import {
  type CaptureCommand,
  captureBatch,
  captureOne,
  type OutcomeOf,
  type WriterState,
} from './capture.js';
import { OrderNumberBlocks } from './order-numbers.js';

/** What a shed order or hold is told, by the door or by the queue behind it. */
export const ordersOverloadedMessage = 'Affluence is taking all the orders it can right now; retry shortly.';

export interface IntakeOptions {
  readonly batchSizeMax: number;
  readonly queueLengthMax: number;
  /** Shed when the estimated queue wait passes this. */
  readonly queueWaitBudgetMs: number;
}

export const defaultIntakeOptions: IntakeOptions = {
  batchSizeMax: limits.batchSizeMax,
  queueLengthMax: limits.intakeQueueLengthMax,
  queueWaitBudgetMs: limits.intakeQueueWaitBudgetMs,
};

/** Who wants to know what the intake does: metrics, and the waiting room that may open itself. */
export interface IntakeObserver {
  shedOne(): void;
  committed(batchSize: number, batchMs: number): void;
}

interface Pending {
  readonly command: CaptureCommand;
  resolve(outcome: unknown): void;
  reject(error: unknown): void;
}

export interface IntakeStats {
  readonly queueLength: number;
  readonly batches: number;
  readonly commands: number;
  readonly shed: number;
  readonly lastBatchSize: number;
  /** Smoothed time to commit one batch, the basis of the wait estimate. */
  readonly batchMs: number;
}

export class BatchWriter {
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private batches = 0;
  private commands = 0;
  private shed = 0;
  private lastBatchSize = 0;
  private batchMs = 0;
  private readonly state: WriterState = { numbers: new OrderNumberBlocks(), tookNothing: false };

  constructor(
    private readonly ctx: AppContext,
    private readonly options: IntakeOptions = defaultIntakeOptions,
    private readonly observers: readonly IntakeObserver[] = [],
  ) {}

  submit<C extends CaptureCommand>(command: C): Promise<OutcomeOf<C>> {
    // Group commit: an arrival waits for the batch being committed, then for the full batches
    // queued ahead of it, each about as long as recent batches took.
    const batchesAhead =
      Math.ceil((this.queue.length + 1) / this.options.batchSizeMax) + (this.draining === undefined ? 0 : 1);
    const waitMs = batchesAhead * this.batchMs;
    // The estimate sheds only past one full batch of backlog: below it an arrival rides the next
    // batch anyway, and a cold first batch (connections opening) must not shed a whole burst.
    const backlog = this.queue.length >= this.options.batchSizeMax;
    if (
      this.queue.length >= this.options.queueLengthMax ||
      (backlog && waitMs > this.options.queueWaitBudgetMs)
    ) {
      this.shed++;
      for (const observer of this.observers) observer.shedOne();
      const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
      return Promise.resolve(
        fail('overloaded', ordersOverloadedMessage, {
          retry_after_s: retryAfterS,
        }) as OutcomeOf<C>,
      );
    }
    return new Promise<OutcomeOf<C>>((resolve, reject) => {
      this.queue.push({ command, resolve: resolve as (outcome: unknown) => void, reject });
      // The first command waits one turn of the event loop, so requests parsed together commit together.
      this.draining ??= new Promise<void>((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  stats(): IntakeStats {
    return {
      queueLength: this.queue.length,
      batches: this.batches,
      commands: this.commands,
      shed: this.shed,
      lastBatchSize: this.lastBatchSize,
      batchMs: this.batchMs,
    };
  }

  /** Resolves once every command queued so far is answered. */
  async flush(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.batchSizeMax);
        const startedMs = performance.now();
        await this.commit(batch);
        const batchMs = performance.now() - startedMs;
        // Exponential smoothing: recent batches count most, one slow batch does not shed everyone.
        this.batchMs = this.batches === 0 ? batchMs : 0.8 * this.batchMs + 0.2 * batchMs;
        this.batches++;
        this.commands += batch.length;
        this.lastBatchSize = batch.length;
        for (const observer of this.observers) observer.committed(batch.length, batchMs);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await captureBatch(
        this.ctx,
        batch.map((pending) => pending.command),
        this.state,
      );
      for (const [index, pending] of batch.entries()) pending.resolve(outcomes[index]);
    } catch (batchError) {
      // The store is away or out of disk: every command alone would fail the same way, one by one.
      // Each is answered that error at once (503 or 507, with Retry-After): none is acknowledged, and
      // a retry with the same key answers the order if a commit cut short did reach the store.
      const engine = this.ctx.store.engine;
      if (engine.isUnavailable(batchError) || engine.isStorageFull(batchError)) {
        for (const pending of batch) pending.reject(batchError);
        return;
      }
      // The batch failed as a whole: each command is tried alone, so one cannot sink the others.
      for (const pending of batch) {
        try {
          pending.resolve(await captureOne(this.ctx, pending.command));
        } catch (error) {
          pending.reject(error);
        }
      }
    }
  }
}
