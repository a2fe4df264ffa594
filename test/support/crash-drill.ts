/**
 * The crash drills' buyers and their audit. Buyers keep placing orders over real sockets (some
 * through a hold, some with a promo code), then pay some and cancel some, remembering every answer;
 * a request a crash cut is retried with the same Idempotency-Key once a server answers again. The
 * audit is the rehearsal's (every 201 exists once, nothing oversold, the ledger, reserved = open
 * orders + live holds, cancellations), with what a drill adds: payments within their order's
 * total, a promo code's uses equal to the orders using it, no outbox consumer ahead of the outbox.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AcknowledgedOrder,
  type Answer,
  audit,
  collectAuditInput,
  httpTransport,
  type RetryMismatch,
  type StartingStock,
  TimeoutError,
  type Transport,
} from '../../src/rehearsal/index.js';
import { seededDraws } from './random.js';
import { address } from './shop.js';

/** A request that got no answer: cut by a crash (`network`), or none within the timeout (`timeout`). */
export type Outcome = Answer | 'network' | 'timeout';

/** Longer than any answer a live server gives, even busy: past it, a request hangs, which is a failure. */
const requestTimeoutMs = 15_000;
/** A shed or unavailable order is sent again after its Retry-After, at most this long: the drill keeps pace. */
const retryWaitMsMax = 1_000;
/** Attempts at one order before it is left unanswered: a minute of a store away, at the longest wait. */
const orderAttemptsMax = 60;

/** What a well-formed order may be refused: the stock or the promo code ran out. */
const expectedRefusals = new Set(['out_of_stock', 'promo_code_exhausted']);

const promoCode = 'DRILL10';
const promoUsageLimit = 40;
/** The SKUs, their price and their stock at each location: one scarce, so it sells out under the drill. */
const catalogue = [
  { sku: 'DRILL-SCARCE', priceMinor: 2_490, stock: { paris: 25, lyon: 15 } },
  { sku: 'DRILL-MUG', priceMinor: 1_290, stock: { paris: 2_000, lyon: 1_000 } },
  { sku: 'DRILL-TEE', priceMinor: 1_990, stock: { paris: 2_000, lyon: 0 } },
] as const;

export interface DrillKeys {
  readonly adminKey: string;
  readonly storefrontKey: string;
}

/** One server process as the buyers see it: its address, and whether it is up. */
interface Target {
  readonly url: string;
  readonly transport: Transport;
  live: boolean;
}

interface PlacedOrder {
  readonly ack: AcknowledgedOrder;
  readonly body: OrderBody;
  readonly totalMinor: number;
}

interface OrderBody {
  readonly channel: string;
  readonly external_id: string;
  readonly customer: { email: string };
  readonly shipping_address: typeof address;
  readonly lines: { sku: string; quantity: number }[];
  hold_id?: string;
  promo_codes?: string[];
}

export interface LoadRun {
  /** Stops sending new orders and waits for the buyers in flight. */
  stop(): Promise<void>;
}

export class CrashDrill {
  readonly runId: string;
  private readonly channel: string;
  private targets: Target[] = [];
  private setUpTransport: Transport | undefined;
  private flowNumber = 0;
  private startingStock: StartingStock[] = [];
  /** Every order answered 201, by key, in the order answered. */
  private readonly placed = new Map<string, PlacedOrder>();
  /** Orders placed since the last audit: read one by one by the next. */
  private placedSinceAudit: AcknowledgedOrder[] = [];
  /** Order attempts nobody answered, by key, with the body to send again. */
  private readonly unansweredOrders = new Map<string, OrderBody>();
  private readonly retryMismatches: RetryMismatch[] = [];
  private readonly cancelled = new Set<string>();
  private readonly cancelUnanswered = new Set<string>();
  private readonly paid = new Set<string>();
  /** Captures of an order's whole total that got no answer, by order id: its amount and reference. */
  private readonly payUnanswered = new Map<string, { amount: number; reference: string }>();
  /** Orders a capture past their total was tried on (all refused, or a breach). */
  private readonly overCaptureTried = new Set<string>();
  /** Everything a user would call wrong, seen while driving: a 500, a hang, a capture past the total. */
  readonly incidents: string[] = [];
  /** Answers by phase, status and error code (`outage 503 store_unavailable`), and how many had Retry-After. */
  readonly answers = new Map<string, { count: number; withRetryAfter: number }>();
  /** Names the answers counted from now on (`load`, `outage`, `back`). */
  phase = 'load';
  /** 201s to orders, counted per server address. */
  readonly placedAt = new Map<string, number>();
  /** Requests a crash cut (the connection refused or closed): the kills did land mid-load. */
  cutRequests = 0;
  private outboxEnd = 0;

