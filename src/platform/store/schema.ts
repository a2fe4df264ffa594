/** The tables as Kysely sees them. Instants are UTC epoch milliseconds; amounts are minor units. */
import type { Generated } from 'kysely';

export interface ChannelTable {
  code: string;
  name: string;
  currency: string;
  /** ISO 3166-1 alpha-2: whose VAT rates apply. */
  country: Generated<string>;
  /** 1: prices include VAT (consumers); 0: they exclude it (B2B). */
  prices_include_tax: Generated<number>;
  /** Minutes an order may stay `placed`, unpaid, before it is cancelled; null: it may wait. */
  payment_timeout_minutes: number | null;
  /** The promise checkout shows: delivered within this many working days; null: none. */
  delivery_days: number | null;
  /** 1: a paid order is sourced and its shipments created by themselves. */
  auto_ship: Generated<number>;
  /** An order splits into several parcels only from this value on (minor units of the channel). */
  split_min_order_minor: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface LocationTable {
  code: string;
  name: string;
  /** JSON `{line1, line2?, city, postal_code, country}`: the sender on its parcels' labels. */
  address: string | null;
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
  tax_class: Generated<string>;
  /** 1: perishable goods, exempt from the reference price rule. */
  perishable: Generated<number>;
  /** Outer size in mm, longest first or as given; null until known (a shipment then cannot be boxed). */
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  /** GTIN-13 (EAN-13): what the packer scans. */
  gtin: string | null;
  /** What a product selection's rule picks by (`mugs`); null: none. */
  category: string | null;
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

/** Every change of a base price: the truth the current price (`prices`) is derived from. */
export interface PriceChangeTable {
  id: Generated<number>;
  sku: string;
  channel_code: string;
  /** null: the SKU stopped being sold on the channel. */
  amount_minor: number | null;
  valid_from: number;
  /** `api` (set through the catalog) or `import` (past prices brought in). */
  source: string;
  recorded_at: number;
}

export interface SaleTable {
  id: string;
  name: string;
  kind: string;
  time_zone: string;
  starts_at: number;
  ends_at: number;
  /** When it stops applying: `ends_at`, or earlier once ended by hand. */
  stops_at: number;
  ended_at: number | null;
  end_reason: string | null;
  discount_bp: number | null;
  rounding: string;
  /** The check made when it was created, as JSON. */
  check_result: string;
  created_at: number;
  updated_at: number;
}

export interface SaleChannelTable {
  sale_id: string;
  channel_code: string;
}

export interface SaleItemTable {
  sale_id: string;
  sku: string;
  price_minor: number | null;
  discount_bp: number | null;
}

/** A soldes period set by a ministerial order, in place of the one the rule gives. */
export interface SoldesPeriodTable {
  year: number;
  season: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  updated_at: number;
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
  tax_total_minor: number;
  /** Units it lost when a location went short and no other could take back; 0 once sourced again. */
  short_units: Generated<number>;
  /** The promo codes it used, as JSON `[{code, discount_minor}]`; null when none. */
  promotions: string | null;
  /** When it became `delivered` (its return window starts then); null before, and for past orders imported. */
  delivered_at: number | null;
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
  tax_rate_bp: number;
  tax_minor: number;
  /** The sale whose price the line was sold at. */
  sale_id: string | null;
  /** Its share of the promo codes' discounts, already taken off `total_minor`. */
  discount_minor: Generated<number>;
  /** Units sold beyond stock, to be served by incoming stock or at a release date. */
  backordered: Generated<number>;
  /** The date promised for the backordered units, `YYYY-MM-DD`; null when none. */
  promised_on: Generated<string | null>;
}

export interface PurchaseOrderTable {
  id: string;
  supplier: string;
  reference: string | null;
  location_code: string;
  expected_on: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface PurchaseOrderLineTable {
  purchase_order_id: string;
  line_no: number;
  sku: string;
  ordered: number;
  received: Generated<number>;
}

export interface PurchaseOrderReceiptTable {
  id: string;
  purchase_order_id: string;
  delivery_note: string | null;
  /** JSON `[{sku, quantity}]`. */
  lines: string;
  /** JSON: the waiting order lines the receipt served, `[{order_id, line_no, sku, quantity}]`. */
  allocated: string;
  /** 1 when the receipt closed the purchase order (nothing more will come). */
  closes: number;
  created_at: number;
}

export interface BackorderTermsTable {
  sku: string;
  channel_code: string;
  mode: string;
  max_units: number;
  waiting: Generated<number>;
  release_on: string | null;
  paused: Generated<number>;
  updated_at: number;
}

export interface BackorderQueueTable {
  id: Generated<number>;
  order_id: string;
  line_no: number;
  sku: string;
  channel_code: string;
  waiting: number;
  promised_on: string | null;
  expected_on: string | null;
  delayed_at: number | null;
  created_at: number;
}

export interface PromoCodeTable {
  /** Upper-case, trimmed. */
  code: string;
  kind: string;
  value: number;
  min_basket_minor: number | null;
  /** JSON array of channel codes. */
  channels: string;
  starts_at: number | null;
  ends_at: number | null;
  usage_limit: number | null;
  per_customer_limit: number | null;
  stacks_with_sales: number;
  /** Uses by orders not cancelled; never above `usage_limit` (a CHECK constraint). */
  used_count: Generated<number>;
  batch_of: string | null;
  /** 1 once it made a batch of single-use codes: from then on only their template. */
  is_template: Generated<number>;
  disabled_at: number | null;
  disabled_by: string | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface PromoCodeUseTable {
  order_id: string;
  code: string;
  /** The customer's normalised email. */
  customer_key: string;
  discount_minor: number;
  created_at: number;
  /** When the order was cancelled and the use given back. */
  released_at: number | null;
}

export interface PaymentTable {
  id: string;
  order_id: string;
  /** `authorisation`, `capture`, `failure` or `refund`. */
  kind: string;
  amount_minor: number;
  currency: string;
  psp: string;
  psp_reference: string;
  /** The provider event that brought it, when it came by webhook. */
  event_id: string | null;
  created_at: number;
}

/** A payment provider whose webhooks are accepted, and the secret they are signed with. */
export interface PaymentProviderTable {
  psp: string;
  /** `stripe` or `standard_webhooks`. */
  scheme: string;
  secret: string;
  created_at: number;
  updated_at: number;
}

/** Every provider event received with a valid signature, once: its id is what makes it apply once. */
export interface PaymentEventTable {
  psp: string;
  event_id: string;
  type: string;
  /** `applied`, `ignored` or `refused`. */
  outcome: string;
  order_id: string | null;
  payment_id: string | null;
  /** Why it was ignored or refused. */
  detail: string | null;
  received_at: number;
}

export interface CarrierServiceTable {
  carrier: string;
  code: string;
  max_weight_g: number;
  max_length_mm: number | null;
  max_size_mm: number | null;
  /** `sum` (L+l+h) or `girth` (L+2h+2l). */
  size_formula: string | null;
  max_thickness_mm: number | null;
  transit_days_min: number | null;
  transit_days_max: number | null;
  /** Local minutes after midnight from which a parcel leaves the next working day. */
  cutoff_minutes: number;
  /** 1: sample counter prices, shown as such. */
  sample: Generated<number>;
  source_url: string | null;
  note: string | null;
  updated_at: number;
}

/** One weight band of a service's card for a zone, from a local date. */
export interface CarrierRateTable {
  carrier: string;
  code: string;
  zone: string;
  valid_from: string;
  max_weight_g: number;
  price_minor: number;
  currency: string;
  source_url: string | null;
  note: string | null;
}

export interface PackagingTable {
  code: string;
  name: string;
  inner_length_mm: number;
  inner_width_mm: number;
  inner_height_mm: number;
  /** Contents and the box itself. */
  max_weight_g: number;
  own_weight_g: number;
  cost_minor: number;
  currency: string;
  created_at: number;
  updated_at: number;
}

/** How near a location is to destinations of a country (and a postal prefix): lower rank is nearer. */
export interface LocationZoneTable {
  location_code: string;
  country: string;
  postal_prefix: string;
  rank: number;
}

/** A parcel of an order: where it leaves from, in what box, with which service, and where it is. */
export interface ShipmentTable {
  id: string;
  order_id: string;
  location_code: string;
  /** See `shipmentTransitions` in the fulfilment core. */
  status: string;
  package_code: string;
  carrier: string;
  service_code: string;
  price_minor: number;
  currency: string;
  /** 1: priced from a sample card, shown as such. */
  price_sample: number;
  /** Items and box. */
  weight_g: number;
  /** The local date the customer was promised, `YYYY-MM-DD`. */
  promised_by: string;
  why: string;
  tracking_number: string | null;
  /** When its units left on hand; null while they are in the building. */
  handed_over_at: number | null;
  /** When it was packed; null before (or for shipments packed before this was recorded). */
  packed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ShipmentItemTable {
  shipment_id: string;
  sku: string;
  quantity: number;
}

/** A parcel being packed at the station: what was scanned into it so far. */
export interface PackingSessionTable {
  id: string;
  shipment_id: string;
  /** JSON `{sku: units}`. */
  scanned: string;
  /** `open`, then `done` once its label was scanned. */
  status: string;
  created_at: number;
  updated_at: number;
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

/** A channel's own id of an order placed through the API: once per channel. */
export interface OrderExternalIdTable {
  channel_code: string;
  external_id: string;
  order_id: string;
  /** The idempotency key (scope and key) whose recorded answer a second arrival gets. */
  scope: string;
  key: string;
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

/**
 * One process's figures for one minute, rewritten as the minute goes on. Counters are that
 * process's own (summed over processes); gauges are the shop's (the highest reading is kept).
 */
export interface MetricMinuteTable {
  /** The minute's start, UTC epoch milliseconds. */
  minute_at: number;
  instance: string;
  requests: number;
  /** Answers 5xx other than shedding (503): something broke. */
  errors: number;
  /** Answers 429 and 503: load shed, the waiting room, a switch refusing. */
  refusals: number;
  orders_placed: number;
  orders_refused: number;
  availability_reads: number;
  /** JSON array of request counts per latency bucket (bounds in `limits.latencyBucketsMs`). */
  latency_buckets: string;
  /** JSON `{currency: amountMinor}` of the orders placed. */
  revenue: string;
  intake_queue_max: number;
  waiting_room_waiting: number;
  holds_active: number;
  skus_sold_out: number;
  outbox_backlog: number;
  updated_at: number;
}

/** A consumer of the outbox and the last event id it has handled. */
export interface EventCursorTable {
  name: string;
  position: number;
  updated_at: number;
}

export interface AlertRuleTable {
  /** A code the shop chooses, like a channel's. */
  id: string;
  name: string;
  /** 1 or 0 on both engines. */
  enabled: number;
  severity: string;
  /** JSON of the rule's condition (see src/core/alerts.ts). */
  condition: string;
  /** The contingency plan for this alert, in Markdown. */
  runbook: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertTable {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: string;
  /** `firing` or `resolved`. */
  status: string;
  message: string;
  value: number;
  fired_at: number;
  resolved_at: number | null;
  incident_id: string | null;
}

/** An endpoint fed from the outbox: a shop's subscription or an alert webhook of the operations room. */
export interface WebhookTable {
  id: string;
  /** `subscription` (`/v1/webhooks`) or `alerts` (`/v1/alert-webhooks`). */
  kind: string;
  name: string | null;
  url: string;
  /** `standard` (Standard Webhooks' `{type, timestamp, data}`), `json` or `slack` (alerts' bodies). */
  format: string;
  /** JSON array of event types or patterns (`order.*`, `*`). */
  event_types: string;
  /** `whsec_` and base64: the key of its signatures. */
  secret: string;
  enabled: number;
  /** The last outbox event turned into its deliveries. */
  position: number;
  created_at: number;
  updated_at: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
}

/** One event due to one endpoint, and how its sending went. */
export interface WebhookDeliveryTable {
  webhook_id: string;
  event_id: number;
  event_type: string;
  entity_type: string;
  entity_id: string;
  /** `pending`, `delivered` or `dead` (out of attempts). */
  status: string;
  attempts: number;
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  delivered_at: number | null;
  /** JSON array of the latest attempts `{at, status, error, duration_ms}`. */
  attempt_log: string;
  created_at: number;
}

export interface IncidentTable {
  id: string;
  title: string;
  severity: string;
  status: string;
  owner: string | null;
  alert_id: string | null;
  rule_id: string | null;
  summary: string | null;
  opened_by: string;
  opened_at: number;
  updated_at: number;
  closed_at: number | null;
}

/** A peak plan made on the store, kept whole as its contract's JSON. */
export interface PlanTable {
  id: string;
  created_at: number;
  window_from: string;
  window_to: string;
  body: string;
}

/** A customer's call, mail, chat or post, as the help desk or social listening reported it. */
export interface ContactTable {
  id: string;
  channel: string;
  topic: string | null;
  order_id: string | null;
  api_key_id: string;
  idempotency_key: string | null;
  created_at: number;
}

export interface IncidentEntryTable {
  id: Generated<number>;
  incident_id: string;
  at: number;
  /** `opened`, `note`, `action`, `status`, `switch`, `alert`, `closed`. */
  kind: string;
  text: string;
  by: string;
}

/** Who flipped which switch, when and why. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_key_id: string;
  actor_name: string;
  action: string;
  target: string;
  reason: string;
  /** JSON of what was set. */
  details: string;
}

/** What a frozen channel was shown when it was frozen: it is shown no more than that until thawed. */
export interface AvailabilityFreezeTable {
  channel_code: string;
  sku: string;
  available: number;
}

/** A bulk import sent to the API, running in the background or finished with its report. */
export interface ImportJobTable {
  id: string;
  kind: string;
  format: string;
  dry_run: number;
  partial: number;
  /** `running`, `done` or `failed`. */
  status: string;
  /** `reading`, `checking` or `writing`. */
  phase: string;
  rows_done: number;
  rows_total: number | null;
  bytes_read: number;
  bytes_total: number | null;
  /** JSON: the report, once finished. */
  report: string | null;
  /** Why it stopped before its end. */
  error: string | null;
  api_key_id: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** A channel's availability feed: where its figures are pushed, and how far it has got. */
export interface ChannelFeedTable {
  channel_code: string;
  url: string;
  secret: string;
  paused: number;
  paused_reason: string | null;
  /** The last outbox event whose changes the channel has acknowledged. */
  position: number;
  /** A full push is due from then on; null: none. */
  resync_due_at: number | null;
  resynced_at: number | null;
  claimed_by: string | null;
  claimed_until: number | null;
  failures: number;
  next_attempt_at: number;
  last_push_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** A minute of a feed's lag, from a change committed to the channel's acknowledgement. */
export interface FeedLagMinuteTable {
  channel_code: string;
  minute: number;
  count: number;
  /** JSON: counts per latency bucket. */
  buckets: string;
  max_ms: number;
}

/** A channel whose orders are pulled: a folder of order files, or a JSON endpoint read with a cursor. */
export interface OrderSourceTable {
  name: string;
  /** `folder` or `http`. */
  kind: string;
  channel_code: string;
  /** JSON: the folder, or the URL, headers, paths and field mapping. */
  settings: string;
  interval_s: number;
  enabled: number;
  /** The endpoint's cursor after the last page taken. */
  cursor: string | null;
  claimed_by: string | null;
  claimed_until: number | null;
  last_run_at: number | null;
  /** JSON: what the last run did. */
  last_report: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** A customer segment: conditions over a customer's order history, all of which must hold. */
export interface SegmentTable {
  code: string;
  name: string;
  /** JSON array of conditions (see src/campaigns/core/segments.ts). */
  conditions: string;
  created_at: number;
  updated_at: number;
}

/** A product selection on a channel: per segment, and a default, a rule or a hand-picked list. */
export interface SelectionTable {
  code: string;
  name: string;
  channel_code: string;
  /** JSON array of entries (see src/campaigns/core/selections.ts). */
  entries: string;
  created_at: number;
  updated_at: number;
}

/** A campaign as stored; its status is the campaign process's (`src/campaigns/core/calendar.ts`). */
export interface CampaignTable {
  id: string;
  name: string;
  owner: string;
  status: string;
  sale_id: string | null;
  cancel_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** A content item of a campaign: on one site, channel and segment, for a window. */
export interface CampaignItemTable {
  id: string;
  campaign_id: string;
  kind: string;
  site: string;
  channel_code: string;
  segment: string;
  starts_at: number;
  ends_at: number;
  owner: string;
  status: string;
  /** JSON object sent at publication. */
  payload: string;
  /** JSON array of SKU codes promoted. */
  skus: string;
  /** JSON array `[{sku, price_minor}]`: prices the item announces, in minor units of the channel. */
  announced_prices: string;
  selection: string | null;
  published_at: number | null;
  published_event_id: number | null;
  done_at: number | null;
  created_at: number;
  updated_at: number;
}

/** An advent calendar: a door per day from `first_day` to `last_day`, in its time zone. */
export interface AdventCalendarTable {
  season: string;
  name: string;
  time_zone: string;
  first_day: string;
  last_day: string;
  /** The local time (HH:MM) each door opens on its day. */
  opens_at: string;
  late_opening: number;
  created_at: number;
  updated_at: number;
}

/** A door of an advent calendar: its day's instants, its reward and what it gave. */
export interface AdventDoorTable {
  season: string;
  day: string;
  day_start: number;
  opens_at: number;
  closes_at: number;
  /** The reward's kind: promo_code, offer or draw. */
  kind: string;
  /** JSON of the reward (see src/campaigns/core/advent.ts). */
  reward: string;
  /** Codes a promo-code door gives, winners a draw door draws; null when unlimited. */
  reward_limit: number | null;
  given: Generated<number>;
  players: Generated<number>;
  drawn_at: number | null;
}

/** A single-use promo code set aside for a door, given to its `ordinal`-th player to get one. */
export interface AdventDoorCodeTable {
  season: string;
  day: string;
  ordinal: number;
  code: string;
}

/** A code a removed calendar's door gave: it stays its customer's, so no door sets it aside again. */
export interface AdventSpentCodeTable {
  code: string;
}

/** A customer's first opening of a door: every later try answers it. */
export interface AdventPlayTable {
  season: string;
  day: string;
  customer_key: string;
  opened_at: number;
  code: string | null;
  entered: number;
  won: number | null;
}

/** A channel's terms for returns; a channel without a row has the defaults (see the returns core). */
export interface ReturnPolicyTable {
  channel_code: string;
  window_days: number;
  /** 1: the shipping paid is refunded when the whole order comes back. */
  refund_shipping_whole_order: number;
  /** 1: the shipping paid is refunded when a reason is the shop's fault (defective, wrong item, …). */
  refund_shipping_shop_fault: number;
  /** Where its returns are sent back to (the return label's recipient); null: named per return. */
  location_code: string | null;
  updated_at: number;
}

/** A return authorised on a delivered order: see `returnTransitions` in the returns core. */
export interface ReturnTable {
  id: string;
  order_id: string;
  /** The order's, copied: they never change. */
  order_number: string;
  channel_code: string;
  currency: string;
  status: string;
  /** Where the parcel goes back to; null until a location is named. */
  location_code: string | null;
  /** The instant the goods should be back by, printed on the label. */
  send_back_by: number;
  /** The client's `Idempotency-Key`, when it sent one: the same key again answers this return. */
  idempotency_key: string | null;
  refunded_minor: Generated<number>;
  refunded_tax_minor: Generated<number>;
  refunded_shipping_minor: Generated<number>;
  /** The `refund` payment recorded against the order; null before, or when nothing was to refund. */
  payment_id: string | null;
  created_at: number;
  updated_at: number;
  received_at: number | null;
  refunded_at: number | null;
}

/** One SKU of a return: authorised units, then what came back, how it was found, and what was refunded. */
export interface ReturnLineTable {
  return_id: string;
  sku: string;
  quantity: number;
  reason: string;
  note: string | null;
  received: Generated<number>;
  resellable: Generated<number>;
  damaged: Generated<number>;
  /** Why the damaged units were written off (the latest receipt's); the ledger keeps each. */
  damage_reason: string | null;
  refunded: Generated<number>;
  refunded_minor: Generated<number>;
  refunded_tax_minor: Generated<number>;
}

export interface Database {
  channels: ChannelTable;
  locations: LocationTable;
  location_channels: LocationChannelTable;
  skus: SkuTable;
  sku_terms: SkuTermTable;
  prices: PriceTable;
  price_changes: PriceChangeTable;
  sales: SaleTable;
  sale_channels: SaleChannelTable;
  sale_items: SaleItemTable;
  promo_codes: PromoCodeTable;
  promo_code_uses: PromoCodeUseTable;
  soldes_periods: SoldesPeriodTable;
  stock_levels: StockLevelTable;
  stock_movements: StockMovementTable;
  channel_buffers: ChannelBufferTable;
  holds: HoldTable;
  hold_allocations: AllocationTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_allocations: AllocationTable;
  purchase_orders: PurchaseOrderTable;
  purchase_order_lines: PurchaseOrderLineTable;
  purchase_order_receipts: PurchaseOrderReceiptTable;
  backorder_terms: BackorderTermsTable;
  backorder_queue: BackorderQueueTable;
  payments: PaymentTable;
  payment_providers: PaymentProviderTable;
  payment_events: PaymentEventTable;
  carrier_services: CarrierServiceTable;
  carrier_rates: CarrierRateTable;
  packagings: PackagingTable;
  location_zones: LocationZoneTable;
  shipments: ShipmentTable;
  shipment_items: ShipmentItemTable;
  packing_sessions: PackingSessionTable;
  idempotency_keys: IdempotencyKeyTable;
  order_external_ids: OrderExternalIdTable;
  events: EventTable;
  counters: CounterTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
  metric_minutes: MetricMinuteTable;
  event_cursors: EventCursorTable;
  alert_rules: AlertRuleTable;
  alerts: AlertTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  channel_feeds: ChannelFeedTable;
  feed_lag_minutes: FeedLagMinuteTable;
  order_sources: OrderSourceTable;
  incidents: IncidentTable;
  incident_entries: IncidentEntryTable;
  contacts: ContactTable;
  plans: PlanTable;
  audit_log: AuditLogTable;
  availability_freezes: AvailabilityFreezeTable;
  import_jobs: ImportJobTable;
  segments: SegmentTable;
  selections: SelectionTable;
  campaigns: CampaignTable;
  campaign_items: CampaignItemTable;
  advent_calendars: AdventCalendarTable;
  advent_doors: AdventDoorTable;
  advent_door_codes: AdventDoorCodeTable;
  advent_spent_codes: AdventSpentCodeTable;
  advent_plays: AdventPlayTable;
  return_policies: ReturnPolicyTable;
  returns: ReturnTable;
  return_lines: ReturnLineTable;
}
