/** The batch decision: idempotency, holds, all or nothing per order, and a batch deciding as its commands would one by one. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Allocation,
  type StockDelta,
  type StockRow,
  sellsFromStockOnly,
  stockKey,
} from '../../inventory/core/stock-book.js';
import { externalOrderKey, scopedIdempotencyKey } from '../../orders/core/order-process.js';
import type { Caller } from '../../platform/core/caller.js';
import type { PriceInForce } from '../../pricing/core/in-force.js';
import { customerKey, customerUseKey, type PromoCodeTerms } from '../../pricing/core/promo-codes.js';
import {
  type BatchCommand,
  type BatchDecision,
  type BatchReads,
  type CommandDecision,
  decideBatch,
  type HoldCommand,
  type KnownHold,
  type KnownKey,
  type OrderCommand,
} from './decide-batch.js';

const skus = ['A', 'B', 'C'] as const;
const locations = ['lyon', 'paris'] as const;
const locationsByChannel = new Map<string, readonly string[]>([
  ['web', ['lyon', 'paris']],
  ['market', ['lyon']],
]);
/** Base prices in force, standard VAT class. */
const basePrices = (entries: [string, number][]) =>
  new Map<string, PriceInForce>(entries.map(([sku, baseMinor]) => [sku, { baseMinor, sale: null }]));
/** C has no price on the market: an order of it there is refused with `price_missing`. */
const prices = new Map([
  [
    'web',
    basePrices([
      ['A', 1_000],
      ['B', 2_500],
      ['C', 399],
    ]),
  ],
  [
    'market',
    basePrices([
      ['A', 1_100],
      ['B', 2_600],
    ]),
  ],
]);
/** The web prices include French VAT; the market is a B2B channel whose prices exclude it. */
const channels = new Map([
  ['web', { country: 'FR', prices_include_tax: 1 }],
  ['market', { country: 'FR', prices_include_tax: 0 }],
]);
const alice: Caller = { apiKeyId: 'key_alice', isAdmin: false };
const bob: Caller = { apiKeyId: 'key_bob', isAdmin: false };
const admin: Caller = { apiKeyId: 'key_admin', isAdmin: true };

function row(sku: string, locationCode: string, onHand: number, reserved = 0): StockRow {
  return { sku, locationCode, onHand, reserved };
}

/** A body's hash for these tests: what matters is that the same body gives the same hash. */
function hashOf(input: OrderCommand['input']): string {
  return JSON.stringify([input.channel, input.lines, input.hold_id ?? null, input.promo_codes ?? null]);
}

function order(
  idempotencyKey: string,
  lines: OrderCommand['input']['lines'],
  options: {
    channel?: string;
    holdId?: string;
    caller?: Caller;
    externalId?: string;
    email?: string;
    promoCodes?: string[];
  } = {},
): OrderCommand {
  const input = {
    channel: options.channel ?? 'web',
    lines,
    customer: { email: options.email ?? 'ann@example.com' },
    ...(options.promoCodes === undefined ? {} : { promo_codes: options.promoCodes }),
    ...(options.holdId === undefined ? {} : { hold_id: options.holdId }),
    ...(options.externalId === undefined ? {} : { external_id: options.externalId }),
  };
  return {
    kind: 'order',
    input,
    idempotencyKey,
    requestHash: hashOf(input),
    caller: options.caller ?? alice,
  };
}

function hold(lines: HoldCommand['input']['lines'], channel = 'web', caller: Caller = alice): HoldCommand {
  return { kind: 'hold', input: { channel, lines }, caller };
}

function reads(overrides: Partial<BatchReads> = {}): BatchReads {
  return {
    atMs: Date.parse('2026-11-27T10:00:00Z'),
    promoCodes: new Map(),
    customerPromoUses: new Map(),
    knownKeys: new Map(),
    knownExternalIds: new Map(),
    channels,
    skuTaxClasses: new Map(skus.map((sku) => [sku, sku === 'A' ? 'reduced' : 'standard'])),
    prices,
    holds: new Map(),
    heldAllocations: new Map(),
    stock: [],
    locationsByChannel,
    buffers: new Map(),
    backorders: sellsFromStockOnly,
    ...overrides,
  };
}

