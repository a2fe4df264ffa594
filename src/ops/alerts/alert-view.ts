/**
 * An alert as it leaves the store: the view the API lists, and a firing or resolution as the outbox
 * and the webhooks carry it. Its own module, so that the alerts can deliver to the webhooks and the
 * webhooks know what they carry without importing the alerts back.
 */
import type { AlertSeverity } from '../core/alerts.js';

export type AlertStatus = 'firing' | 'resolved';

export interface AlertView {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: AlertSeverity;
  status: AlertStatus;
  message: string;
  value: number;
  fired_at: string;
  resolved_at: string | null;
  incident_id: string | null;
}

/** A firing or a resolution, as the outbox and the webhooks carry it. */
export interface AlertTransition {
  readonly event: 'alert.fired' | 'alert.resolved';
  readonly alert: AlertView;
}
