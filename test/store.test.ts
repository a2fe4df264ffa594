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
