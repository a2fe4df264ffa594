/** Incidents through the API: opened from an alert with its runbook, moved along their process, their timeline. */

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Incident, IncidentDetail } from '../src/ops/incidents/contract.js';
import { listIncidents } from '../src/ops/incidents/incidents.js';
import type { Event } from '../src/platform/outbox/contract.js';
import { body, eventsAfter, eventsEnd, expectError } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const runbook = '## Checkout is slow\n1. Open the waiting room at 200/s.\n2. Page the on-call.';

describe.each(engines)('incidents on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock(Date.parse('2026-11-27T20:00:00.000Z'));
  const at = () => new Date(clock.now()).toISOString();
  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    // The alerts are another part's: their rows are written here as it would write them.
    const db = shop.testStore.store.db;
    await db
      .insertInto('alert_rules')
      .values({
        id: 'checkout-slow',
        name: 'Checkout is slow',
        enabled: 1,
        severity: 'critical',
        condition: JSON.stringify({ kind: 'threshold', metric: 'latency_p99_ms', op: 'above', value: 500 }),
        runbook,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    await db
      .insertInto('alerts')
      .values([
        {
          id: 'alert_slow',
          rule_id: 'checkout-slow',
          rule_name: 'Checkout is slow',
          severity: 'critical',
          status: 'firing',
          message: 'p99 latency 1000 ms > 500 ms',
          value: 1000,
          fired_at: clock.now(),
          resolved_at: null,
          incident_id: null,
        },
        {
          id: 'alert_queue',
          rule_id: 'queue-long',
          rule_name: 'Intake queue is long',
          severity: 'warning',
          status: 'resolved',
          message: 'queue 4000 > 1000',
          value: 4000,
          fired_at: clock.now(),
          resolved_at: clock.now(),
          incident_id: null,
        },
      ])
      .execute();
  });
  afterAll(() => shop.close());

  const incident = async (id: string) =>
    body<IncidentDetail>(await shop.admin('GET', `/v1/incidents/${id}`), 200);
  const alertRow = (id: string) =>
    shop.testStore.store.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const listed = async (query = '') =>
    body<{ data: Incident[] }>(await shop.admin('GET', `/v1/incidents${query}`), 200).data;
  const incidentEvents = async (after: number): Promise<Event[]> =>
    (await eventsAfter(shop, after)).events.filter((event) => event.entity_type === 'incident');

  it('walks an incident opened from an alert through its process, every step on its timeline', async () => {
    const eventsBefore = await eventsEnd(shop);
    const opened = body<IncidentDetail>(
      await shop.admin('POST', '/v1/incidents', { alert_id: 'alert_slow' }),
      201,
    );
    expect(opened).toEqual({
      id: expect.stringMatching(/^inc_/),
      title: 'Checkout is slow: p99 latency 1000 ms > 500 ms',
      severity: 'sev1',
      status: 'open',
      owner: null,
      alert_id: 'alert_slow',
      rule_id: 'checkout-slow',
      summary: null,
      opened_by: 'test admin',
      opened_at: at(),
      updated_at: at(),
      closed_at: null,
      timeline: [
        {
          id: expect.any(Number),
          at: at(),
          kind: 'opened',
          text: 'Opened from alert alert_slow (Checkout is slow): p99 latency 1000 ms > 500 ms',
          by: 'test admin',
        },
      ],
      runbook,
    });
    expect(await incident(opened.id)).toEqual(opened);
    expect((await alertRow('alert_slow')).incident_id).toBe(opened.id);

    clock.advance(60_000);
    const investigating = body<IncidentDetail>(
      await shop.admin('PATCH', `/v1/incidents/${opened.id}`, { status: 'investigating', owner: 'Camille' }),
      200,
    );
    expect(investigating).toMatchObject({ status: 'investigating', owner: 'Camille', updated_at: at() });
    const note = body<Entry>(
      await shop.admin('POST', `/v1/incidents/${opened.id}/timeline`, {
        kind: 'action',
        text: 'Opened the waiting room at 200/s',
      }),
      201,
    );
    expect(note).toEqual({
      id: expect.any(Number),
      at: at(),
      kind: 'action',
      text: 'Opened the waiting room at 200/s',
      by: 'test admin',
    });
    body(
      await shop.admin('PATCH', `/v1/incidents/${opened.id}`, { status: 'mitigated', severity: 'sev2' }),
      200,
    );
    expect((await listed('?status=open')).map((item) => item.id)).toContain(opened.id);

    clock.advance(60_000);
    const resolved = body<IncidentDetail>(
      await shop.admin('PATCH', `/v1/incidents/${opened.id}`, {
        status: 'resolved',
        summary: 'A slow payment provider; the waiting room held the line.',
      }),
      200,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      summary: 'A slow payment provider; the waiting room held the line.',
      closed_at: at(),
      runbook,
    });
    expect(resolved.timeline.map((entry) => [entry.kind, entry.text])).toEqual([
      ['opened', 'Opened from alert alert_slow (Checkout is slow): p99 latency 1000 ms > 500 ms'],
      ['status', 'Status open → investigating'],
      ['status', 'Owner none → Camille'],
      ['action', 'Opened the waiting room at 200/s'],
      ['status', 'Status investigating → mitigated'],
      ['status', 'Severity sev1 → sev2'],
      ['closed', 'Resolved: A slow payment provider; the waiting room held the line.'],
    ]);
    expect((await listed('?status=open')).map((item) => item.id)).not.toContain(opened.id);
    expect((await listed('?status=closed')).map((item) => item.id)).toContain(opened.id);
    expect((await incidentEvents(eventsBefore)).map((event) => event.type)).toEqual([
      'incident.opened',
      'incident.updated',
      'incident.updated',
      'incident.updated',
      'incident.closed',
    ]);
  });

  it('opens an incident by hand, without a runbook, and lists incidents newest first without timelines', async () => {
    const first = body<IncidentDetail>(
      await shop.admin('POST', '/v1/incidents', { title: 'Labels not printing', severity: 'sev3' }),
      201,
    );
    expect(first).toMatchObject({
      alert_id: null,
      rule_id: null,
      runbook: null,
      owner: null,
      status: 'open',
    });
    const second = body<IncidentDetail>(
      await shop.admin('POST', '/v1/incidents', {
        alert_id: 'alert_queue',
        title: 'Queue backs up',
        severity: 'sev1',
        owner: 'Yanis',
      }),
      201,
    );
    // The alert's rule is unknown here: no runbook, but the alert still points back.
    expect(second).toMatchObject({
      title: 'Queue backs up',
      severity: 'sev1',
      owner: 'Yanis',
      runbook: null,
    });
    expect((await alertRow('alert_queue')).incident_id).toBe(second.id);

    const open = await listed('?status=open');
    expect(open.slice(0, 2).map((item) => item.id)).toEqual([second.id, first.id]);
    for (const item of open) expect(item).not.toHaveProperty('timeline');
    expect(await listIncidents(shop.ctx, { status: 'open', limit: 1 })).toEqual({ data: [open[0]] });
    expect(await listed('?limit=1')).toHaveLength(1);
  });

  it('refuses forbidden moves with 409 and closing without a summary with 400, changing nothing', async () => {
    const opened = body<IncidentDetail>(
      await shop.admin('POST', '/v1/incidents', { title: 'Search is down', severity: 'sev2' }),
      201,
    );
    const path = `/v1/incidents/${opened.id}`;
    const skipped = expectError(
      await shop.admin('PATCH', path, { status: 'mitigated' }),
      409,
      'invalid_transition',
    );
    expect(skipped.details).toEqual({
      from: 'open',
      to: 'mitigated',
      allowed: ['investigating', 'resolved'],
    });
    const noSummary = expectError(
      await shop.admin('PATCH', path, { status: 'resolved' }),
      400,
      'validation_failed',
    );
    expect(noSummary.details).toEqual({ property: 'summary' });
    expect(await incident(opened.id)).toEqual(opened);

    body(await shop.admin('PATCH', path, { status: 'resolved', summary: 'Index rebuilt' }), 200);
    const closed = await incident(opened.id);
    for (const status of ['open', 'investigating', 'mitigated']) {
      expectError(await shop.admin('PATCH', path, { status }), 409, 'invalid_transition');
    }
    expect(await incident(opened.id)).toEqual(closed);
  });

  it('refuses an unknown alert, or one that has its incident already, opening nothing', async () => {
    const before = await listed();
    const eventsBefore = await eventsEnd(shop);
    const unknown = expectError(
      await shop.admin('POST', '/v1/incidents', { alert_id: 'alert_nope' }),
      422,
      'unknown_alert',
    );
    expect(unknown.details).toEqual({ alert_id: 'alert_nope' });
    const taken = expectError(
      await shop.admin('POST', '/v1/incidents', { alert_id: 'alert_slow', title: 'Again', severity: 'sev1' }),
      409,
      'alert_has_incident',
    );
    expect(taken.details).toEqual({
      alert_id: 'alert_slow',
      incident_id: (await alertRow('alert_slow')).incident_id,
    });
    expect(await listed()).toEqual(before);
    expect(await eventsEnd(shop)).toBe(eventsBefore);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const opened = body<IncidentDetail>(
      await shop.admin('POST', '/v1/incidents', { title: 'Slow admin', severity: 'sev3' }),
      201,
    );
    const path = `/v1/incidents/${opened.id}`;
    const before = await listed();
    const eventsBefore = await eventsEnd(shop);
    const refusals: [InjectOptions['method'], string, unknown, number, string][] = [
      ['POST', '/v1/incidents', { severity: 'sev2' }, 400, 'validation_failed'],
      ['POST', '/v1/incidents', { title: 'No severity' }, 400, 'validation_failed'],
      ['POST', '/v1/incidents', { title: 'x', severity: 'sev4' }, 400, 'validation_failed'],
      ['POST', '/v1/incidents', { title: '', severity: 'sev1' }, 400, 'validation_failed'],
      [
        'POST',
        '/v1/incidents',
        { title: 'x', severity: 'sev1', status: 'resolved' },
        400,
        'validation_failed',
      ],
      ['PATCH', path, {}, 400, 'validation_failed'],
      ['PATCH', path, { status: 'closed' }, 400, 'validation_failed'],
      ['PATCH', path, { summary: 'x'.repeat(5_001) }, 400, 'validation_failed'],
      ['PATCH', '/v1/incidents/inc_nope', { status: 'investigating' }, 404, 'not_found'],
      ['POST', `${path}/timeline`, { kind: 'switch', text: 'I flipped it' }, 400, 'validation_failed'],
      ['POST', `${path}/timeline`, { kind: 'note' }, 400, 'validation_failed'],
      ['POST', '/v1/incidents/inc_nope/timeline', { kind: 'note', text: 'hello' }, 404, 'not_found'],
      ['GET', '/v1/incidents?status=firing', undefined, 400, 'validation_failed'],
      ['GET', '/v1/incidents/inc_nope', undefined, 404, 'not_found'],
    ];
    for (const [method, url, payload, status, code] of refusals) {
      expectError(await shop.admin(method, url, payload), status, code);
    }
    expectError(await shop.storefront('GET', '/v1/incidents'), 403, 'forbidden');
    expectError(
      await shop.storefront('POST', '/v1/incidents', { title: 'x', severity: 'sev1' }),
      403,
      'forbidden',
    );
    expect(await listed()).toEqual(before);
    expect(await incident(opened.id)).toEqual(opened);
    expect(await eventsEnd(shop)).toBe(eventsBefore);
  });
});
