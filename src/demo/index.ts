/** The demo shop's public entry: seeding it, with progress. */
export { type DemoPhase, seedDemo } from './seed.js';
