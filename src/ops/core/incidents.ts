/** The incident process as data: its states and moves, severities, and what each change writes on the timeline. */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { assertAllReachable } from '../../platform/core/state-table.js';

export const incidentStatuses = ['open', 'investigating', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const initialIncidentStatus: IncidentStatus = 'open';

/** Forward one step at a time, or straight to resolved from anywhere before it; resolved is final. */
export const incidentTransitions = {
  open: ['investigating', 'resolved'],
  investigating: ['mitigated', 'resolved'],
  mitigated: ['resolved'],
  resolved: [],
} as const satisfies Record<IncidentStatus, readonly IncidentStatus[]>;

/** Statuses of an incident still being handled: "open" in the listing's sense. */
export const activeIncidentStatuses: readonly IncidentStatus[] = ['open', 'investigating', 'mitigated'];

export const incidentSeverities = ['sev1', 'sev2', 'sev3'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

/** An alert's severity as an incident's: the rules speak of alerts, the team of sevs. */
export const severityOfAlert = {
  critical: 'sev1',
  warning: 'sev2',
  info: 'sev3',
} as const satisfies Record<string, IncidentSeverity>;

/** The kinds of timeline entries a person writes; the others (`opened`, `status`, `switch`, …) are written for them. */
export const entryKinds = ['note', 'action'] as const;
export type EntryKind = (typeof entryKinds)[number];

export function isIncidentStatus(value: string): value is IncidentStatus {
  return (incidentStatuses as readonly string[]).includes(value);
}

export function checkIncidentTransition(from: IncidentStatus, to: IncidentStatus): Result<null> {
  const allowed: readonly IncidentStatus[] = incidentTransitions[from];
  if (!allowed.includes(to)) {
    return fail('invalid_transition', `An incident cannot go from ${from} to ${to}.`, { from, to, allowed });
  }
  return ok(null);
}

// A state no incident can reach is a broken table: the module refuses to load.
assertAllReachable('incident', incidentStatuses, incidentTransitions, initialIncidentStatus);

/** What the incident is opened from: an alert row, when one is named. */
export interface AlertFacts {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: string;
  readonly message: string;
}

export interface NewIncident {
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly owner: string | null;
  readonly alertId: string | null;
  readonly ruleId: string | null;
  /** The first line of the timeline. */
  readonly openedText: string;
}

function clip(text: string, lengthMax: number): string {
  return text.length <= lengthMax ? text : `${text.slice(0, lengthMax - 1)}…`;
}

/** An incident as asked for; what is not given is taken from its alert, and without an alert a title is needed. */
export function newIncident(
  input: { title?: string; severity?: IncidentSeverity; owner?: string },
  alert: AlertFacts | undefined,
): Result<NewIncident> {
  const title = input.title ?? (alert === undefined ? undefined : `${alert.ruleName}: ${alert.message}`);
  if (title === undefined) {
    return fail('validation_failed', 'An incident needs a title, or an alert_id to take it from.', {
      property: 'title',
    });
  }
  let severity = input.severity;
  if (severity === undefined && alert !== undefined) {
    severity = severityOfAlert[alert.severity as keyof typeof severityOfAlert];
    if (severity === undefined)
      throw new Error(`alert ${alert.id} has an unknown severity ${alert.severity}`);
  }
  if (severity === undefined) {
    return fail('validation_failed', 'An incident needs a severity (sev1, sev2 or sev3).', {
      property: 'severity',
    });
  }
  const clipped = clip(title, limits.nameLengthMax);
  return ok({
    title: clipped,
    severity,
    owner: input.owner ?? null,
    alertId: alert?.id ?? null,
    ruleId: alert?.ruleId ?? null,
    openedText: clip(
      alert === undefined
        ? `Opened: ${clipped} (${severity})`
        : `Opened from alert ${alert.id} (${alert.ruleName}): ${alert.message}`,
      limits.incidentTextLengthMax,
    ),
  });
}

export interface IncidentFields {
  readonly status: IncidentStatus;
  readonly severity: IncidentSeverity;
  readonly owner: string | null;
  readonly summary: string | null;
}

export interface IncidentChange {
  readonly status?: IncidentStatus;
  readonly severity?: IncidentSeverity;
  readonly owner?: string;
  readonly summary?: string;
}

/**
 * Timeline entries use the kinds the store documents: `status` for a move and for a change of
 * owner, severity or summary (the incident's standing), `closed` for the resolution with its summary.
 */
export interface EntryToWrite {
  readonly kind: 'status' | 'closed';
  readonly text: string;
}

export interface IncidentDecision {
  readonly next: IncidentFields;
  readonly entries: readonly EntryToWrite[];
  readonly closed: boolean;
}

/**
 * Decides a change: a move must be in the table, resolving needs a summary (given now or written
 * before), and each field that really changes writes one timeline entry. A resolved incident keeps
 * its status for good, but its owner, severity and summary may still be corrected afterwards
 * (the post-mortem often does), each correction on the timeline.
 */
export function decideIncidentChange(
  current: IncidentFields,
  change: IncidentChange,
): Result<IncidentDecision> {
  const entries: EntryToWrite[] = [];
  const summary = change.summary ?? current.summary;
  const status = change.status ?? current.status;
  let closed = false;
  if (status !== current.status) {
    const check = checkIncidentTransition(current.status, status);
    if (!check.ok) return check;
    if (status === 'resolved') {
      if (summary === null) {
        return fail('validation_failed', 'Resolving an incident needs a summary: the closing note.', {
          property: 'summary',
        });
      }
      closed = true;
      entries.push({ kind: 'closed', text: `Resolved: ${summary}` });
    } else {
      entries.push({ kind: 'status', text: `Status ${current.status} → ${status}` });
    }
  }
  if (change.severity !== undefined && change.severity !== current.severity) {
    entries.push({ kind: 'status', text: `Severity ${current.severity} → ${change.severity}` });
  }
  if (change.owner !== undefined && change.owner !== current.owner) {
    entries.push({ kind: 'status', text: `Owner ${current.owner ?? 'none'} → ${change.owner}` });
  }
  if (change.summary !== undefined && change.summary !== current.summary && !closed) {
    entries.push({ kind: 'status', text: `Summary: ${change.summary}` });
  }
  return ok({
    next: {
      status,
      severity: change.severity ?? current.severity,
      owner: change.owner ?? current.owner,
      summary,
    },
    entries: entries.map((entry) => ({ ...entry, text: clip(entry.text, limits.incidentTextLengthMax) })),
    closed,
  });
}
