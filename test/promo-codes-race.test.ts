/**
 * Promo codes under real concurrency, over real sockets against real `affluence serve` processes
 * (one on SQLite, two sharing PostgreSQL): a usage limit and a per-customer limit hold exactly, a
 * cancelled order gives its use back once, and the kill switch stops a code at once in every process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, must, startCluster } from './support/cluster.js';
import { address } from './support/shop.js';
import { engines } from './support/stores.js';

/** Requests in flight at once: enough to fill every capture batch, few enough for the test's sockets. */
const inFlight = 200;

function order(email: string, promoCodes: string[], sku = 'PROMO') {
  return {
    channel: 'web',
    customer: { email },
    shipping_address: address,
    lines: [{ sku, quantity: 1 }],
    promo_codes: promoCodes,
  };
}

interface Sent {
  readonly status: number;
  readonly code: string | undefined;
  readonly body: any;
  readonly sentAtMs: number;
}

/**
 * Sends each order once, as a storefront does: an order shed by a saturated intake (503) is sent
 * again with the same Idempotency-Key after its Retry-After, so it is decided exactly once.
 */
async function sendAll(cluster: Cluster, bodies: readonly unknown[], keyPrefix: string): Promise<Sent[]> {
  const results: Sent[] = new Array(bodies.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < bodies.length; index = next++) {
      for (;;) {
        const sentAtMs = Date.now();
        const reply = await cluster.storefront(index)('POST', '/v1/orders', bodies[index], {
          'idempotency-key': `${keyPrefix}-${index}`,
        });
        if (reply.status === 503) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        results[index] = { status: reply.status, code: reply.body?.error?.code, body: reply.body, sentAtMs };
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return results;
}

function tally(results: readonly Sent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = `${result.status}${result.code === undefined ? '' : ` ${result.code}`}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe.each(engines)('promo codes raced on %s', (engine) => {
  let cluster: Cluster;
  const admin = () => cluster.admins[0]!;

  const createCode = (body: Record<string, unknown>) =>
    must(
      admin()('POST', '/v1/promo-codes', {
        kind: 'percent',
        value: 10,
        channels: ['web'],
        stacks_with_sales: true,
        ...body,
      }),
    );

  beforeAll(async () => {
    cluster = await startCluster(engine);
    await must(admin()('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin()('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    await must(admin()('PUT', '/v1/skus/PROMO', { name: 'Advent candle', prices: { web: 2000 } }));
    await must(admin()('POST', '/v1/stock/receipts', { sku: 'PROMO', location: 'paris', quantity: 20_000 }));
  });

  afterAll(() => cluster.close());

  it('gives a code limited to 500 uses to exactly 500 of 10,000 concurrent orders, and refuses the others', async () => {
    await createCode({ code: 'RACE500', usage_limit: 500 });
    const bodies = Array.from({ length: 10_000 }, (_, i) => order(`buyer${i}@example.fr`, ['race500']));
    const results = await sendAll(cluster, bodies, 'race500');
    expect(tally(results)).toEqual({ '201': 500, '409 promo_code_exhausted': 9_500 });
    for (const result of results.filter((each) => each.status === 201))
      expect(result.body.promo_codes).toEqual([{ code: 'RACE500', discount: 200 }]);
    expect(await must(admin()('GET', '/v1/promo-codes/RACE500'))).toMatchObject({ used: 500, remaining: 0 });
    // No order was placed at full price instead: only the 500 hold a unit.
    const stock = await must(admin()('GET', '/v1/stock/PROMO'));
    expect(stock.reserved).toBe(500);
  });

  it('gives a cancelled order’s use back once, however many cancellations race', async () => {
    const placed = await sendAll(cluster, [order('once@example.fr', ['RACE500'])], 'race500-after');
    expect(tally(placed)).toEqual({ '409 promo_code_exhausted': 1 });
    const orders = await must(admin()('GET', '/v1/orders?limit=1&order=newest'));
    const victim = orders.data.find((each: { promo_codes: unknown[] }) => each.promo_codes.length > 0);
    const cancels = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        cluster.admins[i % cluster.admins.length]!('POST', `/v1/orders/${victim.id}/cancel`),
      ),
    );
    expect(cancels.filter((reply) => reply.status === 200)).toHaveLength(1);
    expect(await must(admin()('GET', '/v1/promo-codes/RACE500'))).toMatchObject({ used: 499, remaining: 1 });
    const next = await sendAll(
      cluster,
      Array.from({ length: 50 }, (_, i) => order(`late${i}@example.fr`, ['RACE500'])),
      'race500-late',
    );
    expect(tally(next)).toEqual({ '201': 1, '409 promo_code_exhausted': 49 });
  });

  it('holds a per-customer limit when one customer races from many devices and spellings', async () => {
    await createCode({ code: 'ONCEEACH', kind: 'amount', value: 500, per_customer_limit: 2 });
    const spellings = ['noe@example.fr', 'Noe@Example.FR', 'noe+phone@example.fr', ' noe+tablet@example.fr'];
    const bodies = Array.from({ length: 200 }, (_, i) =>
      order(spellings[i % spellings.length]!.trim(), ['onceeach']),
    );
    expect(tally(await sendAll(cluster, bodies, 'onceeach'))).toEqual({
      '201': 2,
      '409 promo_code_exhausted': 198,
    });
  });

  it('stops a code in every process the moment the kill switch answers; accepted orders keep their discount', async () => {
    await createCode({ code: 'LEAKED' });
    let stopAtMs = Number.POSITIVE_INFINITY;
    let disabledAtMs = Number.POSITIVE_INFINITY;
    const results: Sent[] = [];
    // Buyers keep coming on every process, before and after the switch.
    const buyer = async (worker: number) => {
      for (let i = 0; Date.now() < stopAtMs; i++) {
        const sentAtMs = Date.now();
        const reply = await cluster.storefront(worker + i)(
          'POST',
          '/v1/orders',
          order(`w${worker}-${i}@example.fr`, ['LEAKED']),
          {
            'idempotency-key': `leaked-${worker}-${i}`,
          },
        );
        results.push({ status: reply.status, code: reply.body?.error?.code, body: reply.body, sentAtMs });
      }
    };
    const buyers = Promise.all(Array.from({ length: 16 }, (_, worker) => buyer(worker)));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await must(admin()('POST', '/v1/promo-codes/LEAKED/disable', { reason: 'shared on a coupon site' }));
    disabledAtMs = Date.now();
    stopAtMs = disabledAtMs + 1_000;
    await buyers;

    const before = results.filter((result) => result.status === 201);
    const after = results.filter((result) => result.sentAtMs > disabledAtMs);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(tally(after)).toEqual({ '422 promo_code_inactive': after.length });
    expect(results.every((result) => result.status === 201 || result.code === 'promo_code_inactive')).toBe(
      true,
    );
    const kept = await must(admin()('GET', `/v1/orders/${before[0]!.body.id}`));
    expect(kept.promo_codes).toEqual([{ code: 'LEAKED', discount: 200 }]);
    expect(await must(admin()('GET', '/v1/promo-codes/LEAKED'))).toMatchObject({ used: before.length });
  });
});
