/**
 * The load driver: sends each arrival at its scheduled time whether or not earlier requests have
 * answered (an open model), measures latency from that scheduled time, and carries out what each
 * buyer does next (release a hold, order from it, cancel an order, retry after a lost answer, order
 * with the advent code given, open the door again).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Play } from '../campaigns/advent/contract.js';
import { rehearsalLimits as limits } from '../platform/core/limits.js';
import { playerEmail } from './advent.js';
import type { AdventAnswer } from './advent-audit.js';
import { type Answer, TimeoutError, type Transport } from './http.js';
import type { Scenario } from './scenario.js';
import { type Arrival, arrivals, type Spelling } from './schedule.js';
import { Cell, type MeasuredOperation, type Outcome, Stats } from './stats.js';

export interface Target {
  readonly transport: Transport;
  readonly storefrontKey: string;
  readonly channel: string;
  readonly skuCodes: readonly string[];
  /** Names this run's idempotency keys, so two rehearsals never share one. */
  readonly runId: string;
  /** The advent calendar's season, when the scenario opens its door. */
  readonly adventSeason?: string;
}

/** An order the server acknowledged with 201, with the key that placed it. */
export interface AcknowledgedOrder {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly lines: readonly { sku: string; quantity: number }[];
  /** When the server placed it (its `created_at`), epoch milliseconds: where the channel lag is counted from. */
  readonly placedAtMs: number;
}

/** A retry with the same Idempotency-Key that did not answer the first answer: a broken promise. */
export interface RetryMismatch {
  readonly idempotencyKey: string;
  readonly firstOrderId: string;
  readonly retryStatus: number | 'timeout' | 'network';
  readonly retryOrderId: string | null;
}

export interface Progress {
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly step: number;
  readonly ratePerS: number;
  readonly p99Ms: number;
  readonly sent: number;
  readonly errors: number;
  readonly shed: number;
  readonly inFlight: number;
}

export interface DriveOptions {
  readonly onProgress?: (progress: Progress) => void;
  readonly progressIntervalMs?: number;
  /** After the last arrival, how long answers and follow-ups may take before they are abandoned. */
  readonly drainMs?: number;
}

export interface DriveResult {
  readonly stats: Stats;
  readonly acknowledged: AcknowledgedOrder[];
  readonly retryMismatches: RetryMismatch[];
  /** Orders the server answered 200 to cancelling. */
  readonly cancelled: string[];
  /** Orders whose cancelling got no answer (timed out, cut): the server may or may not have cancelled them. */
  readonly cancelUnanswered: string[];
  /** Every 200 answer to opening the advent door, as each device saw it. */
  readonly adventAnswers: AdventAnswer[];
  readonly arrivalsSent: number;
  readonly durationMs: number;
  /** Flows still running when the drain time ran out (aborted). */
  readonly abandoned: number;
}

const address = {
  name: 'Rehearsal Buyer',
  line1: '1 rue du Test',
  city: 'Paris',
  postal_code: '75001',
  country: 'FR',
};

const orderIdOf = (answer: Answer): string | null =>
  answer.status === 201 && typeof (answer.body as { id?: unknown })?.id === 'string'
    ? (answer.body as { id: string }).id
    : null;

