/**
 * A focused A/B of the order path: saturated orders (64 connections, 1–3 lines over 500 SKUs) into
 * a fresh `affluence serve` per run, one variant against another, runs alternated (A, B, B, A, …)
 * so that a machine getting busier weighs on both alike. A variant sets up what it measures on the
 * fresh shop and adds what it needs to each order's body.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { type Caller, caller, expectStatus, forEachLimit } from './api.js';
import { startAffluence } from './processes.js';
import { type EngineName, freshStore } from './stores.js';

const adminKey = 'aff_bench_admin_key_not_a_secret';
const skuCount = 500;
const connections = 64;
const warmUpMs = 2_000;
const measuredMs = 8_000;

export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

export interface Variant {
  readonly name: string;
  /** Called on the fresh shop before the load starts. */
  prepare?(admin: Caller): Promise<void>;
  /** What each order's body adds, given its number in the run. */
  orderExtra?(sequence: number): Record<string, unknown>;
  /** Called as the measured window opens and closes (to count what else happened in it). */
  measuring?(open: boolean): void;
}

/** One run: the orders per second placed over the measured window. */
async function run(engine: EngineName, variant: Variant): Promise<number> {
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
    const skus = Array.from({ length: skuCount }, (_, index) => `AB-${index}`);
    await forEachLimit(skus, 16, async (sku) => {
      await expectStatus(admin('PUT', `/v1/skus/${sku}`, { name: sku, prices: { web: 1_000 } }), 200, sku);
      await expectStatus(
        admin('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity: 1_000_000 }),
        201,
        sku,
      );
    });
    await variant.prepare?.(admin);
    let placed = 0;
    let sequence = 0;
    let counting = false;
    let stop = false;
    const buyer = async () => {
      while (!stop) {
        const key = randomUUID();
        sequence += 1;
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
            customer: { email: `buyer-${sequence}@example.fr` },
            shipping_address: {
              name: 'Bench',
              line1: '1 rue',
              city: 'Paris',
              postal_code: '75001',
              country: 'FR',
            },
            lines: lines.map((sku) => ({ sku, quantity: 1 })),
            ...variant.orderExtra?.(sequence),
          }),
        });
        await response.body.dump();
        if (counting && response.statusCode === 201) placed++;
        else if (response.statusCode !== 201 && response.statusCode !== 503)
          throw new Error(`${variant.name}: an order answered ${response.statusCode}`);
      }
    };
    const buyers = Array.from({ length: connections }, buyer);
    await new Promise((resolve) => setTimeout(resolve, warmUpMs));
    counting = true;
    variant.measuring?.(true);
    await new Promise((resolve) => setTimeout(resolve, measuredMs));
    counting = false;
    variant.measuring?.(false);
    stop = true;
    await Promise.all(buyers);
    return placed / (measuredMs / 1_000);
  } finally {
    await pool.close();
    await server.stop();
    await store.drop();
  }
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Runs `a` and `b` alternated `runs` times each on every engine asked; prints each rate and B's share of A. */
export async function compare(
  a: Variant,
  b: Variant,
  extra?: (engine: EngineName) => string[],
): Promise<void> {
  const runs = Number(argument('runs', '3'));
  for (const engine of argument('engine', 'sqlite,postgres').split(',') as EngineName[]) {
    const rates = new Map<Variant, number[]>([
      [a, []],
      [b, []],
    ]);
    for (let round = 0; round < runs; round++) {
      for (const variant of round % 2 === 0 ? [a, b] : [b, a])
        rates.get(variant)!.push(await run(engine, variant));
    }
    const rounded = (values: readonly number[]) =>
      values.map((value) => Math.round(value).toLocaleString('en-US')).join(' · ');
    const share = (100 * mean(rates.get(b)!)) / mean(rates.get(a)!);
    process.stdout.write(
      [
        `${engine}, saturated orders:`,
        `  ${a.name.padEnd(30)}${rounded(rates.get(a)!)} orders/s`,
        `  ${b.name.padEnd(30)}${rounded(rates.get(b)!)} orders/s (${share.toFixed(1)} % of ${a.name})`,
        ...(extra?.(engine) ?? []),
        '',
      ].join('\n'),
    );
  }
}