  constructor(
    private readonly keys: DrillKeys,
    private readonly seed: number,
  ) {
    this.runId = `dr${seed.toString(36)}`;
    this.channel = `${this.runId}-web`;
  }

  get acknowledgedCount(): number {
    return this.placed.size;
  }

  get acknowledgedIds(): string[] {
    return [...this.placed.values()].map((order) => order.ack.id);
  }

  /** Points the buyers at these server processes (after a start or a restart: the ports change). */
  async connect(urls: readonly string[], connectionsPerProcess = 16): Promise<void> {
    await this.disconnect();
    this.targets = urls.map((url) => ({
      url,
      transport: httpTransport(url, connectionsPerProcess),
      live: true,
    }));
    this.setUpTransport = this.targets[0]!.transport;
  }

  /** A process is known dead (killed): buyers stop choosing it, and cut requests go to the others. */
  markDown(url: string): void {
    for (const target of this.targets) if (target.url === url) target.live = false;
  }

  /** Puts a process back, at its new address (a restart gives a new port), in place of `oldUrl`. */
  async replace(oldUrl: string, newUrl: string): Promise<void> {
    const index = this.targets.findIndex((target) => target.url === oldUrl);
    if (index < 0) throw new Error(`no process at ${oldUrl}`);
    await this.targets[index]!.transport.close();
    this.targets[index] = { url: newUrl, transport: httpTransport(newUrl, 16), live: true };
    this.setUpTransport = this.targets.find((target) => target.live)!.transport;
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.targets.map((target) => target.transport.close()));
    this.targets = [];
  }

  /** One request, as a storefront or the back office sends it; what a user would call wrong is noted. */
  async send(
    target: Target,
    key: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = await target.transport.request(method, path, {
        key,
        timeoutMs: requestTimeoutMs,
        ...(body === undefined ? {} : { body }),
        ...(headers === undefined ? {} : { headers }),
      });
    } catch (error) {
      outcome = error instanceof TimeoutError ? 'timeout' : 'network';
    }
    if (outcome === 'network') this.cutRequests++;
    if (outcome === 'timeout')
      this.incidents.push(`${method} ${path} on ${target.url}: no answer in ${requestTimeoutMs} ms`);
    if (outcome !== 'network' && outcome !== 'timeout') {
      const code = (outcome.body as { error?: { code?: string } } | null)?.error?.code;
      const label = `${this.phase} ${code === undefined ? outcome.status : `${outcome.status} ${code}`}`;
      const seen = this.answers.get(label) ?? { count: 0, withRetryAfter: 0 };
      seen.count++;
      if (outcome.retryAfterMs !== undefined) seen.withRetryAfter++;
      this.answers.set(label, seen);
      if (outcome.status >= 500 && outcome.status !== 503 && outcome.status !== 507)
        this.incidents.push(`${method} ${path} on ${target.url}: ${label} ${JSON.stringify(outcome.body)}`);
    }
    return outcome;
  }

  private admin(method: string, path: string, body?: unknown): Promise<Outcome> {
    return this.send(this.liveTarget(0), this.keys.adminKey, method, path, body);
  }

  /** A process thought up, spread by `index`; any when none is (the request is then cut, and noted so). */
  private liveTarget(index: number): Target {
    const live = this.targets.filter((target) => target.live);
    const among = live.length === 0 ? this.targets : live;
    return among[index % among.length]!;
  }

  private async must(method: string, path: string, body: unknown, expected: number): Promise<any> {
    const outcome = await this.admin(method, path, body);
    if (typeof outcome === 'string' || outcome.status !== expected)
      throw new Error(
        `set-up ${method} ${path}: ${typeof outcome === 'string' ? outcome : `${outcome.status} ${JSON.stringify(outcome.body)}`}`,
      );
    return outcome.body;
  }

  /** The shop, under the drill's own codes: a channel, two locations, three SKUs in stock, a promo code with a limit. */
  async setUpShop(webhookUrl?: string): Promise<void> {
    await this.must(
      'PUT',
      `/v1/channels/${this.channel}`,
      { name: `Drill ${this.runId}`, currency: 'EUR' },
      200,
    );
    for (const location of ['paris', 'lyon'])
      await this.must(
        'PUT',
        `/v1/locations/${this.runId}-${location}`,
        { name: `Drill ${location}`, channels: [this.channel] },
        200,
      );
    for (const item of catalogue) {
      const sku = `${this.runId}-${item.sku}`;
      await this.must(
        'PUT',
        `/v1/skus/${sku}`,
        { name: item.sku, prices: { [this.channel]: item.priceMinor } },
        200,
      );
      const locations: Record<string, number> = {};
      for (const [location, quantity] of Object.entries(item.stock)) {
        if (quantity === 0) continue;
        await this.must(
          'POST',
          '/v1/stock/receipts',
          { sku, location: `${this.runId}-${location}`, quantity, reference: `drill ${this.runId}` },
          201,
        );
        locations[`${this.runId}-${location}`] = quantity;
      }
      this.startingStock.push({
        sku,
        onHand: Object.values(locations).reduce((sum, quantity) => sum + quantity, 0),
        locations,
      });
    }
    await this.must(
      'POST',
      '/v1/promo-codes',
      {
        code: promoCode,
        kind: 'percent',
        value: 10,
        channels: [this.channel],
        usage_limit: promoUsageLimit,
        stacks_with_sales: true,
      },
      201,
    );
    if (webhookUrl !== undefined)
      await this.must('POST', '/v1/webhooks', { url: webhookUrl, event_types: ['order.placed'] }, 201);
  }

  /**
   * Buyers, `concurrency` at a time, each placing one order after another until stopped: what each
   * does is drawn from the drill's seed and the order's number, whatever the timing.
   */
  startLoad(concurrency: number): LoadRun {
    let stopping = false;
    const buyer = async () => {
      while (!stopping) {
        if (!this.targets.some((target) => target.live)) {
          await sleep(20);
          continue;
        }
        await this.buy(this.flowNumber++, () => stopping);
      }
    };
    const buyers = Array.from({ length: concurrency }, buyer);
    return {
      stop: async () => {
        stopping = true;
        await Promise.all(buyers);
      },
    };
  }

  private orderBody(number: number): { body: OrderBody; viaHold: boolean; pay: boolean; cancel: boolean } {
    const draw = seededDraws(this.seed * 100_003 + number);
    // The scarce SKU is in a quarter of the orders: it sells out during the drill, not at once.
    const skus = [
      ...(draw.next() < 0.25 ? [`${this.runId}-DRILL-SCARCE`] : []),
      ...draw.shuffle([`${this.runId}-DRILL-MUG`, `${this.runId}-DRILL-TEE`]).slice(0, draw.int(1, 2)),
    ];
    const body: OrderBody = {
      channel: this.channel,
      external_id: `${this.runId}-${number}`,
      customer: { email: `buyer${draw.int(1, 50)}@example.fr` },
      shipping_address: address,
      lines: skus.map((sku) => ({ sku, quantity: draw.int(1, 3) })),
    };
    if (draw.next() < 0.3) body.promo_codes = [promoCode];
    const viaHold = draw.next() < 0.2;
    const then = draw.next();
    return { body, viaHold, pay: then < 0.3, cancel: then >= 0.3 && then < 0.45 };
  }

  /** One buyer's visit: maybe a hold, the order, then maybe a payment or a cancellation. */
  private async buy(number: number, stopping: () => boolean): Promise<void> {
    const { body, viaHold, pay, cancel } = this.orderBody(number);
    const key = body.external_id;
    if (viaHold) {
      // A short hold: some expire across a crash, and their stock must come back by itself.
      const hold = await this.send(this.liveTarget(number), this.keys.storefrontKey, 'POST', '/v1/holds', {
        channel: body.channel,
        lines: body.lines,
        ttl_s: 2,
      });
      if (typeof hold === 'string') return;
      if (hold.status === 201) body.hold_id = (hold.body as { id: string }).id;
    }
    const placed = await this.placeOrder(key, body, number, stopping);
    if (placed === undefined) return;
    if (pay) await this.pay(placed, number);
    else if (cancel) await this.cancel(placed.ack.id, number);
  }

  /**
   * Sends the order until it is answered: after a shed or unavailable answer, with the same key once
   * Retry-After has passed; after a cut request, on another process that is up, as a load balancer
   * would. Unanswered when stopped or when no process is up: the retry pass sends it again.
   */
  private async placeOrder(
    key: string,
    body: OrderBody,
    number: number,
    stopping: () => boolean,
  ): Promise<PlacedOrder | undefined> {
    for (let attempt = 0; ; attempt++) {
      const live = this.targets.filter((target) => target.live);
      if (live.length === 0 || attempt >= orderAttemptsMax || (attempt > 0 && stopping())) {
        this.unansweredOrders.set(key, body);
        return undefined;
      }
      const target = live[(number + attempt) % live.length]!;
      const answer = await this.send(target, this.keys.storefrontKey, 'POST', '/v1/orders', body, {
        'idempotency-key': key,
      });
      if (answer === 'network' || answer === 'timeout') {
        // Cut: the process died. The next attempt goes to another one once the drill marks it down.
        await sleep(20);
        continue;
      }
      if (answer.status === 201) {
        this.unansweredOrders.delete(key);
        this.placedAt.set(target.url, (this.placedAt.get(target.url) ?? 0) + 1);
        return this.acknowledge(key, body, answer.body as { id: string; total: number; created_at: string });
      }
      if (answer.status === 503 || answer.status === 507) {
        await sleep(Math.min(answer.retryAfterMs ?? retryWaitMsMax, retryWaitMsMax));
        continue;
      }
      // Refused (out of stock, the promo code used up): nothing was recorded, nothing to retry.
      // Any other refusal of this well-formed order, sent again unchanged, is a broken promise.
      const code = (answer.body as { error?: { code?: string } } | null)?.error?.code;
      if (answer.status < 500 && !expectedRefusals.has(code ?? ''))
        this.incidents.push(`order ${key} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      this.unansweredOrders.delete(key);
      return undefined;
    }
  }

  private acknowledge(
    key: string,
    body: OrderBody,
    order: { id: string; total: number; created_at: string },
  ): PlacedOrder {
    const known = this.placed.get(key);
    if (known !== undefined) {
      if (known.ack.id !== order.id)
        this.retryMismatches.push({
          idempotencyKey: key,
          firstOrderId: known.ack.id,
          retryStatus: 201,
          retryOrderId: order.id,
        });
      return known;
    }
    const ack: AcknowledgedOrder = {
      id: order.id,
      idempotencyKey: key,
      lines: body.lines,
      placedAtMs: Date.parse(order.created_at),
    };
    const placed = { ack, body, totalMinor: order.total };
    this.placed.set(key, placed);
    this.placedSinceAudit.push(ack);
    return placed;
  }

  /** Captures the order's whole total, then (for some) tries to capture past it, which must be refused. */
  private async pay(order: PlacedOrder, number: number): Promise<void> {
    const id = order.ack.id;
    const reference = `${order.ack.idempotencyKey}-capture`;
    const capture = { kind: 'capture', amount: order.totalMinor, psp: 'drill', psp_reference: reference };
    this.payUnanswered.set(id, { amount: order.totalMinor, reference });
    const answer = await this.send(
      this.liveTarget(number),
      this.keys.storefrontKey,
      'POST',
      `/v1/orders/${id}/payments`,
      capture,
    );
    if (typeof answer === 'string') return;
    if (answer.status !== 201 && answer.status !== 200) {
      if (answer.status < 500) {
        this.payUnanswered.delete(id);
        this.incidents.push(
          `capturing order ${id}'s total answered ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      return;
    }
    this.payUnanswered.delete(id);
    this.paid.add(id);
    if (number % 3 !== 0) return;
    this.overCaptureTried.add(id);
    const past = await this.send(
      this.liveTarget(number),
      this.keys.storefrontKey,
      'POST',
      `/v1/orders/${id}/payments`,
      {
        kind: 'capture',
        amount: 1,
        psp: 'drill',
        psp_reference: `${order.ack.idempotencyKey}-past`,
      },
    );
    if (typeof past !== 'string' && past.status < 300)
      this.incidents.push(`a capture past order ${id}'s total was recorded: ${past.status}`);
  }

  private async cancel(id: string, number: number): Promise<void> {
    this.cancelUnanswered.add(id);
    const answer = await this.send(
      this.liveTarget(number),
      this.keys.storefrontKey,
      'POST',
      `/v1/orders/${id}/cancel`,
    );
    if (typeof answer === 'string' || answer.status >= 500) return;
    this.cancelUnanswered.delete(id);
    if (answer.status === 200) this.cancelled.add(id);
    else
      this.incidents.push(`cancelling order ${id} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  /**
   * Sends again, with the same key or reference, every order, capture and cancellation nobody
   * answered, until each is answered; and a few orders already answered, which must answer the same
   * order. What a storefront does once the shop is back.
   */
  async retryUnanswered(): Promise<void> {
    const never = () => false;
    // Side by side, as the storefronts' buyers would come back.
    await Promise.all(
      [...this.unansweredOrders].map(([key, body]) =>
        this.placeOrder(key, body, Number(key.slice(this.runId.length + 1)), never),
      ),
    );
    for (const [id, { amount, reference }] of [...this.payUnanswered]) {
      const answer = await this.send(
        this.liveTarget(0),
        this.keys.storefrontKey,
        'POST',
        `/v1/orders/${id}/payments`,
        {
          kind: 'capture',
          amount,
          psp: 'drill',
          psp_reference: reference,
        },
      );
      if (typeof answer === 'string' || answer.status >= 500) continue;
      this.payUnanswered.delete(id);
      if (answer.status === 200 || answer.status === 201) this.paid.add(id);
      else
        this.incidents.push(
          `a capture sent again on order ${id} answered ${answer.status} ${JSON.stringify(answer.body)}`,
        );
    }
    for (const id of [...this.cancelUnanswered]) {
      const answer = await this.send(
        this.liveTarget(0),
        this.keys.storefrontKey,
        'POST',
        `/v1/orders/${id}/cancel`,
      );
      if (typeof answer === 'string' || answer.status >= 500) continue;
      // 409: the first cancellation went through after all, if the order is cancelled now.
      const order =
        answer.status === 200
          ? answer
          : await this.send(this.liveTarget(0), this.keys.adminKey, 'GET', `/v1/orders/${id}`);
      if (typeof order === 'string' || order.status >= 500) continue;
      this.cancelUnanswered.delete(id);
      if ((order.body as { status?: string }).status === 'cancelled') this.cancelled.add(id);
      else
        this.incidents.push(
          `cancelling order ${id} again answered ${answer.status} ${JSON.stringify(answer.body)}`,
        );
    }
    const answered = [...this.placed.values()];
    const draw = seededDraws(this.seed + answered.length);
    for (const order of draw.shuffle(answered).slice(0, 5)) {
      const key = order.ack.idempotencyKey;
      const number = Number(key.slice(this.runId.length + 1));
      const answer = await this.send(
        this.liveTarget(number),
        this.keys.storefrontKey,
        'POST',
        '/v1/orders',
        order.body,
        {
          'idempotency-key': key,
        },
      );
      const retryOrderId =
        typeof answer !== 'string' && answer.status === 201 ? (answer.body as { id: string }).id : null;
      if (retryOrderId !== order.ack.id)
        this.retryMismatches.push({
          idempotencyKey: key,
          firstOrderId: order.ack.id,
          retryStatus: typeof answer === 'string' ? answer : answer.status,
          retryOrderId,
        });
    }
  }

  /** One line on what the drill did, for whoever runs it by hand (CRASH_DRILL_VERBOSE=1). */
  summary(): string {
    const answers = [...this.answers].map(([label, seen]) => `${label}: ${seen.count}`).join(', ');
    return `${this.placed.size} orders placed, ${this.paid.size} paid, ${this.cancelled.size} cancelled, ${this.cutRequests} requests cut; ${answers}`;
  }

  /** What is still waiting for an answer: orders by key, captures and cancellations by order. */
  unanswered(): string[] {
    return [
      ...[...this.unansweredOrders.keys()].map((key) => `order ${key}`),
      ...[...this.payUnanswered.keys()].map((id) => `capture of ${id}`),
      ...[...this.cancelUnanswered].map((id) => `cancellation of ${id}`),
    ];
  }

  /** Units live holds keep reserved over the drill's SKUs: none once the holds' time is up and the sweeper ran. */
  async heldUnits(): Promise<number> {
    let held = 0;
    for (const start of this.startingStock) {
      const answer = await this.send(
        this.liveTarget(0),
        this.keys.adminKey,
        'GET',
        `/v1/stock/${start.sku}/reconciliation`,
      );
      if (typeof answer === 'string' || answer.status !== 200)
        throw new Error(
          `reconciliation of ${start.sku}: ${typeof answer === 'string' ? answer : answer.status}`,
        );
      for (const row of (answer.body as { locations: { reserved_by_holds: number }[] }).locations)
        held += row.reserved_by_holds;
    }
    return held;
  }

  /** Every breach of a promise, each one sentence: the rehearsal's audit, then the drill's own checks. */
  async audit(): Promise<string[]> {
    const transport = this.setUpTransport!;
    const input = await collectAuditInput(
      {
        transport,
        adminKey: this.keys.adminKey,
        storefrontKey: this.keys.storefrontKey,
        runId: this.runId,
        timeoutMs: 30_000,
      },
      {
        startingStock: this.startingStock,
        // Orders answered since the last audit are read one by one; all are looked for in the listing.
        acknowledged: this.placedSinceAudit,
        retryMismatches: this.retryMismatches,
        cancelled: [...this.cancelled],
        cancelUnanswered: [...this.cancelUnanswered],
      },
    );
    this.placedSinceAudit = [];
    const verdict = audit({
      ...input,
      acknowledged: [...this.placed.values()].map((order) => order.ack),
      paid: [...this.paid],
      payUnanswered: [...this.payUnanswered.keys()],
    });
    const breaches = verdict.checks
      .filter((check) => !check.passed)
      .flatMap((check) => check.breaches.map((breach) => `${check.title}: ${breach}`));
    // The listing holds the orders as the API answers them; the audit reads a few of their fields,
    // the drill their promo codes.
    const listing = input.listing as unknown as {
      id: string;
      status: string;
      promo_codes?: { code: string }[];
    }[];
    breaches.push(...(await this.paymentBreaches()));
    breaches.push(...(await this.promoCodeBreaches(listing)));
    breaches.push(...(await this.outboxBreaches()));
    return breaches;
  }

  /** Payments never exceed their order's total, and a capture answered is recorded. */
  private async paymentBreaches(): Promise<string[]> {
    const breaches: string[] = [];
    const ids = new Set([...this.paid, ...this.payUnanswered.keys(), ...this.overCaptureTried]);
    for (const id of ids) {
      const answer = await this.send(
        this.liveTarget(0),
        this.keys.adminKey,
        'GET',
        `/v1/orders/${id}/payments`,
      );
      if (typeof answer === 'string' || answer.status !== 200) {
        breaches.push(`payments of order ${id}: ${typeof answer === 'string' ? answer : answer.status}`);
        continue;
      }
      const { summary } = answer.body as { summary: { total: number; captured: number; authorised: number } };
      if (summary.captured > summary.total)
        breaches.push(`order ${id}: ${summary.captured} captured of a total of ${summary.total}`);
      if (this.paid.has(id) && summary.captured !== summary.total)
        breaches.push(
          `order ${id}: its whole total was captured (answered), but ${summary.captured} of ${summary.total} is recorded`,
        );
    }
    return breaches;
  }

  /** The promo code's uses are the orders not cancelled that name it, within its limit. */
  private async promoCodeBreaches(
    listing: readonly { id: string; status: string; promo_codes?: { code: string }[] }[],
  ): Promise<string[]> {
    const answer = await this.send(
      this.liveTarget(0),
      this.keys.adminKey,
      'GET',
      `/v1/promo-codes/${promoCode}`,
    );
    if (typeof answer === 'string' || answer.status !== 200)
      return [`GET /v1/promo-codes/${promoCode}: ${typeof answer === 'string' ? answer : answer.status}`];
    const { used } = answer.body as { used: number };
    const using = listing.filter((order) => {
      if (!Array.isArray(order.promo_codes))
        throw new Error(`order ${order.id} is listed without its promo codes`);
      return order.status !== 'cancelled' && order.promo_codes.some((code) => code.code === promoCode);
    }).length;
    const breaches: string[] = [];
    if (used !== using)
      breaches.push(`${promoCode} counts ${used} uses, and ${using} orders not cancelled use it`);
    if (used > promoUsageLimit)
      breaches.push(`${promoCode} counts ${used} uses past its limit of ${promoUsageLimit}`);
    return breaches;
  }

  /** No consumer of the outbox (a webhook subscription, a named cursor) is past the outbox's last event. */
  private async outboxBreaches(): Promise<string[]> {
    const transport = this.liveTarget(0);
    // Positions first, then the end: a position read before the end can only be at or behind it.
    const hooks = await this.send(transport, this.keys.adminKey, 'GET', '/v1/webhooks');
    const cursors = await this.send(transport, this.keys.adminKey, 'GET', '/v1/events/cursors');
    if (
      typeof hooks === 'string' ||
      hooks.status !== 200 ||
      typeof cursors === 'string' ||
      cursors.status !== 200
    )
      return ['the outbox consumers could not be read'];
    for (;;) {
      const page = await this.send(
        transport,
        this.keys.adminKey,
        'GET',
        `/v1/events?after=${this.outboxEnd}&limit=1000`,
      );
      if (typeof page === 'string' || page.status !== 200) return ['the outbox could not be read'];
      const events = (page.body as { data: { id: number }[] }).data;
      if (events.length === 0) break;
      this.outboxEnd = events[events.length - 1]!.id;
    }
    const positions = [
      ...(hooks.body as { data: { id: string; position: number }[] }).data.map((hook) => ({
        name: `webhook ${hook.id}`,
        position: hook.position,
      })),
      ...(cursors.body as { data: { name: string; position: number }[] }).data,
    ];
    return positions
      .filter((consumer) => consumer.position > this.outboxEnd)
      .map(
        (consumer) =>
          `${consumer.name} is at event ${consumer.position}, past the outbox's last, ${this.outboxEnd}`,
      );
  }
}

/** Waits for `done`, polling, at most `withinMs`: work the servers do in the background. */
export async function eventually(
  done: () => Promise<boolean> | boolean,
  withinMs = 30_000,
): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}
