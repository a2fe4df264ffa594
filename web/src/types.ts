/** The API's answers as the page reads them (docs/operations.md and /docs/json are the contract). */
import type { IncidentStatus } from '../../src/ops/core/incidents.js';

export interface Page<T> {
  readonly data: T[];
  readonly next_cursor: string | null;
}

export type PerCurrency = Readonly<Record<string, number>>;

export interface SeriesPoint {
  readonly at: string;
  readonly requests: number;
  readonly errors: number;
  readonly refusals: number;
  readonly orders_placed: number;
  readonly orders_refused: number;
  readonly availability_reads: number;
  readonly latency_p50_ms: number | null;
  readonly latency_p99_ms: number | null;
  readonly revenue_minor: PerCurrency;
  readonly intake_queue_max: number;
  readonly waiting_room_waiting: number;
  readonly covered_s: number;
}

export interface MinuteValue {
  readonly at: string;
  readonly value: number;
}

export interface TopSku {
  readonly channel: string;
  readonly sku: string;
  readonly name: string;
  readonly units: number;
  readonly orders: number;
}

export interface Stockout {
  readonly channel: string;
  readonly sku: string;
  readonly name: string;
  readonly available: number;
  readonly units_per_hour: number;
  readonly minutes_to_stockout: number;
}

export interface Alert {
  readonly id: string;
  readonly rule_id: string;
  readonly rule_name: string;
  readonly severity: string;
  readonly status: 'firing' | 'resolved';
  readonly message: string;
  readonly value: number;
  readonly fired_at: string;
  readonly resolved_at: string | null;
  readonly incident_id: string | null;
}

export interface Incident {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly status: IncidentStatus;
  readonly owner: string | null;
  readonly alert_id: string | null;
  readonly rule_id: string | null;
  readonly summary: string | null;
  readonly opened_at: string;
  readonly closed_at: string | null;
}

export interface TimelineEntry {
  readonly id: number;
  readonly at: string;
  readonly kind: string;
  readonly text: string;
  readonly by: string;
}

export interface IncidentDetail extends Incident {
  readonly timeline: TimelineEntry[];
  readonly runbook: string | null;
}

export interface SwitchState {
  readonly since: string | null;
  readonly by: string | null;
  readonly reason: string | null;
}

export interface ChannelSwitches extends SwitchState {
  readonly channel: string;
  readonly orders_stopped: boolean;
  readonly availability_frozen: boolean;
}

export interface WaitingRoom {
  readonly enabled: boolean;
  readonly admission_rate_per_s: number;
  readonly waiting: number;
  readonly auto_enable: boolean;
  readonly opened_at: string | null;
}

export interface Switches {
  readonly read_only: SwitchState & { readonly on: boolean };
  readonly channels: ChannelSwitches[];
  readonly waiting_room: WaitingRoom;
  /** The share of storefront requests failed on purpose by a drill (`serve --fault-injection`). */
  readonly faults: SwitchState & { readonly error_rate: number };
}

export interface Overview {
  readonly at: string;
  readonly now: {
    readonly orders_per_min: number;
    readonly orders_per_min_last_week: number;
    readonly revenue_per_min_minor: PerCurrency;
    readonly requests_per_s: number;
    readonly availability_reads_per_s: number;
    readonly latency_p50_ms: number | null;
    readonly latency_p99_ms: number | null;
    readonly error_rate: number;
    readonly refusal_rate: number;
    readonly intake_queue_length: number;
    readonly waiting_room_waiting: number;
    readonly holds_active: number;
    readonly skus_sold_out: number;
    readonly outbox_backlog: number;
  };
  readonly orders_per_min: {
    readonly this_hour: MinuteValue[];
    readonly same_hour_last_week: MinuteValue[];
  };
  readonly series: SeriesPoint[];
  readonly top_skus: TopSku[];
  readonly stockouts: Stockout[];
  readonly alerts: Alert[];
  readonly incidents: Incident[];
  readonly switches: Switches;
}

export interface AlertRule {
  readonly id: string;
  readonly name: string;
  readonly severity: string;
  readonly enabled: boolean;
  readonly condition: Record<string, unknown> & { readonly kind: string };
  readonly runbook: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface AlertWebhook {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly format: 'json' | 'slack';
  readonly created_at: string;
  readonly last_attempt_at: string | null;
  readonly last_status: number | null;
  readonly last_error: string | null;
}

export interface Channel {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
}

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unit_price: number;
  readonly total: number;
}

export interface Order {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly channel: string;
  readonly external_id: string | null;
  readonly customer: { readonly email: string; readonly name: string | null };
  readonly shipping_address: {
    readonly name: string;
    readonly line1: string;
    readonly line2?: string;
    readonly city: string;
    readonly postal_code: string;
    readonly country: string;
  };
  readonly currency: string;
  readonly total: number;
  readonly lines: OrderLine[];
  readonly created_at: string;
  readonly updated_at: string;
}

export interface OrderEvent {
  readonly id: number;
  readonly type: string;
  readonly payload: unknown;
  readonly created_at: string;
}

export interface Sku {
  readonly sku: string;
  readonly name: string;
  readonly weight_g: number | null;
  readonly prices: Readonly<Record<string, number>>;
}

export interface StockLevel {
  readonly location: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly available: number;
}

export interface Stock {
  readonly sku: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly available: number;
  readonly locations: StockLevel[];
}

export interface Movement {
  readonly id: number;
  readonly location: string;
  readonly kind: string;
  readonly quantity: number;
  readonly reference: string | null;
  readonly reason: string | null;
  readonly created_at: string;
}

export interface Reconciliation {
  readonly sku: string;
  readonly balanced: boolean;
  readonly locations: {
    readonly location: string;
    readonly on_hand: number;
    readonly ledger_total: number;
    readonly reserved: number;
    readonly reserved_by_orders: number;
    readonly reserved_by_holds: number;
  }[];
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly scopes: string[];
  readonly prefix: string;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

export interface AuditEntry {
  readonly id: number | string;
  readonly at: string;
  readonly actor_key_id: string;
  readonly actor_name: string;
  readonly action: string;
  readonly target: string;
  readonly reason: string;
  readonly details: unknown;
}
