/** The demo shop as data: what the generators plan and the writers put into a store, step by step. */

import type { LocationAddress } from '../catalog/contract.js';
import type { LocationZone, Packaging } from '../fulfilment/warehouse/contract.js';
import type { Allocation } from '../inventory/core/stock-book.js';
import type { OrderStatus } from '../orders/core/order-process.js';
import type { PlaceOrderInput } from '../orders/index.js';

export interface DemoChannel {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  /** The delivery promise checkout shows, in working days. */
  readonly delivery_days: number;
}

export interface DemoLocation {
  readonly code: string;
  readonly name: string;
  readonly channels: readonly string[];
  /** Where its parcels leave from. */
  readonly address: LocationAddress;
  /** How near it is to a destination: lower ranks are nearer. */
  readonly zones: readonly LocationZone[];
}

/** A box or envelope the warehouses pack in: its code, then what `PUT /v1/packagings/{code}` takes. */
export type DemoPackaging = Omit<Packaging, 'created_at' | 'updated_at'>;

export interface DemoSku {
  readonly sku: string;
  readonly name: string;
  readonly weight_g: number;
  /** Its size as packed. */
  readonly length_mm: number;
  readonly width_mm: number;
  readonly height_mm: number;
  /** GTIN-13, what the packer scans. */
  readonly gtin: string;
  /** Channel code → unit price in minor units. */
  readonly prices: Readonly<Record<string, number>>;
}

export interface DemoBuffer {
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
}

/** Channels, locations, packaging, SKUs with prices and buffers: a function of the seed and the SKU count only. */
export interface DemoCatalog {
  readonly channels: readonly DemoChannel[];
  readonly locations: readonly DemoLocation[];
  readonly packagings: readonly DemoPackaging[];
  readonly products: number;
  readonly skus: readonly DemoSku[];
  readonly buffers: readonly DemoBuffer[];
}

export interface DemoOrder {
  readonly input: PlaceOrderInput;
  readonly idempotencyKey: string;
  /** Where the order's units are reserved, exactly as the reservation rules place them. */
  readonly allocations: readonly Allocation[];
}

/** One step of the shop's past, at the instant it happened. */
export type DemoAction =
  | {
      readonly kind: 'receive';
      readonly atMs: number;
      readonly input: { sku: string; location: string; quantity: number; reference: string };
    }
  | {
      readonly kind: 'adjust';
      readonly atMs: number;
      readonly input: { sku: string; location: string; delta: number; reason: string };
    }
  | { readonly kind: 'place'; readonly atMs: number; readonly order: number }
  | {
      readonly kind: 'move';
      readonly atMs: number;
      readonly order: number;
      readonly from: OrderStatus;
      readonly to: OrderStatus;
    };

/** Opening stock and the order history, in the order they happened (times never go back). */
export interface DemoHistory {
  readonly catalogAtMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly openingStock: readonly DemoAction[];
  readonly buffersAtMs: number;
  readonly actions: readonly DemoAction[];
  readonly orders: readonly DemoOrder[];
  /** Each order's status once every action up to `endMs` has happened. */
  readonly finalStatuses: readonly OrderStatus[];
}

/** The API key every historical order is placed under; it scopes their idempotency keys. */
export const demoCaller = { apiKeyId: 'demo-history', isAdmin: true } as const;

export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;

export function startOfUtcDay(epochMs: number): number {
  return Math.floor(epochMs / dayMs) * dayMs;
}

/** A clock the seed moves forward by hand, so that what the use cases stamp lies in the past. */
export class ManualClock {
  constructor(private nowMs: number) {}

  now(): number {
    return this.nowMs;
  }

  /** Time only moves forward: ids and the event feed are ordered by it. */
  set(epochMs: number): void {
    if (epochMs < this.nowMs) throw new Error(`demo clock cannot go back from ${this.nowMs} to ${epochMs}`);
    this.nowMs = epochMs;
  }
}
