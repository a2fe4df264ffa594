/** The operations room's public entry: figures, alerts, incidents, switches and the page. */
export { AlertRepo } from './alerts/alert-repo.js';
export { alertBodyFormats } from './alerts/alert-webhooks.js';
export { startAlertEvaluator } from './alerts/alerts.js';
export { ensureDefaultAlertRules } from './alerts/default-rules.js';
export { alertRoutes } from './alerts/routes.js';
export { FiguresRepo } from './figures/figures-repo.js';
export { Metrics } from './figures/metrics.js';
export { FiguresRecorder } from './figures/recorder.js';
export { IncidentRepo } from './incidents/incident-repo.js';
export { incidentRoutes } from './incidents/routes.js';
export { opsPage } from './page.js';
export { OpsRoom } from './room.js';
export { opsRoutes } from './routes.js';
export { installSwitchGuards } from './switches/guards.js';
export { switchRoutes } from './switches/routes.js';
export { SwitchRepo } from './switches/switch-repo.js';
export { availabilityFreezes, SwitchReader } from './switches/switches.js';
