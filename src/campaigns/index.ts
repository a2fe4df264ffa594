/** The campaigns' public entry: the marketing calendar (campaigns, their items, conflicts) and its scheduled publication, customer segments and product selections. */
export { CampaignRepo } from './calendar/campaign-repo.js';
export { createCampaign, moveCampaign } from './calendar/campaigns.js';
export { sweepCampaignItems } from './calendar/publication.js';
export { campaignRoutes } from './calendar/routes.js';
export { selectionRoutes } from './selections/routes.js';
export { putSegment } from './selections/segments.js';
export { SelectionRepo } from './selections/selection-repo.js';
export { putSelection } from './selections/selections.js';
