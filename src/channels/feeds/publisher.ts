/**
 * The feed publisher: every process runs one, and each channel's feed is pushed by one process at a
 * time (a claim renewed each round). A round reads the outbox events after the feed's position,
 * finds the SKUs they may have changed, reads those SKUs' availability to promise for the channel —
 * as the availability API answers it, buffers and freezes included — and pushes them in one signed
 * batch: changes made while a push is under way wait for the next round, and every push carries
 * the figures as they are then, so the newest value wins. The position moves once the channel has
 * acknowledged; a failed push is tried again with backoff, with whatever changed meanwhile.
 */
import type { AvailabilityReader } from '../../inventory/index.js';
import { minuteStart } from '../../ops/core/figures.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { type Sweeper, startSweeper } from '../../platform/sweeper.js';
import { type RetryPolicy, retryDelayMs } from '../core/delivery.js';
import { addLag, feedChangeOf, feedWorkOf, noLag } from '../core/feed.js';
import { postSigned, type Sent } from '../webhooks/post.js';
import type { FeedRow } from './feed-repo.js';

export interface PublisherOptions {
  /** How often each process looks for changes: the debounce of every feed. */
  readonly pollMs: number;
  readonly timeoutMs: number;
  /** A full push of every SKU this often, besides those asked for. */
  readonly resyncIntervalMs: number;
  /** The waits between failed pushes. */
  readonly retry: RetryPolicy;
  readonly random?: () => number;
}

export const defaultPublisherOptions: PublisherOptions = {
  pollMs: limits.feedPollMs,
  timeoutMs: limits.webhookTimeoutMs,
  resyncIntervalMs: limits.feedResyncIntervalMs,
  retry: limits.feedRetry,
};

/** What a channel is sent: its figures for the SKUs that changed, or for all of them (`full`). */
export interface FeedBody {
  readonly channel: string;
  readonly full: boolean;
  /** A full push comes in parts, in SKU order: `part` of `parts`. */
  readonly part: number;
  readonly parts: number;
  /** When the figures were read: every change committed before this instant is in them. */
  readonly generated_at: string;
  readonly items: readonly { readonly sku: string; readonly available: number }[];
}