function kinds(decision: BatchDecision): string[] {
  return decision.decisions.map((decided) =>
    decided.kind === 'refused' ? `refused:${decided.failure.code}` : decided.kind,
  );
}

/** The stock rows once the deltas are applied, keyed by SKU and location. */
function applied(stock: readonly StockRow[], deltas: readonly StockDelta[]): Map<string, StockRow> {
  const rows = new Map(stock.map((each) => [stockKey(each.sku, each.locationCode), { ...each }]));
  for (const delta of deltas) {
    const key = stockKey(delta.sku, delta.locationCode);
    const current = rows.get(key) ?? row(delta.sku, delta.locationCode, 0);
    rows.set(key, {
      ...current,
      onHand: current.onHand + delta.onHandDelta,
      reserved: current.reserved + delta.reservedDelta,
    });
  }
  return rows;
}

describe('deciding a batch', () => {
  it('answers a repeated key and body with the first order, and refuses the key with another body', () => {
    const lines = [{ sku: 'A', quantity: 1 }];
    const decision = decideBatch(reads({ stock: [row('A', 'paris', 5)] }), [
      order('k1', lines),
      order('k1', lines),
      order('k1', [{ sku: 'A', quantity: 2 }]),
      // The same key from another API key is another key.
      order('k1', lines, { caller: bob }),
    ]);
    expect(decision.decisions).toEqual([
      { kind: 'placed', order: 0 },
      { kind: 'repeated', order: 0 },
      expect.objectContaining({ kind: 'refused' }),
      { kind: 'placed', order: 1 },
    ]);
    expect(kinds(decision)[2]).toBe('refused:idempotency_key_reused');
    expect(decision.orders.map((accepted) => accepted.index)).toEqual([0, 3]);
    expect(decision.stockDeltas).toEqual([
      { sku: 'A', locationCode: 'paris', onHandDelta: 0, reservedDelta: 2 },
    ]);
  });

  it('places one order per channel and external id, whatever the keys and bodies of its arrivals', () => {
    const decision = decideBatch(reads({ stock: [row('A', 'lyon', 5)] }), [
      order('k1', [{ sku: 'A', quantity: 1 }], { externalId: 'AMZ-1' }),
      order('k2', [{ sku: 'A', quantity: 2 }], { externalId: 'AMZ-1', caller: bob }),
      order('k3', [{ sku: 'A', quantity: 1 }], { externalId: 'AMZ-1', channel: 'market' }),
      order('k4', [{ sku: 'A', quantity: 1 }], { externalId: 'AMZ-2' }),
    ]);
    expect(decision.decisions).toEqual([
      { kind: 'placed', order: 0 },
      { kind: 'repeated', order: 0 },
      { kind: 'placed', order: 1 },
      { kind: 'placed', order: 2 },
    ]);
    // The repeat reserved nothing: 1 + 1 + 1 units, not 5.
    expect(decision.stockDeltas).toEqual([
      { sku: 'A', locationCode: 'lyon', onHandDelta: 0, reservedDelta: 3 },
    ]);
  });

  it('answers an external id placed by an earlier batch with that order, reserving nothing', () => {
    const decision = decideBatch(
      reads({
        knownExternalIds: new Map([[externalOrderKey('web', 'AMZ-1'), '{"id":"ord_1"}']]),
        stock: [row('A', 'paris', 5)],
      }),
      [order('fresh-key', [{ sku: 'A', quantity: 4 }], { externalId: 'AMZ-1' })],
    );
    expect(decision.decisions).toEqual([{ kind: 'replayed', response: '{"id":"ord_1"}' }]);
    expect(decision.orders).toEqual([]);
    expect(decision.stockDeltas).toEqual([]);
  });

  it('replays a key recorded by an earlier batch as recorded, and writes nothing for it', () => {
    const lines = [{ sku: 'A', quantity: 1 }];
    const known = new Map<string, KnownKey>([
      [
        scopedIdempotencyKey(alice.apiKeyId, 'k1'),
        { request_hash: hashOf(order('k1', lines).input), response: '{"id":"ord_1"}' },
      ],
    ]);
    const decision = decideBatch(reads({ knownKeys: known, stock: [row('A', 'paris', 5)] }), [
      order('k1', lines),
      order('k1', [{ sku: 'A', quantity: 3 }]),
    ]);
    expect(decision.decisions[0]).toEqual({ kind: 'replayed', response: '{"id":"ord_1"}' });
    expect(kinds(decision)[1]).toBe('refused:idempotency_key_reused');
    expect(decision.orders).toEqual([]);
    expect(decision.stockDeltas).toEqual([]);
  });

  it('tries a refused key afresh later in the batch: a refusal records nothing', () => {
    const stock = [row('A', 'paris', 2)];
    const decision = decideBatch(reads({ stock }), [
      order('k1', [{ sku: 'A', quantity: 3 }]),
      order('k1', [{ sku: 'A', quantity: 2 }]),
    ]);
    expect(kinds(decision)).toEqual(['refused:out_of_stock', 'placed']);
  });

  it('names what is wrong: channel, SKU, price, hold', () => {
    const decision = decideBatch(
      reads({
        stock: [row('C', 'lyon', 5)],
        holds: new Map([
          ['hold_bob', { id: 'hold_bob', channel_code: 'web', status: 'active', api_key_id: bob.apiKeyId }],
        ]),
      }),
      [
        order('k1', [{ sku: 'A', quantity: 1 }], { channel: 'moon' }),
        order('k2', [{ sku: 'NOPE', quantity: 1 }]),
        order('k3', [{ sku: 'C', quantity: 1 }], { channel: 'market' }),
        order('k4', [{ sku: 'C', quantity: 1 }], { holdId: 'hold_nope' }),
        // Another storefront's hold is as good as absent.
        order('k5', [{ sku: 'C', quantity: 1 }], { holdId: 'hold_bob' }),
        hold([{ sku: 'NOPE', quantity: 1 }]),
      ],
    );
    expect(kinds(decision)).toEqual([
      'refused:unknown_channel',
      'refused:unknown_sku',
      'refused:price_missing',
      'refused:unknown_hold',
      'refused:unknown_hold',
      'refused:unknown_sku',
    ]);
    expect(decision.stockDeltas).toEqual([]);
  });

  it('consumes a hold once: its units go to the first order naming it, the next takes free stock', () => {
    const held: Allocation[] = [{ sku: 'A', locationCode: 'paris', quantity: 2 }];
    const decision = decideBatch(
      reads({
        stock: [row('A', 'paris', 3, 2)],
        holds: new Map([
          ['hold_1', { id: 'hold_1', channel_code: 'web', status: 'active', api_key_id: alice.apiKeyId }],
        ]),
        heldAllocations: new Map([['hold_1', held]]),
      }),
      [
        order('k1', [{ sku: 'A', quantity: 2 }], { holdId: 'hold_1' }),
        order('k2', [{ sku: 'A', quantity: 2 }], { holdId: 'hold_1' }),
        order('k3', [{ sku: 'A', quantity: 1 }], { holdId: 'hold_1', caller: admin }),
      ],
    );
    expect(kinds(decision)).toEqual(['placed', 'refused:out_of_stock', 'placed']);
    expect(decision.orders[0]!.consumedHoldId).toBe('hold_1');
    expect(decision.orders[1]!.consumedHoldId).toBeUndefined();
    expect(decision.consumedHoldIds).toEqual(['hold_1']);
    expect(decision.stockDeltas).toEqual([
      { sku: 'A', locationCode: 'paris', onHandDelta: 0, reservedDelta: 1 },
    ]);
  });

  it('lets an order naming an ended hold take free stock, and ends nothing', () => {
    const decision = decideBatch(
      reads({
        stock: [row('A', 'paris', 3)],
        holds: new Map([
          ['hold_1', { id: 'hold_1', channel_code: 'web', status: 'expired', api_key_id: alice.apiKeyId }],
        ]),
      }),
      [order('k1', [{ sku: 'A', quantity: 1 }], { holdId: 'hold_1' })],
    );
    expect(kinds(decision)).toEqual(['placed']);
    expect(decision.consumedHoldIds).toEqual([]);
  });

  it('prices each line at the price in force: a running sale’s, with the VAT its channel’s prices include or not', () => {
    const stock = [row('A', 'lyon', 10), row('B', 'lyon', 10)];
    const onSale = new Map(prices);
    onSale.set(
      'web',
      new Map([
        ...prices.get('web')!,
        [
          'A',
          {
            baseMinor: 1_000,
            sale: { saleId: 'sale_bf', rule: { kind: 'percent', discountBp: 2_500, rounding: 'cent' } },
          },
        ],
      ]),
    );
    const decision = decideBatch(reads({ stock, prices: onSale }), [
      order('web', [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
      ]),
      order('b2b', [{ sku: 'B', quantity: 1 }], { channel: 'market' }),
    ]);
    const [web, market] = decision.orders.map((accepted) => accepted.priced);
    expect(web!.lines.map((line) => [line.unitPriceMinor, line.taxRateBp, line.saleId])).toEqual([
      [750, 550, 'sale_bf'],
      [2_500, 2_000, null],
    ]);
    // 15.00 at 5.5 % holds 0.78; 25.00 at 20 % holds 4.17: the total is what the lines say.
    expect(web).toMatchObject({ totalMinor: 4_000, taxTotalMinor: 78 + 417 });
    // On the market, 26.00 excluding tax: 5.20 is added.
    expect(market).toMatchObject({ totalMinor: 3_120, taxTotalMinor: 520 });
  });

  it('decides nothing and writes nothing for an empty batch', () => {
    expect(decideBatch(reads(), [])).toEqual({
      decisions: [],
      orders: [],
      holds: [],
      consumedHoldIds: [],
      stockDeltas: [],
      waitingDeltas: [],
      promoCodeUses: new Map(),
    });
  });

  it('gives a code with uses left to the first orders only, never to one refused for its stock', () => {
    const world = reads({
      stock: [row('A', 'lyon', 10), row('B', 'lyon', 0)],
      promoCodes: promoCodeTerms(3, 1),
    });
    const commands = [
      order('k1', [{ sku: 'A', quantity: 2 }], { promoCodes: ['ten'] }),
      order('k2', [{ sku: 'B', quantity: 1 }], { promoCodes: ['TEN'] }),
      order('k3', [{ sku: 'A', quantity: 1 }], { promoCodes: [' Ten '], email: 'bob@example.com' }),
      order('k4', [{ sku: 'A', quantity: 1 }], { promoCodes: ['TEN'] }),
      order('k5', [{ sku: 'A', quantity: 1 }], { promoCodes: ['NOPE'] }),
    ];
    const decision = decideBatch(world, commands);
    const refusals = decision.decisions.map((decided) =>
      decided.kind === 'refused' ? decided.failure.code : decided.kind,
    );
    expect(refusals).toEqual([
      'placed',
      'out_of_stock',
      'placed',
      'promo_code_exhausted',
      'unknown_promo_code',
    ]);
    // 2 × 10.00 at 10 %: 2.00 off, taken off the line, its VAT computed on what is left.
    expect(decision.orders[0]!.priced).toMatchObject({
      totalMinor: 1_800,
      promotions: [{ code: 'TEN', discountMinor: 200 }],
      lines: [{ unitPriceMinor: 1_000, discountMinor: 200, totalMinor: 1_800 }],
    });
    expect(decision.promoCodeUses).toEqual(new Map([['TEN', 2]]));
  });
});

