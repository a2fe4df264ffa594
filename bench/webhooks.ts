/**
 * `npm run bench:webhooks [-- --engine sqlite|postgres] [-- --runs 3] [-- --with webhook,feed]`: what keeping the channels in
 * step costs the order path. Saturated orders (64 connections, 1–3 lines over 500 SKUs) into a fresh
 * `affluence serve`, plain, then with a webhook subscription to every `order.*` event and the
 * channel's availability feed, both to a receiver in this process answering 204 at once: runs
 * alternated (plain, fed, fed, plain, …) so that a machine getting busier weighs on both alike.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { caller, expectStatus, forEachLimit } from './api.js';
import { startAffluence } from './processes.js';
import { type EngineName, freshStore } from './stores.js';

const adminKey = 'aff_bench_admin_key_not_a_secret';
const skuCount = 500;
const connections = 64;
const warmUpMs = 2_000;
const measuredMs = 8_000;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** What the fed runs have: a webhook subscription to `order.*`, the channel's feed, or both. */
const feeders = argument('with', 'webhook,feed').split(',');

/** The subscriber and the channel: counts what it is sent. */
let posts = 0;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    posts++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

async function run(
  engine: EngineName,
  fed: boolean,
): Promise<{ ordersPerSecond: number; postsPerSecond: number }> {
  const store = await freshStore(engine);
  const server = await startAffluence(store.location, adminKey, undefined);
  const pool = new Pool(server.url, { connections });
  try {
    const admin = caller(server.url, adminKey);
    await expectStatus(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }), 200, 'channel');
    await expectStatus(
      admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }),
      200,
      'location',
    );
    const skus = Array.from({ length: skuCount }, (_, index) => `HOOK-${index}`);
    await forEachLimit(skus, 16, async (sku) => {
      await expectStatus(admin('PUT', `/v1/skus/${sku}`, { name: sku, prices: { web: 1_000 } }), 200, sku);
      await expectStatus(
        admin('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity: 1_000_000 }),
        201,
        sku,
      );
    });
    if (fed && feeders.includes('webhook')) {
      await expectStatus(
        admin('POST', '/v1/webhooks', { url: receiverUrl, event_types: ['order.*'] }),
        201,
        'hook',
      );
    }
    if (fed && feeders.includes('feed')) {
      await expectStatus(admin('PUT', '/v1/channels/web/feed', { url: receiverUrl }), 201, 'feed');
    }
    let placed = 0;
    let counting = false;
    let stop = false;
    const buyer = async () => {
      while (!stop) {
        const key = randomUUID();
        const lines = [
          ...new Set(
            Array.from(
              { length: 1 + Math.floor(Math.random() * 3) },
              () => skus[Math.floor(Math.random() * skuCount)]!,
            ),
          ),
        ];
        const response = await pool.request({
          method: 'POST',
          path: '/v1/orders',
          headers: {
            authorization: `Bearer ${adminKey}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({
            channel: 'web',
            external_id: key,
            customer: { email: 'bench@example.fr' },
            shipping_address: {
              name: 'Bench',
              line1: '1 rue',
              city: 'Paris',
              postal_code: '75001',
              country: 'FR',
            },
            lines: lines.map((sku) => ({ sku, quantity: 1 })),
          }),
        });
        await response.body.dump();
        if (counting && response.statusCode === 201) placed++;
      }
    };
    const buyers = Array.from({ length: connections }, buyer);
    await new Promise((resolve) => setTimeout(resolve, warmUpMs));
    const postsBefore = posts;
    counting = true;
    await new Promise((resolve) => setTimeout(resolve, measuredMs));
    counting = false;
    const postsDuring = posts - postsBefore;
    stop = true;
    await Promise.all(buyers);
    return {
      ordersPerSecond: placed / (measuredMs / 1_000),
      postsPerSecond: postsDuring / (measuredMs / 1_000),
    };
  } finally {
    await pool.close();
    await server.stop();
    await store.drop();
  }
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const runs = Number(argument('runs', '3'));
for (const engine of argument('engine', 'sqlite,postgres').split(',') as EngineName[]) {
  const plain: number[] = [];
  const fed: number[] = [];
  const delivered: number[] = [];
  for (let round = 0; round < runs; round++) {
    for (const withFeeds of round % 2 === 0 ? [false, true] : [true, false]) {
      const figures = await run(engine, withFeeds);
      if (withFeeds) {
        fed.push(figures.ordersPerSecond);
        delivered.push(figures.postsPerSecond);
      } else plain.push(figures.ordersPerSecond);
    }
  }
  const rounded = (values: readonly number[]) =>
    values.map((value) => Math.round(value).toLocaleString('en-US')).join(' · ');
  process.stdout.write(
    [
      `${engine}, saturated orders:`,
      `  plain:                          ${rounded(plain)} orders/s`,
      `  with ${feeders.join(' and ').padEnd(26)}${rounded(fed)} orders/s (${((100 * mean(fed)) / mean(plain)).toFixed(1)} % of plain)`,
      `  posted to them meanwhile:       ${rounded(delivered)} per second`,
      '',
    ].join('\n'),
  );
}
receiver.close();
