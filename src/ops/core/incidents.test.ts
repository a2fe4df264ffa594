/** The incident process table, walked move by move, and what opening and changing an incident decides. */
import { describe, expect, it } from 'vitest';
import {
  checkIncidentTransition,
  decideIncidentChange,
  type IncidentFields,
  incidentStatuses,
  incidentTransitions,
  initialIncidentStatus,
  newIncident,
} from './incidents.js';

// The process written out by hand, so that a change to the table has to be made twice, on purpose.
const expectedMoves = [
  'open→investigating',
  'open→resolved',
  'investigating→mitigated',
  'investigating→resolved',
  'mitigated→resolved',
];

const allPairs = incidentStatuses.flatMap((from) => incidentStatuses.map((to) => [from, to] as const));

const alert = {
  id: 'alert_1',
  ruleId: 'checkout-slow',
  ruleName: 'Checkout is slow',
  severity: 'critical',
  message: 'p99 latency 1000 ms > 500 ms',
};

describe('incident transitions', () => {
  it.each(allPairs)('%s → %s is allowed exactly when the process says so', (from, to) => {
    const result = checkIncidentTransition(from, to);
    if (expectedMoves.includes(`${from}→${to}`)) {
      expect(result).toEqual({ ok: true, value: null });
    } else {
      expect(result).toEqual({
        ok: false,
        code: 'invalid_transition',
        message: `An incident cannot go from ${from} to ${to}.`,
        details: { from, to, allowed: [...incidentTransitions[from]] },
      });
    }
  });

  it('allows exactly the five moves, resolved being final', () => {
    const allowed = allPairs.filter(([from, to]) => checkIncidentTransition(from, to).ok);
    expect(allowed.map(([from, to]) => `${from}→${to}`).sort()).toEqual([...expectedMoves].sort());
    expect(incidentTransitions.resolved).toEqual([]);
  });

  // That every status is reachable is asserted when the module loads (state-table.test.ts shows the check failing).
  it('starts every incident open', () => {
    expect(initialIncidentStatus).toBe('open');
  });
});

describe('opening an incident', () => {
  it('takes title and severity from its alert unless given', () => {
    expect(newIncident({}, alert)).toEqual({
      ok: true,
      value: {
        title: 'Checkout is slow: p99 latency 1000 ms > 500 ms',
        severity: 'sev1',
        owner: null,
        alertId: 'alert_1',
        ruleId: 'checkout-slow',
        openedText: 'Opened from alert alert_1 (Checkout is slow): p99 latency 1000 ms > 500 ms',
      },
    });
    const given = newIncident({ title: 'Slow checkout', severity: 'sev3', owner: 'Camille' }, alert);
    expect(given.ok && given.value).toMatchObject({
      title: 'Slow checkout',
      severity: 'sev3',
      owner: 'Camille',
    });
  });

  it.each([
    ['critical', 'sev1'],
    ['warning', 'sev2'],
    ['info', 'sev3'],
  ])('maps an alert of severity %s to %s', (severity, sev) => {
    const opened = newIncident({}, { ...alert, severity });
    expect(opened.ok && opened.value.severity).toBe(sev);
  });

  it('needs a title and a severity without an alert', () => {
    expect(newIncident({ severity: 'sev2' }, undefined)).toMatchObject({
      ok: false,
      code: 'validation_failed',
      details: { property: 'title' },
    });
    expect(newIncident({ title: 'Payments down' }, undefined)).toMatchObject({
      ok: false,
      code: 'validation_failed',
      details: { property: 'severity' },
    });
  });

  it('keeps a long alert title within a title’s length', () => {
    const opened = newIncident({}, { ...alert, message: 'x'.repeat(500) });
    expect(opened.ok && opened.value.title.length).toBe(200);
  });

  it('refuses an alert of a severity it does not know: a broken rule, not a user error', () => {
    expect(() => newIncident({}, { ...alert, severity: 'panic' })).toThrow(/unknown severity/);
  });
});

describe('changing an incident', () => {
  const open: IncidentFields = { status: 'open', severity: 'sev2', owner: null, summary: null };

  it('writes one timeline entry per field that changes', () => {
    const decided = decideIncidentChange(open, {
      status: 'investigating',
      owner: 'Camille',
      severity: 'sev2',
    });
    expect(decided).toEqual({
      ok: true,
      value: {
        next: { status: 'investigating', severity: 'sev2', owner: 'Camille', summary: null },
        entries: [
          { kind: 'status', text: 'Status open → investigating' },
          { kind: 'status', text: 'Owner none → Camille' },
        ],
        closed: false,
      },
    });
  });

  it('resolves only with a summary, given now or before', () => {
    expect(decideIncidentChange(open, { status: 'resolved' })).toMatchObject({
      ok: false,
      code: 'validation_failed',
      details: { property: 'summary' },
    });
    expect(decideIncidentChange(open, { status: 'resolved', summary: 'Cache warmed' })).toMatchObject({
      ok: true,
      value: { closed: true, entries: [{ kind: 'closed', text: 'Resolved: Cache warmed' }] },
    });
    const drafted = { ...open, status: 'mitigated' as const, summary: 'Draft' };
    expect(decideIncidentChange(drafted, { status: 'resolved' })).toMatchObject({
      ok: true,
      value: { closed: true, next: { summary: 'Draft' } },
    });
  });

  it('refuses a forbidden move, and any move out of resolved', () => {
    expect(decideIncidentChange(open, { status: 'mitigated' })).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    });
    const resolved = { ...open, status: 'resolved' as const, summary: 'Done' };
    expect(decideIncidentChange(resolved, { status: 'open' })).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    });
  });

  it('changes nothing when nothing differs', () => {
    expect(decideIncidentChange(open, { status: 'open', severity: 'sev2' })).toEqual({
      ok: true,
      value: { next: open, entries: [], closed: false },
    });
  });
});