// --- Properties, over any batch of orders and holds against any stock ---

const holdIds = ['hold_alice_web', 'hold_alice_market', 'hold_bob_web', 'hold_ended'] as const;

/** The SKU the hold at this place in `holdIds` keeps. */
function heldSku(at: number): string {
  return skus[at % skus.length]!;
}

interface World {
  readonly reads: BatchReads;
  readonly commands: BatchCommand[];
}

const lineArbitrary = fc.record({
  sku: fc.constantFrom<string>(...skus, 'Z'),
  quantity: fc.integer({ min: 1, max: 4 }),
});
const callerArbitrary = fc.constantFrom(alice, alice, bob, admin);
const channelArbitrary = fc.constantFrom('web', 'web', 'market', 'moon');
/** Ann twice, the second time with a `+tag`: one customer for the per-customer limit. */
const emailArbitrary = fc.constantFrom('ann@example.com', 'Ann+promo@Example.com', 'bob@example.com');

/** Two codes: TEN (10 % on both channels, a usage limit), ONCE (3.00 off on the web, once per customer). */
function promoCodeTerms(tenLimit: number, tenUsed: number): Map<string, PromoCodeTerms> {
  const common = {
    minBasketMinor: null,
    startsAtMs: null,
    endsAtMs: null,
    stacksWithSales: true,
    disabledAtMs: null,
    template: false,
  };
  return new Map([
    [
      'TEN',
      {
        ...common,
        code: 'TEN',
        kind: 'percent',
        value: 10,
        channels: ['web', 'market'],
        usageLimit: tenLimit,
        perCustomerLimit: null,
        usedCount: tenUsed,
      },
    ],
    [
      'ONCE',
      {
        ...common,
        code: 'ONCE',
        kind: 'amount',
        value: 300,
        channels: ['web'],
        usageLimit: null,
        perCustomerLimit: 1,
        usedCount: 0,
      },
    ],
  ]);
}

