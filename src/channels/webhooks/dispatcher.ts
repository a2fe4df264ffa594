/**
 * The dispatcher: every process runs one. It turns outbox events into deliveries for each enabled
 * endpoint, claims what is due, signs it the Standard Webhooks way and posts it, then writes the
 * attempt back — delivered, retried later with backoff, or dead after its last attempt. Nothing is
 * held only in memory: a process killed mid-send leaves a claim that lapses, and another sends again
 * (at least once; receivers de-duplicate by `webhook-id`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppContext, toIso } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { EventRow } from '../../platform/outbox/event-repo.js';
import {
  type AttemptRecord,
  appendAttempt,
  type RetryPolicy,
  retryDelayMs,
  takesEvent,
} from '../core/delivery.js';
import { postSigned, type Sent } from './post.js';
import type { DeliveryOutcome, DeliveryRow, WebhookRow } from './webhook-repo.js';

/** An outbox event as a body format sees it. */
export interface OutboxEvent {
  readonly id: number;
  readonly type: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly payload: unknown;
  readonly createdAt: number;
}

/** Builds the body an endpoint of some format is sent for an event. */
export type BodyFormat = (event: OutboxEvent) => unknown;

/** Standard Webhooks' own shape: the event's type, when it happened, and its data. */
const standardBody: BodyFormat = (event) => ({
  type: event.type,
  timestamp: toIso(event.createdAt),
  data: event.payload,
});

export interface DispatcherOptions {
  readonly policy: RetryPolicy;
  /** Each attempt waits at most this long for an answer. */
  readonly timeoutMs: number;
  /** How often each process looks for new events and due retries. */
  readonly pollMs: number;
  /** Deliveries in flight at once per endpoint: a slow endpoint holds its own, never another's. */
  readonly inFlightMax: number;
  /** The body formats beyond `standard`, by name (the operations room's `json` and `slack`). */
  readonly formats?: Readonly<Record<string, BodyFormat>>;
  readonly random?: () => number;
  /**
   * Whether the orders are queuing in this process: while they are, each endpoint gets only
   * `limits.webhookInFlightWhileBusy` deliveries at a time. Posting is CPU the intake needs, and
   * orders come first; the deliveries catch up when the queue empties.
   */
  readonly ordersBusy?: () => boolean;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  policy: {
    attemptsMax: limits.webhookAttemptsMax,
    backoffMs: limits.webhookBackoffMs,
    backoffMaxMs: limits.webhookBackoffMaxMs,
  },
  timeoutMs: limits.webhookTimeoutMs,
  pollMs: limits.webhookPollMs,
  inFlightMax: limits.webhookInFlightMax,
};

export class WebhookDispatcher {
  /** Who claims in this process: a lapsed claim of another is recognised as not ours. */
  readonly processId: string;
  private readonly formats: Readonly<Record<string, BodyFormat>>;
  private readonly random: () => number;
  private readonly inFlight = new Map<string, number>();
  /** An endpoint that just failed is left alone a moment: a dead one is not hammered. */
  private readonly coolUntil = new Map<string, number>();
  private readonly sends = new Set<Promise<void>>();
  /** Attempts waiting to be written back, and the write that will take them. */
  private readonly outcomes: DeliveryOutcome[] = [];
  private recording: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private lastPruneAt = 0;
  private log: (error: unknown) => void = () => {};

  constructor(
    private readonly ctx: AppContext,
    private readonly options: DispatcherOptions = defaultDispatcherOptions,
  ) {
    this.processId = ctx.newId('proc');
    this.formats = { standard: standardBody, ...options.formats };
    this.random = options.random ?? Math.random;
  }

  /** Runs in the background until `stop`, failures going to `log`; the loop never stops at one. */
  start(log: (error: unknown) => void): void {
    this.log = log;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops looking for work and waits for the sends in flight to be written back. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking?.catch(() => undefined);
    await Promise.allSettled([...this.sends]);
  }