export async function drive(
  scenario: Scenario,
  target: Target,
  options: DriveOptions = {},
): Promise<DriveResult> {
  const totalMs = scenario.steps.reduce((sum, step) => sum + step.duration_s * 1000, 0);
  const bucketMs = Math.max(1000, Math.ceil(totalMs / limits.timelinePointsMax / 1000) * 1000);
  const stats = new Stats(scenario.steps.length, bucketMs);
  const acknowledged = new Map<string, AcknowledgedOrder>();
  const retryMismatches: RetryMismatch[] = [];
  const cancelled: string[] = [];
  const cancelUnanswered: string[] = [];
  const adventAnswers: AdventAnswer[] = [];
  /** Players who ordered with their code: a single-use code buys once, whenever they come back. */
  const buyers = new Set<number>();
  if ((scenario.mix.advent_open ?? 0) > 0 && target.adventSeason === undefined)
    throw new Error('the scenario opens the advent door, but the target has no advent season');
  let stopped = false;
  const timeoutMs = scenario.client.timeout_ms;
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  let inFlight = 0;
  let arrivalsSent = 0;
  let currentStep = 0;

  // Flows wait on timers that do not keep the process alive: once the run is over, they just end.
  const waitUntil = async (atMs: number) => {
    const wait = atMs - now();
    if (wait > 0) await sleep(wait, undefined, { ref: false });
    if (stopped) throw new RunOver();
  };

  /** One request, measured from `scheduledMs`; shed answers are retried after Retry-After, bounded. */
  const call = async (
    operation: MeasuredOperation,
    step: number,
    scheduledMs: number,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ answer: Answer | null; status: number | 'timeout' | 'network'; outcome: Outcome }> => {
    let dueMs = scheduledMs;
    for (let shedRetry = 0; ; shedRetry++) {
      await waitUntil(dueMs);
      let answer: Answer | null = null;
      let status: number | 'timeout' | 'network';
      try {
        answer = await target.transport.request(method, path, {
          key: target.storefrontKey,
          body,
          headers,
          timeoutMs,
        });
        status = answer.status;
      } catch (error) {
        if (stopped) throw new RunOver();
        status = error instanceof TimeoutError ? 'timeout' : 'network';
      }
      if (stopped) throw new RunOver();
      const answeredMs = now();
      const outcome = stats.record(operation, step, answeredMs, answeredMs - dueMs, status);
      const endMs = totalMs + (options.drainMs ?? limits.drainMsMax);
      if (outcome !== 'shed' || shedRetry >= limits.shedRetriesMax) return { answer, status, outcome };
      const backoffMs = Math.min(answer?.retryAfterMs ?? 1000, limits.retryAfterMsMax);
      if (answeredMs + backoffMs > endMs) return { answer, status, outcome };
      dueMs = answeredMs + backoffMs;
    }
  };

  /**
   * Places an order as a real client does: on a timeout or a lost answer it retries with the same
   * Idempotency-Key and body, and every answer after a 201 must be that same order.
   */
  const placeOrder = async (
    arrival: Arrival,
    operation: 'order' | 'order_from_hold' | 'order_with_code',
    scheduledMs: number,
    body: Record<string, unknown>,
    idempotencyKey: string,
  ): Promise<string | null> => {
    const lines = body.lines as { sku: string; quantity: number }[];
    let firstId: string | null = null;
    let dueMs = scheduledMs;
    for (let attempt = 0; attempt <= limits.timeoutRetriesMax; attempt++) {
      const { answer, status } = await call(
        attempt === 0 ? operation : 'order_retry',
        arrival.step,
        dueMs,
        'POST',
        '/v1/orders',
        body,
        { 'idempotency-key': idempotencyKey },
      );
      const id = answer === null ? null : orderIdOf(answer);
      if (firstId !== null && id !== firstId && status !== 'timeout' && status !== 503 && status !== 429) {
        retryMismatches.push({
          idempotencyKey,
          firstOrderId: firstId,
          retryStatus: status,
          retryOrderId: id,
        });
      }
      if (id !== null) {
        firstId ??= id;
        if (!acknowledged.has(`${idempotencyKey}:${id}`))
          acknowledged.set(`${idempotencyKey}:${id}`, {
            id,
            idempotencyKey,
            lines,
            placedAtMs: Date.parse((answer!.body as { created_at: string }).created_at),
          });
      }
      const lost = attempt === 0 && arrival.lostAnswer && answer !== null;
      if (status !== 'timeout' && !lost) return firstId;
      dueMs = now();
    }
    return firstId;
  };

  const orderBody = (
    arrival: Arrival,
    key: string,
    extra: { holdId?: string; email?: string; promoCode?: string } = {},
  ) => ({
    channel: target.channel,
    external_id: key,
    customer: { email: extra.email ?? `buyer-${arrival.index}@rehearsal.example.com` },
    shipping_address: address,
    lines: arrival.skus.map((sku, i) => ({ sku: target.skuCodes[sku]!, quantity: arrival.quantities[i]! })),
    ...(extra.holdId === undefined ? {} : { hold_id: extra.holdId }),
    ...(extra.promoCode === undefined ? {} : { promo_codes: [extra.promoCode] }),
  });

  /** One opening of the advent door from one device; a 200 is kept as the player saw it. */
  const openDoor = async (
    arrival: Arrival,
    operation: 'advent_open' | 'advent_reopen',
    dueMs: number,
    spelling: Spelling,
    via: AdventAnswer['via'],
  ): Promise<Play | null> => {
    const { player } = arrival.advent!;
    const { answer } = await call(
      operation,
      arrival.step,
      dueMs,
      'POST',
      `/v1/advent/${encodeURIComponent(target.adventSeason!)}/open`,
      { customer: playerEmail(player, spelling) },
    );
    if (answer?.status !== 200) return null;
    const play = answer.body as Play;
    adventAnswers.push({
      player,
      customer: playerEmail(player, 'plain'),
      arrival: arrival.index,
      via,
      play,
    });
    return play;
  };

  /**
   * A player opens today's door, from two devices at the same instant for some; then, given a code,
   * may order with it, and may come back later to open the door again.
   */
  const playAdvent = async (arrival: Arrival) => {
    const opening = arrival.advent!;
    const plays = await Promise.all(
      opening.devices.map((spelling, device) =>
        openDoor(arrival, 'advent_open', arrival.atMs, spelling, device === 0 ? 'device' : 'second_device'),
      ),
    );
    const code = plays
      .map((play) => (play?.reward.kind === 'promo_code' ? play.reward.code : null))
      .find((given) => given !== null);
    const advent = scenario.advent!;
    const next: Promise<unknown>[] = [];
    if (opening.buys && code !== undefined && !buyers.has(opening.player)) {
      buyers.add(opening.player);
      const key = `${target.runId}-a${arrival.index}`;
      const body = orderBody(arrival, key, {
        email: playerEmail(opening.player, opening.devices[0]!),
        promoCode: code,
      });
      next.push(placeOrder(arrival, 'order_with_code', now() + advent.buy_after_ms, body, key));
    }
    if (opening.reopen !== null)
      next.push(openDoor(arrival, 'advent_reopen', now() + advent.reopen_after_ms, opening.reopen, 'reopen'));
    await Promise.all(next);
  };

  /** Everything one arrival does, from its first request to its last follow-up. */
  const flow = async (arrival: Arrival) => {
    const skus = arrival.skus.map((sku) => target.skuCodes[sku]!);
    if (arrival.operation === 'advent_open') {
      await playAdvent(arrival);
    } else if (arrival.operation === 'availability_read') {
      await call(
        'availability_read',
        arrival.step,
        arrival.atMs,
        'GET',
        `/v1/availability/${encodeURIComponent(skus[0]!)}?channel=${encodeURIComponent(target.channel)}`,
      );
    } else if (arrival.operation === 'availability_batch') {
      await call('availability_batch', arrival.step, arrival.atMs, 'POST', '/v1/availability', {
        channel: target.channel,
        skus,
      });
    } else if (arrival.operation === 'hold') {
      const { answer } = await call('hold', arrival.step, arrival.atMs, 'POST', '/v1/holds', {
        channel: target.channel,
        lines: skus.map((sku, i) => ({ sku, quantity: arrival.quantities[i]! })),
        ttl_s: scenario.hold.ttl_s,
      });
      const holdId = answer?.status === 201 ? (answer.body as { id: string }).id : undefined;
      if (holdId === undefined || arrival.followUp === 'none') return;
      const dueMs = now() + scenario.hold.think_ms;
      if (arrival.followUp === 'release') {
        await call('hold_release', arrival.step, dueMs, 'DELETE', `/v1/holds/${encodeURIComponent(holdId)}`);
      } else {
        const key = `${target.runId}-h${arrival.index}`;
        await placeOrder(arrival, 'order_from_hold', dueMs, orderBody(arrival, key, { holdId }), key);
      }
    } else {
      const key = `${target.runId}-o${arrival.index}`;
      const id = await placeOrder(arrival, 'order', arrival.atMs, orderBody(arrival, key), key);
      if (id === null || arrival.followUp !== 'cancel') return;
      const { answer, status } = await call(
        'cancel',
        arrival.step,
        now() + scenario.order.cancel_after_ms,
        'POST',
        `/v1/orders/${encodeURIComponent(id)}/cancel`,
      );
      if (answer?.status === 200) cancelled.push(id);
      else if (status === 'timeout' || status === 'network') cancelUnanswered.push(id);
    }
  };

  const start = (arrival: Arrival) => {
    currentStep = arrival.step;
    if (inFlight >= limits.inFlightMax) {
      stats.dropped++;
      stats.droppedByStep[arrival.step]!++;
      return;
    }
    arrivalsSent++;
    inFlight++;
    recordLag(stats, now() - arrival.atMs);
    flow(arrival)
      .catch((error: unknown) => {
        // Only the run being over ends a flow by throwing; anything else is a bug of the driver.
        if (!(error instanceof RunOver)) throw error;
      })
      .finally(() => inFlight--);
  };

  const progressTimer = setInterval(() => {
    const window = stats.window;
    stats.window = new Cell();
    const intervalS = (options.progressIntervalMs ?? 1000) / 1000;
    options.onProgress?.({
      elapsedMs: now(),
      totalMs,
      step: currentStep,
      ratePerS: window.total / intervalS,
      p99Ms: window.latency.totalCount === 0 ? 0 : window.latency.getValueAtPercentile(99) / 1000,
      sent: arrivalsSent,
      errors: stats.totals().error + stats.totals().timeout,
      shed: stats.totals().shed,
      inFlight,
    });
  }, options.progressIntervalMs ?? 1000);

  // The schedule is read lazily and sent on time; the loop sleeps until the next arrival is due.
  const schedule = arrivals(scenario);
  let next = schedule.next();
  try {
    while (!next.done) {
      const nowMs = now();
      while (!next.done && next.value.atMs <= nowMs) {
        start(next.value);
        next = schedule.next();
      }
      if (!next.done) await sleep(Math.max(0, next.value.atMs - now()));
    }
    const drainEndMs = Math.max(totalMs, now()) + (options.drainMs ?? limits.drainMsMax);
    while (inFlight > 0 && now() < drainEndMs) await sleep(20);
  } finally {
    clearInterval(progressTimer);
  }
  const abandoned = inFlight;
  // Flows still running record nothing more; closing the transport aborts their requests.
  stopped = true;
  return {
    stats,
    acknowledged: [...acknowledged.values()],
    retryMismatches,
    cancelled,
    cancelUnanswered,
    adventAnswers,
    arrivalsSent,
    durationMs: now(),
    abandoned,
  };
}

/** Ends a flow that outlived the run (past the drain time). */
class RunOver extends Error {}

function recordLag(stats: Stats, lagMs: number) {
  stats.sendLag.recordValue(Math.max(1, Math.min(limits.latencyMicrosMax, Math.round(lagMs * 1000))));
}
