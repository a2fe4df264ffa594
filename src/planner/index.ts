/** The peak planner's public entry: the demand forecast of a peak window and the plan it asks for. */

export { planDefaults, staffDefaults } from './contract.js';
export { datesFrom, parseDate } from './core/calendar.js';
export type { PlannerEvent } from './core/series.js';
export { type DemandSource, demandFromFile } from './history/file-demand.js';
export { demandFromStore } from './history/store-demand.js';
export { makePlan, type PlanOptions, storeStock } from './plan.js';
export { PlanRepo } from './plan-repo.js';
export { planOnStore } from './plans.js';
export { planHtml } from './report/html.js';
export { planMarkdown } from './report/markdown.js';
export { planRoutes } from './routes.js';
export { staffAssumptions } from './staff-plan.js';