export class FeedPublisher {
  readonly processId: string;
  private readonly random: () => number;
  private loop: Sweeper | undefined;
  private lastPruneAt = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly availability: AvailabilityReader,
    private readonly options: PublisherOptions = defaultPublisherOptions,
  ) {
    this.processId = ctx.newId('proc');
    this.random = options.random ?? Math.random;
  }

  start(log: (error: unknown) => void): void {
    this.loop = startSweeper(
      async () => {
        const pushes = await this.runOnce();
        await this.pruneNowAndThen();
        return pushes;
      },
      log,
      this.options.pollMs,
    );
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  /** One round over every feed this process may push now; returns the pushes it made. */
  async runOnce(): Promise<number> {
    let pushes = 0;
    for (const feed of await this.ctx.store.read.feeds.list()) {
      const now = this.ctx.clock.now();
      if (feed.paused === 1 || Number(feed.next_attempt_at) > now) continue;
      // Nothing to push: no claim either, so that an idle feed takes no write transaction.
      const idle =
        !this.resyncDue(feed, now) &&
        (await this.ctx.store.read.events.listHeads(Number(feed.position), 1)).length === 0;
      if (idle) continue;
      const until = now + 2 * this.options.timeoutMs + this.options.pollMs;
      if (
        !(await this.ctx.store.transaction((tx) =>
          tx.feeds.claim(feed.channel_code, this.processId, now, until),
        ))
      ) {
        continue;
      }
      pushes += await this.publish(feed, now);
    }
    return pushes;
  }

  private async publish(feed: FeedRow, now: number): Promise<number> {
    if (this.resyncDue(feed, now)) return this.pushEverything(feed);
    const position = Number(feed.position);
    const events = await this.ctx.store.read.events.listHeads(position, limits.feedEventsPerRound);
    if (events.length === 0) return 0;
    const last = events[events.length - 1]!.id;
    const work = feedWorkOf(events);
    if (work.everything) return this.pushEverything(feed);
    const store = this.ctx.store.read;
    const [orders, holds, shipments] = await Promise.all([
      store.orders.skusOfOrders([...work.orders]),
      store.stock.skusOfHolds([...work.holds]),
      store.shipments.skusOfShipments([...work.shipments]),
    ]);
    const touched = [...new Set([...work.skus, ...orders, ...holds, ...shipments])];
    // Events that change no figure (a price, an incident) move the position without a push.
    const skus = touched.length === 0 ? [] : [...(await store.catalog.existingSkus(touched))].sort();
    if (skus.length === 0) {
      await this.record(feed, { position: last, sent: undefined });
      return 0;
    }
    const read = await this.figures(feed.channel_code, skus);
    const sent = await this.push(feed, `feed_${feed.channel_code}_${last}`, {
      full: false,
      part: 1,
      parts: 1,
      ...read,
    });
    const ackedAt = this.ctx.clock.now();
    const written = await this.record(feed, { position: last, sent });
    if (written && sent.error === null) {
      // Each change's lag: from its event's commit to the channel's acknowledgement.
      const changes = events.filter((event) => feedChangeOf(event).kind !== 'nothing');
      await this.recordLag(
        feed.channel_code,
        ackedAt,
        changes.map((event) => ackedAt - event.created_at),
      );
    }
    return 1;
  }

  /** A full push is asked for, or the last is older than the resync interval. */
  private resyncDue(feed: FeedRow, now: number): boolean {
    const lastResync = feed.resynced_at ?? feed.created_at;
    return feed.resync_due_at !== null || now - Number(lastResync) >= this.options.resyncIntervalMs;
  }

  /** Every SKU's figure, in parts; the position moves to the end of the outbox read before the first. */
  private async pushEverything(feed: FeedRow): Promise<number> {
    const end = await this.ctx.store.read.events.lastEventId();
    const skus: string[] = [];
    for (let after: string | null = null; ; ) {
      const page = await this.ctx.store.read.catalog.skuCodesAfter(after, limits.feedItemsPerPush);
      skus.push(...page);
      if (page.length < limits.feedItemsPerPush) break;
      after = page[page.length - 1]!;
    }
    const parts = Math.max(1, Math.ceil(skus.length / limits.feedItemsPerPush));
    let sent: Sent = { status: null, error: null };
    for (let part = 1; part <= parts && sent.error === null; part++) {
      const slice = skus.slice((part - 1) * limits.feedItemsPerPush, part * limits.feedItemsPerPush);
      const read = await this.figures(feed.channel_code, slice);
      sent = await this.push(feed, `feed_${feed.channel_code}_${end}_full_${part}`, {
        full: true,
        part,
        parts,
        ...read,
      });
    }
    await this.record(feed, { position: end, sent, resynced: sent.error === null });
    return parts;
  }

  /** The SKUs' figures for the channel, and when they were read: every change committed before is in them. */
  private async figures(
    channel: string,
    skus: readonly string[],
  ): Promise<Pick<FeedBody, 'generated_at' | 'items'>> {
    const readAt = new Date(this.ctx.clock.now()).toISOString();
    if (skus.length === 0) return { generated_at: readAt, items: [] };
    const answer = await this.availability.read(channel, skus);
    // The channel or a SKU went between the read of the events and now: the next round sees why.
    if (!answer.ok) throw new Error(`availability of ${channel}: ${answer.message}`);
    return { generated_at: readAt, items: answer.value };
  }

  private push(feed: FeedRow, messageId: string, body: Omit<FeedBody, 'channel'>): Promise<Sent> {
    const full: FeedBody = { channel: feed.channel_code, ...body };
    return postSigned(feed, messageId, JSON.stringify(full), this.ctx.clock.now(), this.options.timeoutMs);
  }

  /** Writes the push back: the position moved on success, the backoff on failure. */
  private record(
    feed: FeedRow,
    outcome: { position: number; sent: Sent | undefined; resynced?: boolean },
  ): Promise<boolean> {
    const at = this.ctx.clock.now();
    const { sent } = outcome;
    return this.ctx.store.transaction((tx) => {
      if (sent !== undefined && sent.error !== null) {
        const failures = feed.failures + 1;
        return tx.feeds.recordPush(feed.channel_code, this.processId, {
          failures,
          next_attempt_at: at + retryDelayMs(failures, this.options.retry, this.random),
          last_push_at: at,
          last_status: sent.status,
          last_error: sent.error,
        });
      }
      return tx.feeds.recordPush(feed.channel_code, this.processId, {
        position: outcome.position,
        failures: 0,
        next_attempt_at: at,
        ...(outcome.resynced === true ? { resynced_at: at, resync_due_at: null } : {}),
        ...(sent === undefined ? {} : { last_push_at: at, last_status: sent.status, last_error: null }),
      });
    });
  }

  private async recordLag(channel: string, ackedAt: number, lagsMs: readonly number[]): Promise<void> {
    const minute = minuteStart(ackedAt);
    await this.ctx.store.transaction(async (tx) => {
      const row = await tx.feeds.lagMinute(channel, minute);
      const before =
        row === undefined
          ? noLag()
          : { count: row.count, buckets: JSON.parse(row.buckets) as number[], maxMs: row.max_ms };
      await tx.feeds.putLagMinute(channel, minute, addLag(before, lagsMs));
    });
  }

  /** Lag minutes older than the figures' own are forgotten, at most once a minute per process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.ctx.clock.now();
    if (now - this.lastPruneAt < limits.webhookPruneIntervalMs) return;
    this.lastPruneAt = now;
    await this.ctx.store.transaction((tx) => tx.feeds.pruneLag(minuteStart(now - limits.feedLagKeptMs)));
  }
}
