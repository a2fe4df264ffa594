import { describe, expect, it } from 'vitest';
import type { Play } from '../campaigns/advent/contract.js';
import { playerEmail } from './advent.js';
import {
  type Answer,
  isLoopback,
  parseRetryAfter,
  type RequestOptions,
  TimeoutError,
  type Transport,
} from './http.js';
import { drive, type Target } from './load.js';
import { loadScenario, type Scenario } from './scenario.js';
import { arrivals } from './schedule.js';

const base = loadScenario('black-friday');

function scenarioOf(mix: Partial<Scenario['mix']>, extra: Partial<Scenario> = {}): Scenario {
  return {
    ...base,
    arrivals: 'uniform',
    shop: { ...base.shop, skus: 50 },
    popularity: { hot_skus: 5, hot_share: 0.3 },
    steps: [{ name: 'only', rate_per_s: 100, duration_s: 1 }],
    mix: { availability_read: 0, availability_batch: 0, hold: 0, order: 0, ...mix },
    order: { ...base.order, cancel_share: 0 },
    client: { ...base.client, lost_answer_share: 0 },
    ...extra,
  };
}

interface Sent {
  method: string;
  path: string;
  options: RequestOptions;
  atMs: number;
}

/** A server in a box: answers as `answer` says, and remembers when each request left. */
function fakeTransport(answer: (sent: Sent, index: number) => Promise<Answer>) {
  const sent: Sent[] = [];
  const t0 = performance.now();
  const transport: Transport = {
    request(method, path, options) {
      const entry = { method, path, options, atMs: performance.now() - t0 };
      sent.push(entry);
      return answer(entry, sent.length - 1);
    },
    async close() {},
  };
  return { transport, sent };
}

const target = (transport: Transport): Target => ({
  transport,
  storefrontKey: 'key',
  channel: 'web',
  skuCodes: Array.from({ length: 50 }, (_, i) => `SKU-${i}`),
  runId: 'rhtest',
});

const never = () => new Promise<Answer>(() => {});
const delayed = (ms: number, answer: Answer) =>
  new Promise<Answer>((done) => setTimeout(() => done(answer), ms));

