/** The campaigns' public entry: the marketing calendar (campaigns, their items, conflicts) and its scheduled publication, customer segments, product selections and the advent calendar. */
export { AdventRepo } from './advent/advent-repo.js';
export { adventParticipation, putAdventCalendar } from './advent/calendars.js';
export { drawAdventDoors, openDoor } from './advent/openings.js';
export { customerAdventEvents, customerAdventPlays, rekeyAdventPlays } from './advent/privacy.js';
export { adventRoutes } from './advent/routes.js';
export { CampaignRepo } from './calendar/campaign-repo.js';
export { createCampaign, moveCampaign } from './calendar/campaigns.js';
export { sweepCampaignItems } from './calendar/publication.js';
export { campaignRoutes } from './calendar/routes.js';
export { selectionRoutes } from './selections/routes.js';
export { putSegment } from './selections/segments.js';
export { SelectionRepo } from './selections/selection-repo.js';
export { putSelection } from './selections/selections.js';
