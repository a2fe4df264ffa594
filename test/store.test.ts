/** The store's own guard of the stock rule, below the core: a change that would break it fails whole. */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StockInvariantError, StockRepo } from '../src/inventory/stock-repo.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

/** Counts the statements run through the Kysely instance it is plugged into, each when its result comes back. */
class StatementCounter implements KyselyPlugin {
  statements = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    this.statements++;
    return args.result;
  }
}

describe.each(engines)('the stock guard of the %s store', (engine) => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await openShop(engine);
  });
  afterEach(() => shop.close());

  const stock = async (sku: string) => (await shop.admin('GET', `/v1/stock/${sku}`)).json();

  it('applies a batch of deltas in one statement', async () => {
    const counter = new StatementCounter();
    const { db, engine: adapter } = shop.ctx.store;
    await db.transaction().execute((trx) =>
      new StockRepo(trx.withPlugin(counter), adapter).applyDeltas([
        { sku: 'MUG-BLUE', locationCode: 'paris', onHandDelta: 0, reservedDelta: 4 },
        { sku: 'MUG-BLUE', locationCode: 'lyon', onHandDelta: -1, reservedDelta: 2 },
        { sku: 'TEE-M', locationCode: 'paris', onHandDelta: 0, reservedDelta: 3 },
      ]),
    );
    expect(counter.statements).toBe(1);
    expect((await stock('MUG-BLUE')).locations).toEqual([
      { location: 'lyon', on_hand: 4, reserved: 2, available: 2 },
      { location: 'paris', on_hand: 10, reserved: 4, available: 6 },
    ]);
    expect(await stock('TEE-M')).toMatchObject({ on_hand: 3, reserved: 3 });
  });

  it('refuses the whole batch when one row would be over-reserved, and changes nothing', async () => {
    await expect(
      shop.ctx.store.transaction((tx) =>
        tx.stock.applyDeltas([
          { sku: 'MUG-BLUE', locationCode: 'paris', onHandDelta: 0, reservedDelta: 4 },
          { sku: 'TEE-M', locationCode: 'paris', onHandDelta: 0, reservedDelta: 4 },
        ]),
      ),
    ).rejects.toBeInstanceOf(StockInvariantError);
    await expect(
      shop.ctx.store.transaction((tx) =>
        tx.stock.applyDeltas([{ sku: 'LAST-ONE', locationCode: 'paris', onHandDelta: 0, reservedDelta: 1 }]),
      ),
    ).rejects.toBeInstanceOf(StockInvariantError);
    expect(await stock('MUG-BLUE')).toMatchObject({ on_hand: 15, reserved: 0 });
    expect(await stock('TEE-M')).toMatchObject({ on_hand: 3, reserved: 0 });
  });

  it('lets no release take reserved below zero', async () => {
    await expect(
      shop.ctx.store.transaction((tx) =>
        tx.stock.applyDeltas([{ sku: 'TEE-M', locationCode: 'paris', onHandDelta: 0, reservedDelta: -1 }]),
      ),
    ).rejects.toBeInstanceOf(StockInvariantError);
  });
});

describe.each(engines)('the outbox of the %s store', (engine) => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await openShop(engine);
  });
  afterEach(() => shop.close());

  it('appends a batch of events whole and in order, whatever the characters of their payloads', async () => {
    const { store } = shop.ctx;
    const before = await store.read.events.lastEventId();
    const awkward = ['say "hi"', 'back\\slash', '{braces}, commas', 'NULL', 'line\nbreak', 'café ☕', ''];
    const events = awkward.map((text, index) => ({
      type: 'test.awkward',
      entityType: 'test',
      entityId: `entity-${index}`,
      payload: { text, index },
    }));
    await store.transaction((tx) => tx.events.append(events, 1_700_000_000_000));
    const stored = await store.read.events.list(before, 100);
    expect(stored.map((event) => event.id)).toEqual(events.map((_, index) => before + 1 + index));
    expect(stored.map((event) => JSON.parse(event.payload))).toEqual(events.map((event) => event.payload));
    expect(stored.map((event) => event.entity_id)).toEqual(events.map((event) => event.entityId));
    expect(stored.every((event) => event.created_at === 1_700_000_000_000)).toBe(true);
    expect(await store.read.events.lastEventId()).toBe(before + events.length);
  });

  it('fails the transaction rather than drop events when the event counter is missing', async () => {
    const { store } = shop.ctx;
    const last = await store.read.events.lastEventId();
    await store.db.deleteFrom('counters').where('name', '=', 'event').execute();
    const event = { type: 'test.lost', entityType: 'test', entityId: 'entity-lost', payload: {} };
    await expect(store.transaction((tx) => tx.events.append([event], 1_700_000_000_000))).rejects.toThrow();
    await store.db.insertInto('counters').values({ name: 'event', value: last }).execute();
    expect(await store.read.events.list(last, 10)).toEqual([]);
  });
});