const commandArbitrary: fc.Arbitrary<BatchCommand | { repeatOf: number }> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        channel: channelArbitrary,
        lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 3 }),
        holdId: fc.option(fc.constantFrom<string>(...holdIds, 'hold_nope'), { nil: undefined }),
        key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'known'),
        caller: callerArbitrary,
        email: emailArbitrary,
        promoCodes: fc.option(fc.subarray(['TEN', 'ONCE', 'ten', ' once ', 'NOPE'], { maxLength: 2 }), {
          nil: undefined,
        }),
      })
      .map(({ channel, lines, holdId, key, caller, email, promoCodes }) =>
        order(key, lines, { channel, holdId, caller, email, promoCodes }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        channel: channelArbitrary,
        lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 3 }),
        caller: callerArbitrary,
      })
      .map(({ channel, lines, caller }) => hold(lines, channel, caller)),
  },
  // A checkout that ends: the hold's own caller, channel and SKU, more or fewer units than it kept.
  {
    weight: 3,
    arbitrary: fc
      .record({
        hold: fc.nat({ max: holdIds.length - 1 }),
        quantity: fc.integer({ min: 1, max: 4 }),
        key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'),
      })
      .map(({ hold: at, quantity, key }) => {
        const id = holdIds[at]!;
        return order(key, [{ sku: heldSku(at), quantity }], {
          channel: id.includes('market') ? 'market' : 'web',
          holdId: id,
          caller: id.includes('bob') ? bob : alice,
        });
      }),
  },
  // The same command again: a client retrying inside the batch.
  { weight: 2, arbitrary: fc.nat({ max: 20 }).map((repeatOf) => ({ repeatOf })) },
);