  /**
   * Works until every delivery of the enabled endpoints is delivered or dead: new events enqueued,
   * due deliveries sent, retries waited for (tests, and a process told to empty its queue; the
   * server's loop does the same on its timer). Returns the attempts made.
   */
  async drain(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const started = await this.tick();
      await Promise.allSettled([...this.sends]);
      attempts += started;
      if (started > 0) continue;
      const next = await this.ctx.store.read.webhooks.nextRetryAt();
      if (next === undefined) return attempts;
      const cooling = Math.max(0, ...this.coolUntil.values());
      const wait = Math.max(next, cooling) - this.ctx.clock.now();
      await sleep(Math.min(Math.max(wait, 1), limits.webhookPollMs));
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.loop(), delayMs);
    this.timer.unref();
  }

  private loop(): void {
    if (this.ticking !== undefined) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .then(() => this.pruneNowAndThen())
      .catch((error: unknown) => this.log(error))
      .finally(() => {
        this.ticking = undefined;
        const soon = this.again;
        this.again = false;
        this.schedule(soon ? 0 : this.options.pollMs);
      });
  }

  /** One round over the enabled endpoints; returns the sends it started. */
  private async tick(): Promise<number> {
    const endpoints = await this.ctx.store.read.webhooks.enabled();
    let started = 0;
    for (const endpoint of endpoints) {
      await this.enqueue(endpoint);
      started += await this.claimAndSend(endpoint);
    }
    return started;
  }

  /** Turns the events after the endpoint's position into its deliveries, moving the position with them. */
  private async enqueue(endpoint: WebhookRow): Promise<void> {
    const patterns = JSON.parse(endpoint.event_types) as string[];
    let position = Number(endpoint.position);
    for (;;) {
      const events = await this.ctx.store.read.events.listHeads(position, limits.webhookEnqueueBatch);
      if (events.length === 0) return;
      const last = events[events.length - 1]!.id;
      const now = this.ctx.clock.now();
      const taken = events.filter((event) => takesEvent(patterns, event.type));
      const moved = await this.ctx.store.transaction(async (tx) => {
        // Another process moved it first, and enqueued these: the next round reads where it got to.
        if (!(await tx.webhooks.advance(endpoint.id, position, last))) return false;
        await tx.webhooks.enqueue(
          taken.map((event) => ({
            webhook_id: endpoint.id,
            event_id: event.id,
            event_type: event.type,
            entity_type: event.entity_type,
            entity_id: event.entity_id,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            claimed_by: null,
            claimed_until: null,
            delivered_at: null,
            attempt_log: '[]',
            created_at: now,
          })),
        );
        return true;
      });
      if (!moved || events.length < limits.webhookEnqueueBatch) return;
      position = last;
    }
  }

  private async claimAndSend(endpoint: WebhookRow): Promise<number> {
    const now = this.ctx.clock.now();
    if ((this.coolUntil.get(endpoint.id) ?? 0) > now) return 0;
    const slots =
      this.options.ordersBusy?.() === true
        ? Math.min(this.options.inFlightMax, limits.webhookInFlightWhileBusy)
        : this.options.inFlightMax;
    const free = slots - (this.inFlight.get(endpoint.id) ?? 0);
    if (free <= 0) return 0;
    // On SQLite every write transaction takes the one writer from the orders: an idle endpoint takes none.
    if (!(await this.ctx.store.read.webhooks.hasDue(endpoint.id, now))) return 0;
    // The claim outlives the attempt's own time limit twice over: it lapses only when this process is gone.
    const until = now + 2 * this.options.timeoutMs;
    const claimed = await this.ctx.store.transaction((tx) =>
      tx.webhooks.claim(endpoint.id, this.processId, now, until, free),
    );
    if (claimed.length === 0) return 0;
    const events = new Map(
      (await this.ctx.store.read.events.byIds(claimed.map((delivery) => delivery.event_id))).map((event) => [
        event.id,
        event,
      ]),
    );
    for (const delivery of claimed) {
      const event = events.get(delivery.event_id);
      this.inFlight.set(endpoint.id, (this.inFlight.get(endpoint.id) ?? 0) + 1);
      const send = this.send(endpoint, delivery, event)
        .catch((error: unknown) => this.log(error))
        .finally(() => {
          this.inFlight.set(endpoint.id, (this.inFlight.get(endpoint.id) ?? 1) - 1);
          this.sends.delete(send);
          // A finished send may have freed the entity's next event: look again at once.
          if (!this.stopped) this.loop();
        });
      this.sends.add(send);
    }
    return claimed.length;
  }

  private async send(
    endpoint: WebhookRow,
    delivery: DeliveryRow,
    event: EventRow | undefined,
  ): Promise<void> {
    const started = this.ctx.clock.now();
    const format = this.formats[endpoint.format];
    const sent: Sent =
      event === undefined
        ? { status: null, error: `event ${delivery.event_id} is no longer in the outbox` }
        : format === undefined
          ? { status: null, error: `no body format ${endpoint.format} in this process` }
          : await postSigned(
              endpoint,
              `evt_${event.id}`,
              JSON.stringify(
                format({
                  id: event.id,
                  type: event.type,
                  entityType: event.entity_type,
                  entityId: event.entity_id,
                  payload: JSON.parse(event.payload),
                  createdAt: event.created_at,
                }),
              ),
              started,
              this.options.timeoutMs,
            );
    const at = this.ctx.clock.now();
    const attempts = delivery.attempts + 1;
    const attempt: AttemptRecord = { at, status: sent.status, error: sent.error, duration_ms: at - started };
    const log = appendAttempt(
      JSON.parse(delivery.attempt_log) as AttemptRecord[],
      attempt,
      limits.webhookAttemptsLogged,
    );
    const failedFor = sent.error === null ? 0 : retryDelayMs(attempts, this.options.policy, this.random);
    if (sent.error !== null)
      this.coolUntil.set(endpoint.id, at + Math.min(failedFor, limits.webhookCooldownMaxMs));
    const outcome: DeliveryOutcome = {
      webhookId: endpoint.id,
      eventId: delivery.event_id,
      claimedBy: this.processId,
      status:
        sent.error === null ? 'delivered' : attempts >= this.options.policy.attemptsMax ? 'dead' : 'pending',
      attempts,
      nextAttemptAt: at + failedFor,
      at,
      attemptLog: JSON.stringify(log),
      httpStatus: sent.status,
      error: sent.error,
    };
    await this.record(outcome);
  }

  /**
   * Writes an attempt back with the others ending about now, in one transaction: on SQLite every
   * write transaction takes the one writer from the orders, so a busy endpoint's deliveries must not
   * each take it. Resolves once this attempt is written (its entity's next event may then go).
   */
  private record(outcome: DeliveryOutcome): Promise<void> {
    this.outcomes.push(outcome);
    this.recording ??= sleep(limits.webhookRecordBatchMs).then(async () => {
      const batch = this.outcomes.splice(0);
      this.recording = undefined;
      await this.ctx.store.transaction((tx) => tx.webhooks.record(batch));
    });
    return this.recording;
  }

  /** Deliveries delivered long ago are forgotten, at most once a minute per process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.ctx.clock.now();
    if (now - this.lastPruneAt < limits.webhookPruneIntervalMs) return;
    this.lastPruneAt = now;
    await this.ctx.store.transaction((tx) => tx.webhooks.prune(now - limits.webhookDeliveriesKeptMs));
  }
}
