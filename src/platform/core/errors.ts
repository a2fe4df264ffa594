/** The one closed catalog of business outcomes: each code has its HTTP status, in one place. */

export const errorCatalog = {
  validation_failed: 400,
  webhook_signature_invalid: 400,
  webhook_timestamp_stale: 400,
  invalid_json: 400,
  idempotency_key_missing: 400,
  unauthorized: 401,
  forbidden: 403,
  fault_injection_disabled: 403,
  not_found: 404,
  route_not_found: 404,
  out_of_stock: 409,
  insufficient_stock: 409,
  invalid_transition: 409,
  hold_not_active: 409,
  channel_currency_locked: 409,
  limit_reached: 409,
  alert_has_incident: 409,
  sale_overlap: 409,
  soldes_no_restock: 409,
  payment_exceeds_order: 409,
  refund_exceeds_captured: 409,
  payment_reference_reused: 409,
  order_not_sourceable: 409,
  split_below_minimum: 409,
  scan_refused: 409,
  source_busy: 409,
  promo_code_exhausted: 409,
  promo_code_exists: 409,
  advent_door_closed: 409,
  advent_door_played: 409,
  purchase_order_not_open: 409,
  backorder_limit_below_waiting: 409,
  backorders_waiting: 409,
  order_awaiting_stock: 409,
  order_not_returnable: 409,
  return_window_closed: 409,
  return_not_receivable: 409,
  return_not_refundable: 409,
  request_timeout: 408,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unknown_sku: 422,
  unknown_sale: 422,
  unknown_channel: 422,
  unknown_segment: 422,
  unknown_location: 422,
  unknown_hold: 422,
  unknown_alert: 422,
  unknown_packaging: 422,
  unknown_service: 422,
  stock_limit_exceeded: 422,
  price_missing: 422,
  soldes_outside_period: 422,
  soldes_word_reserved: 422,
  currency_mismatch: 422,
  sku_unmeasured: 422,
  history_too_short: 422,
  location_unaddressed: 422,
  no_box_fits: 422,
  too_many_units: 422,
  no_service_fits: 422,
  no_service_keeps_promise: 422,
  unknown_promo_code: 422,
  promo_code_inactive: 422,
  promo_code_not_applicable: 422,
  offer_price_not_in_force: 422,
  sku_not_on_purchase_order: 422,
  duplicate_sku: 422,
  return_quantity_exceeded: 422,
  return_location_unset: 422,
  internal_error: 500,
  injected_fault: 500,
  overloaded: 503,
  waiting_room: 503,
  read_only: 503,
  channel_paused: 503,
  store_unavailable: 503,
  // 507 rather than 503: a full disk is not a blip that passes by itself but a person's job (free
  // space, grow the volume), and its own status and code let alerts, dashboards and clients tell it
  // from a store restarting; it still carries Retry-After, as retrying with the same key is safe.
  storage_full: 507,
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

/** Expected failures are returned, never thrown: callers must look at them. */
export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Failure {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

export function statusOf(code: ErrorCode): number {
  return errorCatalog[code];
}
