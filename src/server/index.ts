/** The composition root's public entry: the store with every part's repositories, and the HTTP app. */
export { type BuildOptions, buildApp } from './app.js';
export { openStore } from './store.js';