describe('the open-model driver', () => {
  it('sends every arrival on schedule even when no answer ever comes', async () => {
    const scenario = scenarioOf({ availability_read: 1 });
    const { transport, sent } = fakeTransport(never);
    const result = await drive(scenario, target(transport), { drainMs: 50 });
    const planned = [...arrivals(scenario)];
    expect(sent).toHaveLength(planned.length);
    expect(result.abandoned).toBe(planned.length);
    // Relative to the first send, each request leaves when it was planned, not when an answer came
    // (none ever does), never early; late by at most a quarter of the one-second schedule, as a busy
    // machine's timers may fire late (CI's two cores ran one 60 ms late).
    for (let i = 0; i < planned.length; i++) {
      const expected = planned[i]!.atMs - planned[0]!.atMs;
      expect(sent[i]!.atMs - sent[0]!.atMs).toBeGreaterThanOrEqual(expected - 20);
      expect(sent[i]!.atMs - sent[0]!.atMs).toBeLessThan(expected + 250);
    }
  });

  it('measures latency from the scheduled time, answers slow or not', async () => {
    const scenario = scenarioOf({ availability_read: 1 });
    const { transport, sent } = fakeTransport(() =>
      delayed(200, { status: 200, body: {}, retryAfterMs: undefined }),
    );
    const result = await drive(scenario, target(transport), { drainMs: 2000 });
    expect(sent).toHaveLength(100);
    const latency = result.stats.byOperation.get('availability_read')!.latency;
    expect(latency.totalCount).toBe(100);
    expect(latency.minNonZeroValue / 1000).toBeGreaterThanOrEqual(199);
    expect(sent.at(-1)!.atMs - sent[0]!.atMs).toBeLessThan(1100);
  });

  it('counts 503 and 429 as shed, apart, and retries after Retry-After', async () => {
    const scenario = scenarioOf({ order: 1 }, { steps: [{ name: 'one', rate_per_s: 2, duration_s: 1 }] });
    const { transport, sent } = fakeTransport(async (entry) => {
      const key = entry.options.headers!['idempotency-key']!;
      const attempts = sent.filter((other) => other.options.headers!['idempotency-key'] === key).length;
      if (attempts === 1) return { status: 503, body: {}, retryAfterMs: 300 };
      if (attempts === 2) return { status: 429, body: {}, retryAfterMs: 100 };
      return { status: 201, body: { id: `ord_${key}` }, retryAfterMs: undefined };
    });
    const result = await drive(scenario, target(transport), { drainMs: 2000 });
    const order = result.stats.byOperation.get('order')!;
    expect(order.counts).toMatchObject({ ok: 2, shed: 4, error: 0 });
    expect(order.latency.totalCount).toBe(2);
    expect(order.shedLatency.totalCount).toBe(4);
    const firstKey = sent[0]!.options.headers!['idempotency-key'];
    const tries = sent.filter((entry) => entry.options.headers!['idempotency-key'] === firstKey);
    expect(tries[1]!.atMs - tries[0]!.atMs).toBeGreaterThanOrEqual(295);
    expect(tries[2]!.atMs - tries[1]!.atMs).toBeGreaterThanOrEqual(95);
    expect(result.acknowledged).toHaveLength(2);
  });

  it('retries a lost answer or a timeout with the same key and body, and catches a retry that answers otherwise', async () => {
    const scenario = scenarioOf(
      { order: 1 },
      {
        steps: [{ name: 'few', rate_per_s: 10, duration_s: 1 }],
        client: { ...base.client, lost_answer_share: 1, timeout_ms: 100 },
      },
    );
    let calls = 0;
    const { transport, sent } = fakeTransport(async (entry, index) => {
      calls++;
      if (index === 0) throw new TimeoutError('slow');
      const key = entry.options.headers!['idempotency-key']!;
      // The server is broken for one key: its replay answers another order.
      const suffix = key.endsWith('-o3') && calls % 2 === 0 ? 'bis' : '';
      return { status: 201, body: { id: `ord_${key}${suffix}` }, retryAfterMs: undefined };
    });
    const result = await drive(scenario, target(transport), { drainMs: 2000 });
    const byKey = new Map<string, Sent[]>();
    for (const entry of sent) {
      const key = entry.options.headers!['idempotency-key']!;
      byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    for (const tries of byKey.values()) {
      expect(tries.length).toBeGreaterThanOrEqual(2);
      expect(new Set(tries.map((entry) => JSON.stringify(entry.options.body))).size).toBe(1);
    }
    expect(result.stats.byOperation.get('order')!.counts.timeout).toBe(1);
    expect(result.stats.byOperation.get('order_retry')!.counts.ok).toBeGreaterThanOrEqual(10);
    expect(result.retryMismatches.map((mismatch) => mismatch.idempotencyKey)).toEqual(['rhtest-o3']);
  });
});

describe('the advent players', () => {
  const oneCustomer = (email: string) => email.toLowerCase().replace(/\+[^@]*/, '');

  /**
   * A door in a box: one play per customer (case and `+tag` ignored), its first five given a code.
   * An opening is answered after `openLatencyMs`; `inFlight` keeps, per opening sent, the order in
   * which it was sent and answered, to tell which were in flight together.
   */
  const openLatencyMs = 50;
  function fakeDoor() {
    const kept = new Map<string, Play>();
    const inFlight = new Map<Sent, { sent: number; answered: number }>();
    let tick = 0;
    const door = fakeTransport(async (entry) => {
      if (entry.path === '/v1/orders')
        return {
          status: 201,
          body: {
            id: `ord_${entry.options.headers!['idempotency-key']}`,
            created_at: new Date().toISOString(),
          },
          retryAfterMs: undefined,
        };
      const times = { sent: tick++, answered: Number.POSITIVE_INFINITY };
      inFlight.set(entry, times);
      await new Promise((resolve) => setTimeout(resolve, openLatencyMs));
      times.answered = tick++;
      const customer = oneCustomer((entry.options.body as { customer: string }).customer);
      if (!kept.has(customer))
        kept.set(customer, {
          season: 'rhtest',
          day: '2025-12-01',
          customer,
          opened_at: new Date().toISOString(),
          reward: { kind: 'promo_code', code: kept.size < 5 ? `RHTEST-ADVENT-${kept.size}` : null },
        });
      return { status: 200, body: structuredClone(kept.get(customer)), retryAfterMs: undefined };
    });
    return { ...door, inFlight };
  }

  const advent = loadScenario('advent');
  const scenario: Scenario = {
    ...advent,
    arrivals: 'uniform',
    steps: [{ name: 'rush', rate_per_s: 40, duration_s: 1 }],
    mix: { availability_read: 0, availability_batch: 0, hold: 0, order: 0, advent_open: 1 },
    client: { ...advent.client, lost_answer_share: 0 },
    advent: {
      players: 15,
      codes: 5,
      second_device_share: 0.5,
      reopen_share: 0.3,
      reopen_after_ms: 200,
      buy_share: 1,
      buy_after_ms: 100,
    },
  };

  it('open the door from two devices at the same instant, open it again later, and order once with their code', async () => {
    const { transport, sent, inFlight } = fakeDoor();
    const result = await drive(scenario, { ...target(transport), adventSeason: 'rhtest' }, { drainMs: 2000 });
    const planned = [...arrivals(scenario)];
    const opens = sent.filter((entry) => entry.path === '/v1/advent/rhtest/open');
    const orders = sent.filter((entry) => entry.path === '/v1/orders');
    const pairs = planned.filter((arrival) => arrival.advent!.devices.length === 2);
    const reopens = planned.filter((arrival) => arrival.advent!.reopen !== null);
    expect(pairs.length).toBeGreaterThan(5);
    expect(opens).toHaveLength(planned.length + pairs.length + reopens.length);
    expect(result.adventAnswers).toHaveLength(opens.length);

    // Each answer is kept under the player as one customer; both devices of a pair were in flight
    // together (each sent before the other was answered), spelling the email each its own way.
    for (const answer of result.adventAnswers) expect(answer.play.customer).toBe(answer.customer);
    const sentTo = (email: string) =>
      opens.filter((entry) => (entry.options.body as { customer: string }).customer === email);
    for (const { advent: opening } of pairs) {
      const [first, second] = opening!.devices.map((spelling) => playerEmail(opening!.player, spelling));
      expect(first).not.toBe(second);
      const overlap = (one: Sent, other: Sent) =>
        inFlight.get(one)!.sent < inFlight.get(other)!.answered &&
        inFlight.get(other)!.sent < inFlight.get(one)!.answered;
      const together = sentTo(first!).some((one) => sentTo(second!).some((other) => overlap(one, other)));
      expect(together).toBe(true);
    }
    expect(result.adventAnswers.filter((answer) => answer.via === 'second_device')).toHaveLength(
      pairs.length,
    );
    expect(result.stats.byOperation.get('advent_open')!.counts.ok).toBe(planned.length + pairs.length);
    expect(result.stats.byOperation.get('advent_reopen')!.counts.ok).toBe(reopens.length);

    // Five codes given, each player who got one ordered with it once, under their own email.
    const codes = new Set(
      orders.map((entry) => (entry.options.body as { promo_codes: string[] }).promo_codes[0]),
    );
    expect(codes.size).toBe(5);
    expect(orders).toHaveLength(5);
    for (const entry of orders) {
      const body = entry.options.body as { promo_codes: string[]; customer: { email: string } };
      const player = oneCustomer(body.customer.email);
      expect(result.adventAnswers.find((answer) => answer.customer === player)!.play.reward).toEqual({
        kind: 'promo_code',
        code: body.promo_codes[0],
      });
    }
    expect(result.stats.byOperation.get('order_with_code')!.counts.ok).toBe(5);
  });
});

describe('HTTP helpers', () => {
  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('knows loopback targets', () => {
    expect(isLoopback(new URL('http://127.0.0.1:3000'))).toBe(true);
    expect(isLoopback(new URL('http://localhost:3000'))).toBe(true);
    expect(isLoopback(new URL('http://[::1]:3000'))).toBe(true);
    expect(isLoopback(new URL('http://10.0.0.5:3000'))).toBe(false);
    expect(isLoopback(new URL('http://shop.example.com'))).toBe(false);
  });
});
