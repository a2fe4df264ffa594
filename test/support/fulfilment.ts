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

/** A padded envelope: a paperback fits, 40 mm thick at most. */
export const envelope = {
  name: 'Padded envelope',
  inner_length_mm: 260,
  inner_width_mm: 180,
  inner_height_mm: 40,
  max_weight_g: 1_000,
  own_weight_g: 30,
  cost: 35,
  currency: 'EUR',
};

export const boxM = {
  name: 'Box M',
  inner_length_mm: 400,
  inner_width_mm: 300,
  inner_height_mm: 250,
  max_weight_g: 15_000,
  own_weight_g: 300,
  cost: 90,
  currency: 'EUR',
};

/** 450 g and 30 mm thick: the envelope's, at the 500 g band. */
export const paperback = {
  name: 'Paperback',
  weight_g: 450,
  length_mm: 240,
  width_mm: 170,
  height_mm: 30,
  gtin: '9782070368228',
  prices: { web: 1_200 },
};

/** Too tall for the envelope whichever way it is turned. */
export const kettle = {
  name: 'Kettle',
  weight_g: 1_400,
  length_mm: 250,
  width_mm: 200,
  height_mm: 220,
  gtin: '4006381333931',
  prices: { web: 4_500 },
};