const worldArbitrary: fc.Arbitrary<World> = fc
  .record({
    free: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 6, maxLength: 6 }),
    reservedElsewhere: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
    held: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: holdIds.length, maxLength: holdIds.length }),
    bufferA: fc.integer({ min: 0, max: 3 }),
    knownHash: fc.boolean(),
    tenLimit: fc.integer({ min: 1, max: 4 }),
    tenUsed: fc.integer({ min: 0, max: 4 }),
    annUsedOnce: fc.boolean(),
    commands: fc.array(commandArbitrary, { maxLength: 14 }),
  })
  .map(({ free, reservedElsewhere, held, bufferA, knownHash, tenLimit, tenUsed, annUsedOnce, commands }) => {
    // Each hold keeps some units of one SKU at one location; the stock rows count them as reserved.
    const holdRows: [string, KnownHold, Allocation[]][] = holdIds.map((id, index) => {
      const location = id.includes('market') ? 'lyon' : locations[index % 2]!;
      const allocation = { sku: heldSku(index), locationCode: location, quantity: held[index]! };
      return [
        id,
        {
          id,
          channel_code: id.includes('market') ? 'market' : 'web',
          status: id === 'hold_ended' ? 'released' : 'active',
          api_key_id: id.includes('bob') ? bob.apiKeyId : alice.apiKeyId,
        },
        allocation.quantity === 0 ? [] : [allocation],
      ];
    });
    const stock = skus.flatMap((sku, skuIndex) =>
      locations.map((location, locationIndex) => {
        const at = skuIndex * locations.length + locationIndex;
        const heldHere = holdRows
          .filter(([, known]) => known.status === 'active')
          .flatMap(([, , allocations]) => allocations)
          .filter((allocation) => allocation.sku === sku && allocation.locationCode === location)
          .reduce((total, allocation) => total + allocation.quantity, 0);
        const reserved = reservedElsewhere[at]! + heldHere;
        return row(sku, location, reserved + free[at]!, reserved);
      }),
    );
    const resolved: BatchCommand[] = [];
    for (const command of commands) {
      if ('repeatOf' in command) {
        if (resolved.length > 0) resolved.push(resolved[command.repeatOf % resolved.length]!);
      } else resolved.push(command);
    }
    const knownInput = order('known', [{ sku: 'A', quantity: 1 }]).input;
    return {
      reads: reads({
        stock,
        holds: new Map(holdRows.map(([id, known]) => [id, known])),
        heldAllocations: new Map(
          holdRows
            .filter(([, known]) => known.status === 'active')
            .map(([id, , allocations]) => [id, allocations]),
        ),
        buffers: new Map([[stockKey('A', 'market'), bufferA]]),
        promoCodes: promoCodeTerms(tenLimit, Math.min(tenUsed, tenLimit)),
        customerPromoUses: new Map(annUsedOnce ? [[customerUseKey('ONCE', 'ann@example.com'), 1]] : []),
        knownKeys: new Map([
          [
            scopedIdempotencyKey(alice.apiKeyId, 'known'),
            { request_hash: knownHash ? hashOf(knownInput) : 'another body', response: 'first answer' },
          ],
        ]),
      }),
      commands: resolved,
    };
  });

