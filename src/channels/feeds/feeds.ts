/**
 * Channels' availability feeds: the endpoint each channel's figures are pushed to, a full resync on
 * demand, and the contingency switch that pauses a feed (audited, told on every open incident).
 */

import { minuteMs, minuteStart } from '../../ops/core/figures.js';
import { actorOf, recordSwitch } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { type LagMinute, lagPercentileMs, mergeLag } from '../core/feed.js';
import { endpointInputProblem, newSecret } from '../webhooks/webhooks.js';
import type { CreatedFeed, Feed, FeedInput, FeedLag } from './contract.js';
import type { FeedRow } from './feed-repo.js';

/** How far back a feed's lag is read: the last five minutes, as the operations room's figures. */
const lagWindowMinutes = 5;

function lagView(minutes: readonly LagMinute[]): FeedLag {
  const lag = mergeLag(minutes);
  return {
    changes: lag.count,
    p50_ms: lagPercentileMs(lag, 0.5),
    p99_ms: lagPercentileMs(lag, 0.99),
    max_ms: lag.count === 0 ? null : lag.maxMs,
  };
}

/** Each feed's lag over the last minutes, by channel. */
export async function feedLags(ctx: AppContext, now = ctx.clock.now()): Promise<Map<string, FeedLag>> {
  const rows = await ctx.store.read.feeds.lagSince(minuteStart(now) - (lagWindowMinutes - 1) * minuteMs);
  const byChannel = new Map<string, LagMinute[]>();
  for (const row of rows) {
    const minutes = byChannel.get(row.channel_code) ?? [];
    minutes.push({ count: row.count, buckets: JSON.parse(row.buckets) as number[], maxMs: row.max_ms });
    byChannel.set(row.channel_code, minutes);
  }
  return new Map([...byChannel].map(([channel, minutes]) => [channel, lagView(minutes)]));
}

async function feedViews(repos: Repos, ctx: AppContext, rows: readonly FeedRow[]): Promise<Feed[]> {
  // Counted, not the last id less the position: a restore moves the ids on past a gap.
  const [backlogs, lags] = await Promise.all([
    Promise.all(rows.map((row) => repos.events.countAfter(Number(row.position)))),
    feedLags(ctx),
  ]);
  return rows.map((row, index) => ({
    channel: row.channel_code,
    url: row.url,
    paused: row.paused === 1,
    paused_reason: row.paused_reason,
    position: Number(row.position),
    backlog: backlogs[index]!,
    resync_due_at: row.resync_due_at === null ? null : toIso(row.resync_due_at),
    resynced_at: row.resynced_at === null ? null : toIso(row.resynced_at),
    failures: row.failures,
    last_push_at: row.last_push_at === null ? null : toIso(row.last_push_at),
    last_status: row.last_status,
    last_error: row.last_error,
    lag: lags.get(row.channel_code) ?? lagView([]),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  }));
}

export async function listFeeds(ctx: AppContext): Promise<{ data: Feed[] }> {
  return { data: await feedViews(ctx.store.read, ctx, await ctx.store.read.feeds.list()) };
}

export async function getFeed(ctx: AppContext, channel: string): Promise<Result<Feed>> {
  const row = await ctx.store.read.feeds.get(channel);
  if (row === undefined) return notFound('feed of channel', channel);
  return ok((await feedViews(ctx.store.read, ctx, [row]))[0]!);
}

/**
 * Points a channel's feed at `url`. A new feed starts with a full push of every SKU, then pushes
 * what changes; its secret (chosen or generated) is answered once, on creation. Replacing the URL
 * or secret keeps the feed's place.
 */
export async function putFeed(
  ctx: AppContext,
  channel: string,
  input: FeedInput,
): Promise<Result<{ created: boolean; feed: Feed | CreatedFeed }>> {
  const valid = endpointInputProblem(input);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    if ((await tx.catalog.getChannel(channel)) === undefined) {
      return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
    }
    const now = ctx.clock.now();
    const existing = await tx.feeds.get(channel);
    const secret = input.secret ?? (existing === undefined ? newSecret() : existing.secret);
    if (existing === undefined) {
      await tx.feeds.insert({
        channel_code: channel,
        url: input.url,
        secret,
        paused: 0,
        paused_reason: null,
        position: await tx.events.lastEventId(),
        resync_due_at: now,
        resynced_at: null,
        claimed_by: null,
        claimed_until: null,
        failures: 0,
        next_attempt_at: now,
        last_push_at: null,
        last_status: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      });
    } else {
      await tx.feeds.update(channel, {
        url: input.url,
        secret,
        failures: 0,
        next_attempt_at: now,
        updated_at: now,
      });
    }
    await tx.events.append(
      [
        {
          type: existing === undefined ? 'feed.created' : 'feed.updated',
          entityType: 'channel_feed',
          entityId: channel,
          payload: { channel, secret_changed: input.secret !== undefined },
        },
      ],
      now,
    );
    const [feed] = await feedViews(tx, ctx, [(await tx.feeds.get(channel))!]);
    return ok({
      created: existing === undefined,
      feed: existing === undefined ? { ...feed!, secret } : feed!,
    });
  });
}

export async function deleteFeed(ctx: AppContext, channel: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.feeds.delete(channel))) return notFound('feed of channel', channel);
    await tx.events.append(
      [{ type: 'feed.deleted', entityType: 'channel_feed', entityId: channel, payload: { channel } }],
      ctx.clock.now(),
    );
    return ok(null);
  });
}

/** Asks for a full push of every SKU's figure at the next round: after a channel lost its data. */
export async function resyncFeed(ctx: AppContext, channel: string): Promise<Result<Feed>> {
  return inTransaction(ctx, async (tx) => {
    if ((await tx.feeds.get(channel)) === undefined) return notFound('feed of channel', channel);
    const now = ctx.clock.now();
    await tx.feeds.update(channel, { resync_due_at: now, next_attempt_at: now, updated_at: now });
    return ok((await feedViews(tx, ctx, [(await tx.feeds.get(channel))!]))[0]!);
  });
}

/**
 * The contingency switch: pausing stops every push to the channel (a channel misreading the figures,
 * or asked to hold still); resuming pushes everything afresh. Audited, and told on open incidents.
 */
export async function switchFeed(
  ctx: AppContext,
  channel: string,
  paused: boolean,
  reason: string,
  apiKeyId: string,
): Promise<Result<Feed>> {
  const actor = await actorOf(ctx, apiKeyId);
  return inTransaction(ctx, async (tx) => {
    const feed = await tx.feeds.get(channel);
    if (feed === undefined) return notFound('feed of channel', channel);
    const now = ctx.clock.now();
    await tx.feeds.update(channel, {
      paused: paused ? 1 : 0,
      paused_reason: paused ? reason : null,
      ...(paused ? {} : { resync_due_at: now, next_attempt_at: now, failures: 0 }),
      updated_at: now,
    });
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'channels.feed',
      target: channel,
      reason,
      details: { paused },
      timelineText: `Availability feed of ${channel} ${paused ? 'paused' : 'resumed'}: ${reason}`,
    });
    await tx.events.append(
      [
        {
          type: paused ? 'feed.paused' : 'feed.resumed',
          entityType: 'channel_feed',
          entityId: channel,
          payload: { channel, reason, by: actor.name },
        },
      ],
      now,
    );
    return ok((await feedViews(tx, ctx, [(await tx.feeds.get(channel))!]))[0]!);
  });
}
