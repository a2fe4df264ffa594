/**
 * Channels' public entry: webhooks fed from the outbox, the NATS relay, availability feeds, orders
 * pulled from channels, and the shop's bulk imports and exports.
 */

export {
  HistoryReading,
  historyCurrency,
  readInvoiceLine,
  roleOf,
} from './core/online-retail.js';
export { type ExportFormat, type ExportKind, exportFormats, exportKinds } from './exports/contract.js';
export { openExport } from './exports/exports.js';
export { exportRoutes } from './exports/routes.js';
export { FeedRepo } from './feeds/feed-repo.js';
export { listFeeds } from './feeds/feeds.js';
export {
  type FeedBody,
  FeedPublisher,
  type PublisherOptions,
} from './feeds/publisher.js';
export { feedRoutes } from './feeds/routes.js';
export { fileBytes, HistoryFileError, historyRows } from './history/history-file.js';
export { type HistoryReport, importHistory } from './history/import-history.js';
export { runImport } from './imports/imports.js';
export { ImportRepo } from './imports/imports-repo.js';
export { importRoutes } from './imports/routes.js';
export { OrderPuller } from './pull/puller.js';
export { orderSourceRoutes } from './pull/routes.js';
export { OrderSourceRepo } from './pull/source-repo.js';
export { defaultNatsRelayOptions, NatsRelay, type NatsRelayOptions } from './relay/nats-relay.js';
export type { BodyFormat, DispatcherOptions } from './webhooks/dispatcher.js';
export { defaultDispatcherOptions, WebhookDispatcher } from './webhooks/dispatcher.js';
export { webhookRoutes } from './webhooks/routes.js';
export { WebhookRepo, type WebhookRow } from './webhooks/webhook-repo.js';
export { createEndpoint, deleteEndpoint, listEndpoints } from './webhooks/webhooks.js';
