/** The micro-batched intake: batches form under load, arrival order decides, idempotency holds inside a batch, overload is shed. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriter } from '../src/intake/batch-writer.js';
import type { CaptureCommand } from '../src/intake/capture.js';
import { address, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const caller = { apiKeyId: 'key_intake_test', isAdmin: false };

function order(
  key: string,
  lines: { sku: string; quantity: number }[],
  extra: Record<string, unknown> = {},
): Extract<CaptureCommand, { kind: 'order' }> {
  return { kind: 'order', input: orderBody(lines, extra) as never, idempotencyKey: key, caller };
}

describe.each(engines)('the batch writer on %s', (engine) => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await openShop(engine);
  });
  afterEach(() => shop.close());

  it('commits commands that arrive together in one batch, first come first served', async () => {
    const writer = new BatchWriter(shop.ctx);
    // LAST-ONE has a single unit: of three buyers arriving together, the first gets it.
    const outcomes = await Promise.all([
      writer.submit(order('b1', [{ sku: 'LAST-ONE', quantity: 1 }])),
      writer.submit(order('b2', [{ sku: 'LAST-ONE', quantity: 1 }])),
      writer.submit(order('b3', [{ sku: 'LAST-ONE', quantity: 1 }])),
      writer.submit({
        kind: 'hold',
        input: { channel: 'web', lines: [{ sku: 'TEE-M', quantity: 2 }], ttl_s: 60 },
        caller,
      }),
      writer.submit({
        kind: 'hold',
        input: { channel: 'web', lines: [{ sku: 'TEE-M', quantity: 2 }], ttl_s: 60 },
        caller,
      }),
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.code))).toEqual([
      'ok',
      'out_of_stock',
      'out_of_stock',
      'ok',
      'out_of_stock',
    ]);
    expect(writer.stats()).toMatchObject({ batches: 1, commands: 5, lastBatchSize: 5 });
    const stock = (await shop.admin('GET', '/v1/stock/TEE-M')).json();
    expect(stock).toMatchObject({ on_hand: 3, reserved: 2 });
    expect((await shop.admin('GET', '/v1/stock/LAST-ONE/reconciliation')).json().balanced).toBe(true);
  });

  it('keeps idempotency inside a batch: a repeated key answers the first order, another body is refused', async () => {
    const writer = new BatchWriter(shop.ctx);
    const lines = [{ sku: 'MUG-BLUE', quantity: 2 }];
    const [first, repeat, reused] = await Promise.all([
      writer.submit(order('same', lines)),
      writer.submit(order('same', lines)),
      writer.submit(order('same', [{ sku: 'MUG-BLUE', quantity: 3 }])),
    ]);
    expect(writer.stats().batches).toBe(1);
    if (!first.ok || !repeat.ok) throw new Error('expected both to succeed');
    expect(repeat.value).toMatchObject({ replayed: true, order: { id: first.value.order.id } });
    expect(reused.ok ? 'ok' : reused.code).toBe('idempotency_key_reused');
    expect((await shop.admin('GET', '/v1/stock/MUG-BLUE')).json().reserved).toBe(2);
    const later = await writer.submit(order('same', lines));
    expect(later.ok && later.value.order.id).toBe(first.value.order.id);
  });

  it('refuses one bad order without touching the others of its batch', async () => {
    const writer = new BatchWriter(shop.ctx);
    const outcomes = await Promise.all([
      writer.submit(order('g1', [{ sku: 'MUG-BLUE', quantity: 1 }])),
      writer.submit(order('bad', [{ sku: 'NO-SUCH-SKU', quantity: 1 }])),
      writer.submit(order('g2', [{ sku: 'MUG-BLUE', quantity: 1 }], { channel: 'nowhere' })),
      writer.submit(order('g3', [{ sku: 'TEE-M', quantity: 1 }], { hold_id: 'hold_unknown' })),
      writer.submit(order('g4', [{ sku: 'TEE-M', quantity: 1 }], { shipping_address: address })),
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.code))).toEqual([
      'ok',
      'unknown_sku',
      'unknown_channel',
      'unknown_hold',
      'ok',
    ]);
  });

  it('gives every order its own number across processes and restarts, rising in the order each process took them', async () => {
    // Two writers on one store are two processes; a third, started later, is one of them restarted.
    const [first, second] = [new BatchWriter(shop.ctx), new BatchWriter(shop.ctx)];
    const numberOf = (outcome: Awaited<ReturnType<BatchWriter['submit']>>) => {
      if (!outcome.ok || !('order' in outcome.value)) throw new Error('an order was refused');
      return Number(outcome.value.order.number.slice('AF'.length));
    };
    const place = (writer: BatchWriter, keys: string[]) =>
      Promise.all(keys.map((key) => writer.submit(order(key, [{ sku: 'MUG-BLUE', quantity: 1 }]))));
    const taken = { first: [] as number[], second: [] as number[] };
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([
        place(first, [`n-a${round}-1`, `n-a${round}-2`]),
        place(second, [`n-b${round}-1`]),
      ]);
      taken.first.push(...a.map(numberOf));
      taken.second.push(...b.map(numberOf));
    }
    const restarted = (await place(new BatchWriter(shop.ctx), ['n-c-1'])).map(numberOf);
    const all = [...taken.first, ...taken.second, ...restarted];
    expect(new Set(all).size).toBe(all.length);
    expect(taken.first).toEqual([...taken.first].sort((x, y) => x - y));
    expect(taken.second).toEqual([...taken.second].sort((x, y) => x - y));
    expect(restarted[0]).toBeGreaterThan(Math.max(...taken.first, ...taken.second));
  });

  it('once sold out, refuses without waiting for the stock row, sells a restock at once, and still replays placed orders', async () => {
    const writer = new BatchWriter(shop.ctx);
    const buy = (key: string) => writer.submit(order(key, [{ sku: 'LAST-ONE', quantity: 1 }]));
    const codes = (outcomes: Awaited<ReturnType<typeof buy>>[]) =>
      outcomes.map((outcome) =>
        outcome.ok ? (outcome.value.replayed ? 'replayed' : 'placed') : outcome.code,
      );
    expect(codes(await Promise.all([buy('s1'), buy('s2')]))).toEqual(['placed', 'out_of_stock']);
    expect(codes(await Promise.all([buy('s3'), buy('s4')]))).toEqual(['out_of_stock', 'out_of_stock']);
    // Sold out: on PostgreSQL the next refusals and a retry of the placed order are answered
    // without a transaction, so without waiting for the stock row's lock.
    const transaction = shop.ctx.store.transaction.bind(shop.ctx.store);
    let transactions = 0;
    shop.ctx.store.transaction = (work) => {
      transactions++;
      return transaction(work);
    };
    expect(codes(await Promise.all([buy('s5'), buy('s1'), buy('s6')]))).toEqual([
      'out_of_stock',
      'replayed',
      'out_of_stock',
    ]);
    if (engine === 'postgres') expect(transactions).toBe(0);
    // Two more units arrive: the next buyers get them, the one after is refused.
    await shop.admin('POST', '/v1/stock/receipts', { sku: 'LAST-ONE', location: 'lyon', quantity: 2 });
    expect(codes(await Promise.all([buy('s7'), buy('s8'), buy('s9')]))).toEqual([
      'placed',
      'placed',
      'out_of_stock',
    ]);
    const stock = (await shop.admin('GET', '/v1/stock/LAST-ONE')).json();
    expect(stock).toMatchObject({ on_hand: 3, reserved: 3 });
    expect((await shop.admin('GET', '/v1/stock/LAST-ONE/reconciliation')).json().balanced).toBe(true);
  });

  it('sheds at once with a retry delay when the queue is full, and answers what it admitted', async () => {
    const writer = new BatchWriter(shop.ctx, {
      batchSizeMax: 4,
      queueLengthMax: 8,
      queueWaitBudgetMs: 10_000,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.submit(order(`s${i}`, [{ sku: 'MUG-BLUE', quantity: 1 }]))),
    );
    const shed = outcomes.filter((outcome) => !outcome.ok && outcome.code === 'overloaded');
    expect(shed).toHaveLength(12);
    expect(shed.every((outcome) => !outcome.ok && (outcome.details?.retry_after_s as number) >= 1)).toBe(
      true,
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(8);
    expect(writer.stats()).toMatchObject({ batches: 2, commands: 8, shed: 12 });
    expect((await shop.admin('GET', '/v1/stock/MUG-BLUE')).json().reserved).toBe(8);
  });

  it('answers 503 with Retry-After over HTTP when shedding, and the shed orders change nothing', async () => {
    const tiny = await openShop(engine, {
      intake: { batchSizeMax: 2, queueLengthMax: 2, queueWaitBudgetMs: 10_000 },
    });
    try {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          tiny.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
            'idempotency-key': `h${i}`,
          }),
        ),
      );
      const shed = replies.filter((reply) => reply.statusCode === 503);
      const placed = replies.filter((reply) => reply.statusCode === 201);
      expect(shed.length).toBeGreaterThan(0);
      expect(placed.length + shed.length).toBe(10);
      for (const reply of shed) {
        expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(reply.json().error.code).toBe('overloaded');
      }
      expect((await tiny.admin('GET', '/v1/stock/MUG-BLUE')).json().reserved).toBe(placed.length);
    } finally {
      await tiny.close();
    }
  });
});