/** What a command's answer would be, comparable between a batch and one-by-one decisions. */
function answerOf(decision: BatchDecision, decided: CommandDecision) {
  switch (decided.kind) {
    case 'refused':
      return { refused: decided.failure };
    case 'placed': {
      const accepted = decision.orders[decided.order]!;
      return { placed: accepted.allocations, priced: accepted.priced, consumed: accepted.consumedHoldId };
    }
    case 'repeated':
      return { replayed: `answer of ${decision.orders[decided.order]!.index}` };
    case 'replayed':
      return { replayed: decided.response };
    case 'held':
      return { held: decision.holds[decided.hold]!.allocations };
  }
}

/**
 * The commands decided one at a time, each in a batch of its own against the store as the earlier
 * ones left it: what the batch must be equal to.
 */
function decideOneByOne(world: World) {
  let stock = [...world.reads.stock];
  const knownKeys = new Map(world.reads.knownKeys);
  const holds = new Map(world.reads.holds);
  const promoCodes = new Map(world.reads.promoCodes);
  const customerPromoUses = new Map(world.reads.customerPromoUses);
  const answers = world.commands.map((command, index) => {
    const decision = decideBatch({ ...world.reads, stock, knownKeys, holds, promoCodes, customerPromoUses }, [
      command,
    ]);
    const decided = decision.decisions[0]!;
    stock = [...applied(stock, decision.stockDeltas).values()];
    for (const accepted of decision.orders) {
      for (const { code } of accepted.priced.promotions) {
        const terms = promoCodes.get(code)!;
        promoCodes.set(code, { ...terms, usedCount: terms.usedCount + 1 });
        const key = customerUseKey(code, customerKey(accepted.command.input.customer.email));
        customerPromoUses.set(key, (customerPromoUses.get(key) ?? 0) + 1);
      }
    }
    for (const id of decision.consumedHoldIds) holds.set(id, { ...holds.get(id)!, status: 'consumed' });
    if (decided.kind === 'placed' && command.kind === 'order') {
      knownKeys.set(scopedIdempotencyKey(command.caller.apiKeyId, command.idempotencyKey), {
        request_hash: command.requestHash,
        response: `answer of ${index}`,
      });
    }
    return answerOf(decision, decided);
  });
  return { answers, stock: applied(stock, []) };
}

