/** Incidents: opened by hand or from an alert, moved along their process, each change and note on their timeline. */

import type { Actor } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type AlertFacts,
  decideIncidentChange,
  type EntryKind,
  type IncidentChange,
  type IncidentSeverity,
  isIncidentStatus,
  newIncident,
} from '../core/incidents.js';
import type { Entry, Incident, IncidentDetail } from './contract.js';
import type { IncidentEntryRow, IncidentRow } from './incident-repo.js';

function incidentView(row: IncidentRow): Incident {
  if (!isIncidentStatus(row.status))
    throw new Error(`incident ${row.id} has an unknown status ${row.status}`);
  return {
    id: row.id,
    title: row.title,
    severity: row.severity as IncidentSeverity,
    status: row.status,
    owner: row.owner,
    alert_id: row.alert_id,
    rule_id: row.rule_id,
    summary: row.summary,
    opened_by: row.opened_by,
    opened_at: toIso(row.opened_at),
    updated_at: toIso(row.updated_at),
    closed_at: row.closed_at === null ? null : toIso(row.closed_at),
  };
}

function entryView(row: IncidentEntryRow): Entry {
  return { id: row.id, at: toIso(row.at), kind: row.kind, text: row.text, by: row.by };
}

async function detailOf(repos: Repos, row: IncidentRow): Promise<IncidentDetail> {
  const [entries, runbook] = await Promise.all([
    repos.incidents.entriesOf(row.id),
    row.rule_id === null ? null : repos.incidents.runbookOf(row.rule_id),
  ]);
  return { ...incidentView(row), timeline: entries.map(entryView), runbook };
}

/**
 * Incidents newest first, without timelines, as `GET /v1/incidents` answers; `open` is every one
 * not yet resolved, `closed` the resolved.
 */
export async function listIncidents(
  ctx: AppContext,
  query: { status?: 'open' | 'closed'; limit: number },
): Promise<{ data: Incident[] }> {
  return { data: (await ctx.store.read.incidents.list(query)).map(incidentView) };
}

export async function getIncident(ctx: AppContext, id: string): Promise<Result<IncidentDetail>> {
  const row = await ctx.store.read.incidents.get(id);
  return row === undefined ? notFound('incident', id) : ok(await detailOf(ctx.store.read, row));
}

/** Opens an incident; from an alert, it takes the alert's title and severity unless given, and the alert points back. */
export async function openIncident(
  ctx: AppContext,
  input: { title?: string; severity?: IncidentSeverity; owner?: string; alert_id?: string },
  actor: Actor,
): Promise<Result<IncidentDetail>> {
  return inTransaction(ctx, async (tx) => {
    let alert: AlertFacts | undefined;
    if (input.alert_id !== undefined) {
      const row = await tx.incidents.getAlert(input.alert_id);
      // The alert is named in the body, not the path: like an unknown SKU in an order, 422.
      if (row === undefined) {
        return fail('unknown_alert', `No alert ${input.alert_id}.`, { alert_id: input.alert_id });
      }
      if (row.incident_id !== null) {
        return fail('alert_has_incident', `Alert ${row.id} already has incident ${row.incident_id}.`, {
          alert_id: row.id,
          incident_id: row.incident_id,
        });
      }
      alert = {
        id: row.id,
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        severity: row.severity,
        message: row.message,
      };
    }
    const decided = newIncident(input, alert);
    if (!decided.ok) return decided;
    const incident = decided.value;
    const now = ctx.clock.now();
    const id = ctx.newId('inc');
    await tx.incidents.insert({
      id,
      title: incident.title,
      severity: incident.severity,
      status: 'open',
      owner: incident.owner,
      alert_id: incident.alertId,
      rule_id: incident.ruleId,
      summary: null,
      opened_by: actor.name,
      opened_at: now,
      updated_at: now,
      closed_at: null,
    });
    // Conditional: two people opening an incident from one alert at once get one incident.
    if (incident.alertId !== null && !(await tx.incidents.linkAlert(incident.alertId, id))) {
      const current = await tx.incidents.getAlert(incident.alertId);
      return fail('alert_has_incident', `Alert ${incident.alertId} got an incident meanwhile.`, {
        alert_id: incident.alertId,
        incident_id: current?.incident_id ?? null,
      });
    }
    await tx.incidents.addEntries([
      { incident_id: id, at: now, kind: 'opened', text: incident.openedText, by: actor.name },
    ]);
    const row = (await tx.incidents.get(id))!;
    await tx.events.append(
      [{ type: 'incident.opened', entityType: 'incident', entityId: id, payload: incidentView(row) }],
      now,
    );
    return ok(await detailOf(tx, row));
  });
}

/** Changes status, owner, severity or summary; each change is a timeline entry, a forbidden move a 409. */
export async function updateIncident(
  ctx: AppContext,
  id: string,
  change: IncidentChange,
  actor: Actor,
): Promise<Result<IncidentDetail>> {
  return inTransaction(ctx, async (tx) => {
    const row = await tx.incidents.get(id);
    if (row === undefined) return notFound('incident', id);
    const current = incidentView(row);
    const decided = decideIncidentChange(current, change);
    if (!decided.ok) return decided;
    const { next, entries, closed } = decided.value;
    if (entries.length === 0) return ok(await detailOf(tx, row));
    const now = ctx.clock.now();
    const moved = await tx.incidents.update(id, current.status, {
      status: next.status,
      severity: next.severity,
      owner: next.owner,
      summary: next.summary,
      updated_at: now,
      ...(closed ? { closed_at: now } : {}),
    });
    if (!moved) {
      const latest = (await tx.incidents.get(id))!;
      return fail('invalid_transition', `The incident moved to ${latest.status} meanwhile.`, {
        from: latest.status,
        to: next.status,
      });
    }
    await tx.incidents.addEntries(
      entries.map((entry) => ({
        incident_id: id,
        at: now,
        kind: entry.kind,
        text: entry.text,
        by: actor.name,
      })),
    );
    const updated = (await tx.incidents.get(id))!;
    await tx.events.append(
      [
        {
          type: closed ? 'incident.closed' : 'incident.updated',
          entityType: 'incident',
          entityId: id,
          payload: { ...incidentView(updated), changes: entries.map((entry) => entry.text) },
        },
      ],
      now,
    );
    return ok(await detailOf(tx, updated));
  });
}

/** A note or an action on the timeline; allowed after resolution too, for the post-mortem. */
export async function addTimelineEntry(
  ctx: AppContext,
  id: string,
  input: { kind: EntryKind; text: string },
  actor: Actor,
): Promise<Result<Entry>> {
  return inTransaction(ctx, async (tx) => {
    const row = await tx.incidents.get(id);
    if (row === undefined) return notFound('incident', id);
    const now = ctx.clock.now();
    await tx.incidents.touch(id, now);
    const [entry] = await tx.incidents.addEntries([
      { incident_id: id, at: now, kind: input.kind, text: input.text, by: actor.name },
    ]);
    const view = entryView(entry!);
    await tx.events.append(
      [{ type: 'incident.updated', entityType: 'incident', entityId: id, payload: { id, entry: view } }],
      now,
    );
    return ok(view);
  });
}
