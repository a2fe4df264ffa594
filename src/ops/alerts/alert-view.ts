/**
 * A firing or a resolution as the outbox and the webhooks carry it. Its own module, so that the
 * alerts can deliver to the webhooks and the webhooks know what they carry without importing the
 * alerts back.
 */
import type { Alert } from './contract.js';

export type AlertStatus = Alert['status'];

/** A firing or a resolution, as the outbox and the webhooks carry it. */
export interface AlertTransition {
  readonly event: 'alert.fired' | 'alert.resolved';
  readonly alert: Alert;
}
