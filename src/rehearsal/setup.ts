/**
 * Sets up the rehearsal's shop through the API, under codes of its own (run id prefix) so it never
 * collides with a shop's real data: a channel, locations, priced SKUs, stock, a storefront key, and
 * the advent calendar when the scenario has one.
 */

import type { Stock } from '../inventory/contract.js';
import { rehearsalLimits as limits } from '../platform/core/limits.js';
import { seededRandom } from '../platform/core/seeded-random.js';
import { type RehearsalAdvent, setUpAdvent } from './advent.js';
import type { StartingStock } from './audit.js';
import { inParallel, type Transport } from './http.js';
import type { Scenario } from './scenario.js';

export interface RehearsalShop {
  readonly runId: string;
  readonly channel: string;
  /** The other channel, fed the availability of the same locations, when the channel lag is measured. */
  readonly feedChannel: string | undefined;
  readonly locations: readonly string[];
  readonly skuCodes: readonly string[];
  readonly startingStock: readonly StartingStock[];
  readonly storefrontKey: string;
  /** The storefront key's id, to revoke it when the rehearsal ends. */
  readonly storefrontKeyId: string;
  /** The advent calendar, when the scenario opens one. */
  readonly advent: RehearsalAdvent | null;
}

/** One admin request of the set-up; an answer other than the one expected stops the rehearsal. */
export type SetUpCall = (method: string, path: string, body: unknown, expected: number) => Promise<unknown>;

export function setUpCall(transport: Transport, adminKey: string, timeoutMs: number): SetUpCall {
  return async (method, path, body, expected) => {
    const answer = await transport.request(method, path, { key: adminKey, body, timeoutMs });
    if (answer.status !== expected)
      throw new Error(`set-up ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
}

/** A short id, unique per run and valid inside codes and idempotency keys. */
export function newRunId(nowMs = Date.now()): string {
  return `rh${nowMs.toString(36)}${Math.floor(Math.random() * 36 ** 3)
    .toString(36)
    .padStart(3, '0')}`;
}

export async function setUpShop(
  transport: Transport,
  adminKey: string,
  scenario: Scenario,
  runId: string,
  timeoutMs: number,
  /** Where another channel's availability feed is to be pushed: the channel lag is measured there. */
  feedUrl?: string,
): Promise<RehearsalShop> {
  const send = setUpCall(transport, adminKey, timeoutMs);
  const channel = `${runId}-web`;
  const feedChannel = feedUrl === undefined ? undefined : `${runId}-market`;
  const channels = feedChannel === undefined ? [channel] : [channel, feedChannel];
  const locations = scenario.shop.locations.map((code) => `${runId}-${code}`);
  for (const code of channels)
    await send(
      'PUT',
      `/v1/channels/${code}`,
      {
        name: `Rehearsal ${runId}${code === feedChannel ? ' market' : ''}`,
        currency: scenario.shop.currency,
      },
      200,
    );
  for (const location of locations)
    await send('PUT', `/v1/locations/${location}`, { name: `Rehearsal ${location}`, channels }, 200);

  const random = seededRandom(scenario.seed ^ 0x5eed);
  const between = (range: { min: number; max: number }) =>
    range.min + Math.floor(random() * (range.max - range.min + 1));
  const width = String(scenario.shop.skus).length;
  const skus = Array.from({ length: scenario.shop.skus }, (_, index) => ({
    code: `${runId}-${String(index + 1).padStart(width, '0')}`,
    priceMinor: between(scenario.shop.price_minor),
    stock: locations.map((location) => ({ location, quantity: between(scenario.shop.stock_per_location) })),
  }));

  const startingStock = new Map<string, StartingStock>();
  await inParallel(skus, limits.setupConcurrency, async (sku) => {
    await send(
      'PUT',
      `/v1/skus/${sku.code}`,
      { name: `Rehearsal item ${sku.code}`, prices: { [channel]: sku.priceMinor } },
      200,
    );
    let recorded: StartingStock = { sku: sku.code, onHand: 0, locations: {} };
    for (const { location, quantity } of sku.stock) {
      if (quantity === 0) continue;
      const stock = (await send(
        'POST',
        '/v1/stock/receipts',
        { sku: sku.code, location, quantity, reference: `rehearsal ${runId}` },
        201,
      )) as Stock;
      // The last receipt's answer is the SKU's stock as the rehearsal starts.
      recorded = {
        sku: sku.code,
        onHand: stock.on_hand,
        locations: Object.fromEntries(stock.locations.map((row) => [row.location, row.on_hand])),
      };
    }
    startingStock.set(sku.code, recorded);
  });

  const advent =
    scenario.advent === undefined ? null : await setUpAdvent(send, scenario.advent, runId, channel);

  // Created once the stock is in: its first push is the stock as the rehearsal starts.
  if (feedChannel !== undefined) await send('PUT', `/v1/channels/${feedChannel}/feed`, { url: feedUrl }, 201);
  const key = (await send(
    'POST',
    '/v1/api-keys',
    { name: `rehearsal ${runId} storefront`, scopes: ['storefront'] },
    201,
  )) as { id: string; key: string };
  return {
    runId,
    channel,
    feedChannel,
    locations,
    skuCodes: skus.map((sku) => sku.code),
    startingStock: skus.map((sku) => startingStock.get(sku.code)!),
    storefrontKey: key.key,
    storefrontKeyId: key.id,
    advent,
  };
}