describe('deciding any batch', () => {
  const runs = { numRuns: 300 };

  it('never oversells: every row keeps 0 ≤ reserved ≤ on hand, and the deltas are the reservations made', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const decision = decideBatch(world.reads, world.commands);
        for (const after of applied(world.reads.stock, decision.stockDeltas).values()) {
          expect(after.reserved).toBeGreaterThanOrEqual(0);
          expect(after.reserved).toBeLessThanOrEqual(after.onHand);
        }
        // A hold's units go to one order at most.
        const consumers = decision.orders.flatMap((accepted) => accepted.consumedHoldId ?? []);
        expect(new Set(consumers).size).toBe(consumers.length);
        // Units reserved by accepted orders and holds, less what the consumed holds had kept.
        const expected = new Map<string, number>();
        const add = (allocations: readonly Allocation[], sign: number) => {
          for (const allocation of allocations) {
            const key = stockKey(allocation.sku, allocation.locationCode);
            expected.set(key, (expected.get(key) ?? 0) + sign * allocation.quantity);
          }
        };
        for (const accepted of [...decision.orders, ...decision.holds]) add(accepted.allocations, 1);
        for (const id of decision.consumedHoldIds) add(world.reads.heldAllocations.get(id) ?? [], -1);
        for (const delta of decision.stockDeltas) {
          expect(delta.onHandDelta).toBe(0);
          expect(delta.reservedDelta).toBe(expected.get(stockKey(delta.sku, delta.locationCode)) ?? 0);
        }
        expect([...expected.values()].filter((units) => units !== 0).length).toBe(
          decision.stockDeltas.length,
        );
      }),
      runs,
    );
  });

  it('answers in arrival order, one decision per command, and writes in arrival order', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const decision = decideBatch(world.reads, world.commands);
        expect(decision.decisions).toHaveLength(world.commands.length);
        decision.decisions.forEach((decided, index) => {
          if (decided.kind === 'placed') expect(decision.orders[decided.order]!.index).toBe(index);
          if (decided.kind === 'held') expect(decision.holds[decided.hold]!.index).toBe(index);
          if (decided.kind === 'repeated') expect(decision.orders[decided.order]!.index).toBeLessThan(index);
        });
        const indexes = [...decision.orders, ...decision.holds].map((accepted) => accepted.index);
        expect(decision.orders.map((accepted) => accepted.index)).toEqual(
          [...decision.orders.map((accepted) => accepted.index)].sort((a, b) => a - b),
        );
        expect(new Set(indexes).size).toBe(indexes.length);
        expect(decision.consumedHoldIds).toEqual([...decision.consumedHoldIds].sort());
      }),
      runs,
    );
  });

  it('gives a known key its first answer and writes nothing for it; a key is placed at most once', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const decision = decideBatch(world.reads, world.commands);
        world.commands.forEach((command, index) => {
          if (command.kind !== 'order') return;
          const known = world.reads.knownKeys.get(
            scopedIdempotencyKey(command.caller.apiKeyId, command.idempotencyKey),
          );
          if (known === undefined) return;
          expect(decision.decisions[index]).toEqual(
            known.request_hash === command.requestHash
              ? { kind: 'replayed', response: known.response }
              : expect.objectContaining({ kind: 'refused' }),
          );
        });
        const placedKeys = decision.orders.map((accepted) =>
          scopedIdempotencyKey(accepted.command.caller.apiKeyId, accepted.command.idempotencyKey),
        );
        expect(new Set(placedKeys).size).toBe(placedKeys.length);
        for (const key of placedKeys) expect(world.reads.knownKeys.has(key)).toBe(false);
      }),
      runs,
    );
  });

  it('lets a refused command write nothing: the batch without it decides the others alike', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const decision = decideBatch(world.reads, world.commands);
        const kept = world.commands.filter((_, index) => decision.decisions[index]!.kind !== 'refused');
        const without = decideBatch(world.reads, kept);
        expect(without.decisions.every((decided) => decided.kind !== 'refused')).toBe(true);
        // The same changes; a row a refused order touched and gave back may just come in another place.
        expect(applied(world.reads.stock, without.stockDeltas)).toEqual(
          applied(world.reads.stock, decision.stockDeltas),
        );
        expect(without.consumedHoldIds).toEqual(decision.consumedHoldIds);
        const writes = (each: BatchDecision) => ({
          orders: each.orders.map(({ index: _, ...accepted }) => accepted),
          holds: each.holds.map(({ index: _, ...accepted }) => accepted),
        });
        expect(writes(without)).toEqual(writes(decision));
      }),
      runs,
    );
  });

  it('never gives a promo code past its limits: in all, and per customer however the email is spelt', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const decision = decideBatch(world.reads, world.commands);
        const ten = world.reads.promoCodes.get('TEN')!;
        expect(ten.usedCount + (decision.promoCodeUses.get('TEN') ?? 0)).toBeLessThanOrEqual(ten.usageLimit!);
        const onceBy = new Map<string, number>();
        for (const accepted of decision.orders) {
          const codes = accepted.priced.promotions.map((applied) => applied.code);
          expect(new Set(codes).size).toBe(codes.length);
          if (!codes.includes('ONCE')) continue;
          const customer = customerKey(accepted.command.input.customer.email);
          onceBy.set(customer, (onceBy.get(customer) ?? 0) + 1);
        }
        for (const [customer, uses] of onceBy) {
          const stored = world.reads.customerPromoUses.get(customerUseKey('ONCE', customer)) ?? 0;
          expect(stored + uses).toBeLessThanOrEqual(1);
        }
        const counted = decision.orders.flatMap((accepted) => accepted.priced.promotions).length;
        expect([...decision.promoCodeUses.values()].reduce((total, uses) => total + uses, 0)).toBe(counted);
      }),
      runs,
    );
  });

  it('decides a batch exactly as its commands decided one by one, in arrival order', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const decision = decideBatch(world.reads, world.commands);
        const oneByOne = decideOneByOne(world);
        expect(decision.decisions.map((decided) => answerOf(decision, decided))).toEqual(oneByOne.answers);
        expect(applied(world.reads.stock, decision.stockDeltas)).toEqual(oneByOne.stock);
      }),
      runs,
    );
  });
});
