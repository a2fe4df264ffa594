/** Pricing's public entry: base prices and their history, scheduled sales, VAT, reference prices, the soldes. */

export { type ImportRow, importPriceHistory } from './prices.js';
export { PricingRepo } from './pricing-repo.js';
export { pricingRoutes } from './routes.js';
