/** The composition root's public entry: the store with every part's repositories, and the server over them. */
export { createServer, type ServerOptions } from './compose.js';
export { openStore } from './store.js';
