/** The campaigns' public entry: the marketing calendar (campaigns, their items, conflicts) and its scheduled publication, customer segments and product selections. */
export { CampaignRepo } from './calendar/campaign-repo.js';
export { sweepCampaignItems } from './calendar/publication.js';
export { campaignRoutes } from './calendar/routes.js';
export { normaliseEmail } from './core/segments.js';
export { selectionRoutes } from './selections/routes.js';
export { SelectionRepo } from './selections/selection-repo.js';
