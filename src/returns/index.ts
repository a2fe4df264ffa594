/** Returns' public entry: return authorisations, receipts and refunds, each channel's terms, the returns report and what the operations room shows of returns. */
export { returnsAnalytics, returnsRoom } from './analytics.js';
export { eraseReturnNotes, returnsOfOrders } from './privacy.js';
export { ReturnRepo } from './return-repo.js';
export { returnRoutes } from './routes.js';
