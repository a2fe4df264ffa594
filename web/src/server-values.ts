/**
 * The page's own limits (the server's are in src/platform/core/limits.ts and stay on the server), and
 * copies of the server's values that the page shows: statuses, moves, kinds and text lengths. Each
 * copy takes its type from the server's `as const` table by `import type`, so the compiler refuses a
 * copy that differs from the server by one letter, and the bundle carries no server module.
 */
import type { alertSeverities, conditionKinds, thresholdMetrics } from '../../src/ops/core/alerts.js';
import type { contactChannels } from '../../src/ops/core/contacts.js';
import type { entryKinds, incidentSeverities, incidentTransitions } from '../../src/ops/core/incidents.js';
import type { orderStatuses, orderTransitions } from '../../src/orders/core/order-process.js';
import type { scopes } from '../../src/platform/api-keys/api-keys.js';
import type { limits as serverLimits } from '../../src/platform/core/limits.js';

export const pageLimits = {
  /**
   * The live page reconnects a lost stream after a delay that doubles up to the maximum: a restarted
   * server is back on the wall within a second or two, a long outage is not hammered by every wall.
   */
  liveReconnectDelayMinMs: 1_000,
  liveReconnectDelayMaxMs: 30_000,
  /** Five overviews missed in a row: the live page drops a stream that went silent and reconnects. */
  liveSilenceMaxMs: 5_000,
  /** Rows per page of the back office's tables: a screen's worth, quick to read at a peak. */
  backOfficePageSize: 50,
} as const;

type ServerLimits = typeof serverLimits;
export const textLimits: Pick<ServerLimits, 'incidentTextLengthMax' | 'runbookLengthMax'> = {
  incidentTextLengthMax: 5_000,
  runbookLengthMax: 20_000,
};

export const orderStatusList: typeof orderStatuses = [
  'placed',
  'paid',
  'fulfilling',
  'shipped',
  'delivered',
  'partially_returned',
  'returned',
  'cancelled',
];
export const orderMoves: typeof orderTransitions = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilling', 'cancelled'],
  fulfilling: ['shipped'],
  shipped: ['delivered'],
  delivered: ['partially_returned', 'returned'],
  partially_returned: ['returned'],
  returned: [],
  cancelled: [],
};
export const incidentSeverityList: typeof incidentSeverities = ['sev1', 'sev2', 'sev3'];
export const incidentMoves: typeof incidentTransitions = {
  open: ['investigating', 'resolved'],
  investigating: ['mitigated', 'resolved'],
  mitigated: ['resolved'],
  resolved: [],
};
export const entryKindList: typeof entryKinds = ['note', 'action'];
export const alertSeverityList: typeof alertSeverities = ['critical', 'warning', 'info'];
export const conditionKindList: typeof conditionKinds = [
  'threshold',
  'spike',
  'conversion_drop',
  'top_sku_out',
  'sale_check_failed',
  'payment_failures',
  'promo_code_surge',
  'backorders_delayed',
  'contacts_spike',
];
export const thresholdMetricList: typeof thresholdMetrics = [
  'latency_p50_ms',
  'latency_p99_ms',
  'error_rate',
  'refusal_rate',
  'requests_per_s',
  'orders_per_min',
  'intake_queue_length',
  'waiting_room_waiting',
  'skus_sold_out',
  'outbox_backlog',
];
export const scopeList: typeof scopes = ['admin', 'storefront'];
export const contactChannelList: typeof contactChannels = ['phone', 'email', 'chat', 'social'];
