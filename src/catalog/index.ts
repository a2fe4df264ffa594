/** The catalog's public entry: channels, locations, SKUs and their prices. */
export { decideSkuPatches, type SkuDecision, writeSkuPatches } from './bulk.js';
export { putChannel, putLocation, putSku, searchTerms } from './catalog.js';
export { CatalogRepo } from './catalog-repo.js';
export { catalogRoutes } from './routes.js';
