/** What the fulfilment tests set up through the API: the sample carrier cards, and steps run in turn. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TestShop } from './shop.js';

/** The repository's copy of the shared sample cards (see its README): CI has no other. */
const carriersDir = new URL('../../scenarios/carriers/', import.meta.url);

/** The sample cards, as `POST /v1/carriers/import` takes them. */
export function sampleCarrierFiles(): { rates_csv: string; limits_csv: string } {
  const read = (name: string) => readFileSync(new URL(name, carriersDir), 'utf8');
  return { rates_csv: read('rates.csv'), limits_csv: read('limits.csv') };
}

/** A set-up step: method, path, body. */
export type SetupStep = readonly ['PUT' | 'POST', string, unknown];

/** Imports the sample carrier cards, then runs each step as the admin, each one required to succeed. */
export async function setUpShipping(shop: TestShop, steps: readonly SetupStep[]): Promise<void> {
  for (const [method, url, payload] of [
    ['POST', '/v1/carriers/import', sampleCarrierFiles()] as const,
    ...steps,
  ]) {
    const response = await shop.admin(method, url, payload);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  }
}
