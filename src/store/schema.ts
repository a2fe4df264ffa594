/** The tables as Kysely sees them. Instants are UTC epoch milliseconds; amounts are minor units. */
import type { Generated } from 'kysely';

export interface ChannelTable {
  code: string;
  name: string;
  currency: string;
  created_at: number;
  updated_at: number;
}

export interface LocationTable {
  code: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface LocationChannelTable {
  location_code: string;
  channel_code: string;
}

export interface SkuTable {
  sku: string;
  name: string;
  weight_g: number | null;
  created_at: number;
  updated_at: number;
}

/** Lower-cased words of a SKU code and name: search by prefix through an index on both engines. */
export interface SkuTermTable {
  term: string;
  sku: string;
}

export interface PriceTable {
  sku: string;
  channel_code: string;
  amount_minor: number;
  updated_at: number;
}

export interface PriceHistoryTable {
  id: Generated<number>;
  sku: string;
  channel_code: string;
  amount_minor: number;
  valid_from: number;
}

export interface StockLevelTable {
  sku: string;
  location_code: string;
  on_hand: number;
  reserved: number;
}

export interface StockMovementTable {
  id: Generated<number>;
  sku: string;
  location_code: string;
  kind: string;
  quantity: number;
  reference: string | null;
  reason: string | null;
  created_at: number;
}

export interface ChannelBufferTable {
  channel_code: string;
  sku: string;
  quantity: number;
  updated_at: number;
}

export interface HoldTable {
  id: string;
  channel_code: string;
  status: string;
  expires_at: number;
  created_at: number;
  api_key_id: string | null;
}

export interface AllocationTable {
  owner_id: string;
  sku: string;
  location_code: string;
  quantity: number;
}

export interface OrderTable {
  id: string;
  number: string;
  channel_code: string;
  external_id: string | null;
  status: string;
  currency: string;
  total_minor: number;
  customer_email: string;
  customer_name: string | null;
  shipping_address: string;
  api_key_id: string | null;
  hold_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface OrderLineTable {
  order_id: string;
  line_no: number;
  sku: string;
  quantity: number;
  unit_price_minor: number;
  total_minor: number;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  order_id: string;
  /** The first answer, returned verbatim to every retry with the same key and body. */
  response: string;
  created_at: number;
}

export interface EventTable {
  id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  payload: string;
  created_at: number;
}

/** Counters advanced in place (`value = value + n`), never read and written back. */
export interface CounterTable {
  name: string;
  value: number;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  scopes: string;
  key_hash: string;
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
}

/** Small shared settings, one JSON value per key. */
export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface Database {
  channels: ChannelTable;
  locations: LocationTable;
  location_channels: LocationChannelTable;
  skus: SkuTable;
  sku_terms: SkuTermTable;
  prices: PriceTable;
  price_history: PriceHistoryTable;
  stock_levels: StockLevelTable;
  stock_movements: StockMovementTable;
  channel_buffers: ChannelBufferTable;
  holds: HoldTable;
  hold_allocations: AllocationTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_allocations: AllocationTable;
  idempotency_keys: IdempotencyKeyTable;
  events: EventTable;
  counters: CounterTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
}
