/** Customer data rights' public entry: the export of everything held on a customer, and their erasure. */
export { eraseCustomer } from './erase.js';
export { exportCustomer } from './export.js';
export { privacyRoutes } from './routes.js';
