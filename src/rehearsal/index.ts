/** The rehearsal's public entry: replaying a peak against Affluence, with its audit and report. */
export {
  type AuditInput,
  type AuditSource,
  audit,
  type Check,
  collectAuditInput,
  type StartingStock,
  type Verdict,
} from './audit.js';
export { type Answer, httpTransport, TimeoutError, type Transport } from './http.js';
export type { AcknowledgedOrder, RetryMismatch } from './load.js';
export { rehearse } from './run.js';
