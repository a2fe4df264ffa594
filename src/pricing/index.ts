/** Pricing's public entry: base prices and their history, scheduled sales, VAT, reference prices, the soldes. */

export { type ImportRow, importPriceHistory } from './prices.js';
export { PricingRepo } from './pricing-repo.js';
export { customerPromoCodeUses, rekeyPromoCodeUses } from './promo-codes/privacy.js';
export { PromoCodeRepo } from './promo-codes/promo-code-repo.js';
export { createPromoCode, makeBatch, releasePromoCodeUses } from './promo-codes/promo-codes.js';
export { pricingRoutes } from './routes.js';
