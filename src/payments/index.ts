/** Payments' public entry: payments recorded per order, providers' webhooks, and the payment timeout. */

export { PaymentRepo } from './payment-repo.js';
export { cancelUnpaidOrders } from './payment-timeout.js';
export { type PaymentFacts, recordOnLockedOrder } from './payments.js';
export { paymentsOfOrders } from './privacy.js';
export { paymentRoutes } from './routes.js';
