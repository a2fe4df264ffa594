/** The rehearsal's public entry: replaying a peak against Affluence, with its audit and report. */
export { rehearse } from './run.js';
