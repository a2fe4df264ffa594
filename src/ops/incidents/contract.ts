/** The contract of incidents: the TypeBox schemas of their answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { Id, Instant, literals, Nullable, Text } from '../../platform/http/schemas.js';
import { incidentSeverities, incidentStatuses } from '../core/incidents.js';
export const Severity = literals(incidentSeverities);
export const Status = literals(incidentStatuses);

export const Incident = Type.Object({
  id: Type.String(),
  title: Type.String(),
  severity: Severity,
  status: Status,
  owner: Nullable(Type.String()),
  alert_id: Nullable(Type.String()),
  rule_id: Nullable(Type.String()),
  summary: Nullable(Type.String({ description: 'The closing note' })),
  opened_by: Type.String({ description: 'The name of the API key that opened it' }),
  opened_at: Instant,
  updated_at: Instant,
  closed_at: Nullable(Instant),
});
export type Incident = Static<typeof Incident>;
export const Entry = Type.Object({
  id: Type.Integer(),
  at: Instant,
  kind: Type.String({ description: 'opened, note, action, status, switch, alert or closed' }),
  text: Type.String(),
  by: Type.String(),
});
export type Entry = Static<typeof Entry>;
export const IncidentDetail = Type.Object({
  ...Incident.properties,
  timeline: Type.Array(Entry),
  runbook: Nullable(Type.String({ description: "The Markdown runbook of its alert's rule" })),
});
export type IncidentDetail = Static<typeof IncidentDetail>;
export const IncidentId = Type.Object({ id: Id });
export const LongText = Text(limits.incidentTextLengthMax);
