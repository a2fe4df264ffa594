/**
 * Alerts end to end on both stores: the rules API and its bad input, alerts firing and resolving as
 * the evaluator sees the figures, one alert however many evaluators, the default plan, and webhooks
 * received by a real HTTP server in both formats, through failures and silence.
 */

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../src/channels/index.js';
import type { AlertTransition } from '../src/ops/alerts/alert-view.js';
import { alertBodyFormats } from '../src/ops/alerts/alert-webhooks.js';
import {
  type AlertMemory,
  createAlertMemory,
  evaluateAlerts,
  startAlertEvaluator,
} from '../src/ops/alerts/alerts.js';
import type { Alert, Rule, Webhook } from '../src/ops/alerts/contract.js';
import { defaultAlertRules, ensureDefaultAlertRules } from '../src/ops/alerts/default-rules.js';
import type { AlertInputs } from '../src/ops/core/alerts.js';
import {
  bucketOf,
  emptyBuckets,
  type MinutePoint,
  minuteMs,
  minuteStart,
  quietMinute,
} from '../src/ops/core/figures.js';
import { type AppContext, createContext } from '../src/platform/context.js';
import { limits } from '../src/platform/core/limits.js';
import type { Event } from '../src/platform/outbox/contract.js';
import { openStore } from '../src/server/store.js';
import { body, eventsAfter, eventsEnd, expectError } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const checkoutSlow = {
  name: 'Checkout is slow',
  severity: 'critical',
  enabled: true,
  condition: {
    kind: 'threshold',
    metric: 'latency_p99_ms',
    op: 'above',
    value: 500,
    resolve_value: 300,
    window_minutes: 1,
  },
  runbook: '## Checkout is slow\n1. Open the waiting room at 200/s…',
};

/** The last three whole minutes at 10 req/s, every request answered in `latencyMs`. */
function figures(nowMs: number, latencyMs: number): AlertInputs {
  const series: MinutePoint[] = [3, 2, 1].map((ago) => {
    const latencyBuckets = emptyBuckets();
    latencyBuckets[bucketOf(latencyMs)] = 600;
    return { ...quietMinute(minuteStart(nowMs) - ago * minuteMs), requests: 600, latencyBuckets };
  });
  return {
    nowMs,
    series,
    topSkus: [],
    failingSales: [],
    paymentMinutes: [],
    promoCodeMinutes: [],
    delayedBackorderLines: 0,
    contactMinutes: [],
  };
}

/** A local webhook receiver: `/ok` answers 200, `/flaky` 500 then 200 in turn, `/broken` 500, `/silent` never. */
async function webhookReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: any }[] = [];
  let flakyCalls = 0;
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body: JSON.parse(text) });
      if (path === '/silent') return;
      if (path === '/broken' || (path === '/flaky' && flakyCalls++ % 2 === 0)) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end('database is down');
        return;
      }
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(engines)('alerts on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock(Date.parse('2026-11-27T20:00:30.000Z'));
  /**
   * The alert webhooks' deliveries, on the real clock (the shop's is set by hand) and with short
   * waits: a failed attempt is retried 10 to 20 ms later, and the second is the last.
   */
  let dispatcher: WebhookDispatcher;
  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    dispatcher = new WebhookDispatcher(createContext(shop.ctx.store), {
      policy: { attemptsMax: 2, backoffMs: 20, backoffMaxMs: 20 },
      timeoutMs: 300,
      pollMs: 10,
      inFlightMax: 4,
      formats: alertBodyFormats,
    });
  });
  afterAll(() => shop.close());

  const rules = async () => body<{ data: Rule[] }>(await shop.admin('GET', '/v1/alert-rules'), 200).data;
  const alerts = async (query = '') =>
    body<{ data: Alert[] }>(await shop.admin('GET', `/v1/alerts${query}`), 200).data;
  const webhooks = async () =>
    body<{ data: Webhook[] }>(await shop.admin('GET', '/v1/alert-webhooks'), 200).data;
  const alertsOf = async (ruleId: string, query = '') =>
    (await alerts(query)).filter((alert) => alert.rule_id === ruleId);

  /** `times` evaluations 5 s apart; the transitions of `ruleId` only (other tests' rules may be evaluated too). */
  async function evaluate(ruleId: string, memory: AlertMemory, latencyMs: number, times = 1) {
    const transitions: AlertTransition[] = [];
    for (let evaluation = 0; evaluation < times; evaluation++) {
      clock.advance(limits.alertEvaluationIntervalMs);
      const result = await evaluateAlerts(shop.ctx, figures(clock.now(), latencyMs), memory);
      await dispatcher.drain();
      transitions.push(...result.filter((transition) => transition.alert.rule_id === ruleId));
    }
    return transitions;
  }

  describe('the rules API', () => {
    it('creates a rule with PUT, answers it as stored, and lists it', async () => {
      const created = body<Rule>(await shop.admin('PUT', '/v1/alert-rules/checkout-slow', checkoutSlow), 200);
      expect(created).toEqual({
        id: 'checkout-slow',
        ...checkoutSlow,
        created_at: new Date(clock.now()).toISOString(),
        updated_at: new Date(clock.now()).toISOString(),
      });
      expect((await rules()).find((rule) => rule.id === 'checkout-slow')).toEqual(created);
    });

    it('replaces a rule whole with PUT, keeping when it was created; defaults enabled and runbook', async () => {
      const before = (await rules()).find((rule) => rule.id === 'checkout-slow')!;
      clock.advance(60_000);
      const replaced = body<Rule>(
        await shop.admin('PUT', '/v1/alert-rules/checkout-slow', {
          name: 'Checkout is very slow',
          severity: 'warning',
          condition: { ...checkoutSlow.condition, value: 1000, resolve_value: 500 },
        }),
        200,
      );
      expect(replaced).toEqual({
        id: 'checkout-slow',
        name: 'Checkout is very slow',
        severity: 'warning',
        enabled: true,
        condition: { ...checkoutSlow.condition, value: 1000, resolve_value: 500 },
        runbook: null,
        created_at: before.created_at,
        updated_at: new Date(clock.now()).toISOString(),
      });
    });

    it('takes every kind of condition', async () => {
      const conditions = [
        { kind: 'spike', ratio: 3, window_minutes: 5, baseline_minutes: 30, min_requests_per_s: 5 },
        {
          kind: 'conversion_drop',
          drop_ratio: 0.5,
          traffic_ratio: 0.8,
          window_minutes: 10,
          baseline_minutes: 60,
          min_requests_per_s: 2,
        },
        { kind: 'top_sku_out', top_n: 10 },
        { kind: 'sale_check_failed' },
        { kind: 'backorders_delayed', min_lines: 5 },
        { kind: 'contacts_spike', ratio: 3, window_minutes: 15, baseline_minutes: 60, min_contacts: 10 },
      ];
      for (const condition of conditions) {
        const id = `kind-${condition.kind}`;
        const rule = { name: `A ${condition.kind} rule`, severity: 'info', enabled: false, condition };
        expect(body<Rule>(await shop.admin('PUT', `/v1/alert-rules/${id}`, rule), 200)).toMatchObject(rule);
        expect((await shop.admin('DELETE', `/v1/alert-rules/${id}`)).statusCode).toBe(204);
      }
    });

    it('deletes a rule (204), then answers 404 not_found', async () => {
      const start = await eventsEnd(shop);
      const deleted = await shop.admin('DELETE', '/v1/alert-rules/checkout-slow');
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expect((await rules()).map((rule) => rule.id)).not.toContain('checkout-slow');
      const events = (await eventsAfter(shop, start)).events;
      expect(events.map((event) => [event.type, event.entity_id])).toEqual([
        ['alert_rule.deleted', 'checkout-slow'],
      ]);
      const again = expectError(
        await shop.admin('DELETE', '/v1/alert-rules/checkout-slow'),
        404,
        'not_found',
      );
      expect(again.details).toEqual({ 'alert rule': 'checkout-slow' });
    });

    const badRules: [string, unknown, string][] = [
      [
        'a resolve_value on the wrong side of value',
        { ...checkoutSlow, condition: { ...checkoutSlow.condition, resolve_value: 800 } },
        '/condition/resolve_value',
      ],
      [
        'a resolve_value on the wrong side of a below',
        {
          ...checkoutSlow,
          condition: {
            ...checkoutSlow.condition,
            metric: 'orders_per_min',
            op: 'below',
            value: 10,
            resolve_value: 5,
          },
        },
        '/condition/resolve_value',
      ],
      [
        'an unknown metric',
        { ...checkoutSlow, condition: { ...checkoutSlow.condition, metric: 'happiness' } },
        '/condition',
      ],
      ['an unknown kind', { ...checkoutSlow, condition: { kind: 'vibes', top_n: 3 } }, '/condition'],
      [
        'a field of another kind',
        { ...checkoutSlow, condition: { ...checkoutSlow.condition, top_n: 3 } },
        '/condition',
      ],
      [
        'a baseline no longer than its window',
        {
          ...checkoutSlow,
          condition: {
            kind: 'spike',
            ratio: 3,
            window_minutes: 10,
            baseline_minutes: 10,
            min_requests_per_s: 1,
          },
        },
        '/condition/baseline_minutes',
      ],
      [
        'a window past an hour',
        { ...checkoutSlow, condition: { ...checkoutSlow.condition, window_minutes: 61 } },
        '/condition',
      ],
      [
        'an error rate given in percent',
        {
          ...checkoutSlow,
          condition: { ...checkoutSlow.condition, metric: 'error_rate', value: 2, resolve_value: 0.5 },
        },
        '/condition/value',
      ],
      ['an unknown severity', { ...checkoutSlow, severity: 'apocalyptic' }, '/severity'],
      ['an unknown field', { ...checkoutSlow, colour: 'red' }, '/'],
      ['no condition', { name: 'Nothing', severity: 'info' }, '/'],
      [
        'a value sent as text',
        { ...checkoutSlow, condition: { ...checkoutSlow.condition, value: '500' } },
        '/condition',
      ],
    ];

    it.each(
      badRules,
    )('refuses %s with 400 validation_failed, changing nothing', async (_what, rule, path) => {
      const [rulesBefore, eventsBefore] = [await rules(), await eventsEnd(shop)];
      const error = expectError(
        await shop.admin('PUT', '/v1/alert-rules/bad-rule', rule),
        400,
        'validation_failed',
      );
      const paths = (error.details as { errors: { path: string }[] }).errors.map((problem) => problem.path);
      expect(paths.some((found) => found.startsWith(path))).toBe(true);
      expect(await rules()).toEqual(rulesBefore);
      expect(await eventsEnd(shop)).toBe(eventsBefore);
    });

    it('is in the OpenAPI document, the condition one schema per kind', async () => {
      const document = (await shop.app.inject({ method: 'GET', url: '/docs/json' })).json();
      for (const [path, method] of [
        ['/v1/alert-rules', 'get'],
        ['/v1/alert-rules/{id}', 'put'],
        ['/v1/alert-rules/{id}', 'delete'],
        ['/v1/alerts', 'get'],
        ['/v1/alert-webhooks', 'post'],
        ['/v1/alert-webhooks', 'get'],
        ['/v1/alert-webhooks/{id}', 'delete'],
      ]) {
        expect(document.paths[path!]?.[method!]?.tags, `${method} ${path}`).toEqual(['operations']);
      }
      const put = document.paths['/v1/alert-rules/{id}'].put;
      const condition = put.requestBody.content['application/json'].schema.properties.condition;
      const kinds = (condition.anyOf as { properties: { kind: { enum: string[] } } }[]).map(
        (schema) => schema.properties.kind.enum[0],
      );
      expect(kinds).toEqual([
        'threshold',
        'spike',
        'conversion_drop',
        'top_sku_out',
        'sale_check_failed',
        'payment_failures',
        'promo_code_surge',
        'backorders_delayed',
        'contacts_spike',
      ]);
    });

    it('refuses bad ids and queries, and keys without the admin scope', async () => {
      expectError(
        await shop.admin('PUT', '/v1/alert-rules/bad%20id', checkoutSlow),
        400,
        'validation_failed',
      );
      expectError(await shop.admin('GET', '/v1/alerts?status=burning'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/alerts?limit=0'), 400, 'validation_failed');
      expectError(await shop.storefront('GET', '/v1/alert-rules'), 403, 'forbidden');
      expectError(await shop.storefront('PUT', '/v1/alert-rules/x', checkoutSlow), 403, 'forbidden');
      expectError(await shop.storefront('GET', '/v1/alerts'), 403, 'forbidden');
      expectError(await shop.storefront('GET', '/v1/alert-webhooks'), 403, 'forbidden');
    });
  });

  describe('evaluation', () => {
    it('fires after two slow evaluations, shows the alert, and resolves after three clear ones', async () => {
      body(await shop.admin('PUT', '/v1/alert-rules/slow-1', checkoutSlow), 200);
      const memory = createAlertMemory();
      const start = await eventsEnd(shop);

      expect(await evaluate('slow-1', memory, 900)).toEqual([]);
      expect(await alertsOf('slow-1')).toEqual([]);
      const fired = await evaluate('slow-1', memory, 900);
      expect(fired.map((transition) => transition.event)).toEqual(['alert.fired']);

      const [firing] = await alertsOf('slow-1', '?status=firing');
      expect(firing).toEqual({
        id: expect.stringMatching(/^alert_/),
        rule_id: 'slow-1',
        rule_name: 'Checkout is slow',
        severity: 'critical',
        status: 'firing',
        message: 'p99 latency 1000 ms > 500 ms',
        value: 1000,
        fired_at: new Date(clock.now()).toISOString(),
        resolved_at: null,
        incident_id: null,
      });
      expect(fired[0]!.alert).toEqual(firing);

      // Still slow, then in the band between 300 and 500 ms: the same alert, no other.
      expect(await evaluate('slow-1', memory, 900, 3)).toEqual([]);
      expect(await evaluate('slow-1', memory, 400, 4)).toEqual([]);
      expect(await evaluate('slow-1', memory, 50, 2)).toEqual([]);
      expect((await alertsOf('slow-1', '?status=firing')).map((alert) => alert.id)).toEqual([firing!.id]);

      const resolved = await evaluate('slow-1', memory, 50);
      expect(resolved.map((transition) => transition.event)).toEqual(['alert.resolved']);
      expect(await alertsOf('slow-1', '?status=firing')).toEqual([]);
      const [past] = await alertsOf('slow-1', '?status=resolved');
      expect(past).toEqual({
        ...firing,
        status: 'resolved',
        resolved_at: new Date(clock.now()).toISOString(),
      });

      const events = (await eventsAfter(shop, start)).events.filter(
        (event) => event.entity_id === firing!.id,
      );
      expect(events.map((event: Event) => [event.type, event.payload])).toEqual([
        ['alert.fired', firing],
        ['alert.resolved', past],
      ]);
    });

    it('lists alerts newest first, within the limit', async () => {
      const memory = createAlertMemory();
      await evaluate('slow-1', memory, 900, 2);
      const newest = await alertsOf('slow-1');
      expect(newest.map((alert) => alert.status)).toEqual(['firing', 'resolved']);
      expect((await alerts('?limit=1')).map((alert) => alert.id)).toEqual([newest[0]!.id]);
      await evaluate('slow-1', memory, 50, 3);
    });

    it('resolves a firing alert at once when its rule is disabled or deleted; past alerts stay', async () => {
      const memory = createAlertMemory();
      await evaluate('slow-1', memory, 900, 2);
      expect(await alertsOf('slow-1', '?status=firing')).toHaveLength(1);
      body(await shop.admin('PUT', '/v1/alert-rules/slow-1', { ...checkoutSlow, enabled: false }), 200);
      expect(await alertsOf('slow-1', '?status=firing')).toEqual([]);
      expect(await evaluate('slow-1', memory, 900, 3)).toEqual([]);

      body(await shop.admin('PUT', '/v1/alert-rules/slow-2', checkoutSlow), 200);
      await evaluate('slow-2', memory, 900, 2);
      expect(await alertsOf('slow-2', '?status=firing')).toHaveLength(1);
      expect((await shop.admin('DELETE', '/v1/alert-rules/slow-2')).statusCode).toBe(204);
      expect(await alertsOf('slow-2', '?status=firing')).toEqual([]);
      expect(await alertsOf('slow-2', '?status=resolved')).toHaveLength(1);
      expect((await shop.admin('DELETE', '/v1/alert-rules/slow-1')).statusCode).toBe(204);
    });

    it('tells an incident opened from an alert when its rule resolves and fires again', async () => {
      body(await shop.admin('PUT', '/v1/alert-rules/slow-incident', checkoutSlow), 200);
      const memory = createAlertMemory();
      await evaluate('slow-incident', memory, 900, 2);
      const [firing] = await alertsOf('slow-incident', '?status=firing');
      const incident = body<{ id: string }>(
        await shop.admin('POST', '/v1/incidents', { alert_id: firing!.id, title: 'Checkout slow' }),
        201,
      );
      await evaluate('slow-incident', memory, 50, 3);
      await evaluate('slow-incident', memory, 900, 2);
      const timeline = body<{ timeline: { kind: string; text: string }[] }>(
        await shop.admin('GET', `/v1/incidents/${incident.id}`),
        200,
      ).timeline.filter((entry) => entry.kind === 'alert');
      expect(timeline.map((entry) => entry.text)).toEqual([
        'Resolved: Checkout is slow',
        'Fired: p99 latency 1000 ms > 500 ms',
      ]);
      expect((await shop.admin('DELETE', '/v1/alert-rules/slow-incident')).statusCode).toBe(204);
    });

    // Two processes on PostgreSQL; on SQLite, which has one writer and so one process, two evaluators in it.
    it('fires one alert when two evaluators see the same figures at the same time', async () => {
      body(await shop.admin('PUT', '/v1/alert-rules/raced', checkoutSlow), 200);
      const otherStore = engine === 'postgres' ? await openStore(shop.testStore.location) : undefined;
      try {
        const evaluators: [AppContext, AlertMemory][] = [
          [shop.ctx, createAlertMemory()],
          [otherStore === undefined ? shop.ctx : createContext(otherStore, clock), createAlertMemory()],
        ];
        const round = async (latencyMs: number) => {
          clock.advance(limits.alertEvaluationIntervalMs);
          const inputs = figures(clock.now(), latencyMs);
          const results = await Promise.all(
            evaluators.map(([ctx, memory]) => evaluateAlerts(ctx, inputs, memory)),
          );
          return results.flat().filter((transition) => transition.alert.rule_id === 'raced');
        };
        const start = await eventsEnd(shop);
        const fired = [...(await round(900)), ...(await round(900)), ...(await round(900))];
        expect(fired.map((transition) => transition.event)).toEqual(['alert.fired']);
        expect(await alertsOf('raced', '?status=firing')).toHaveLength(1);

        const resolved = [...(await round(50)), ...(await round(50)), ...(await round(50))];
        expect(resolved.map((transition) => transition.event)).toEqual(['alert.resolved']);
        const events = (await eventsAfter(shop, start)).events.filter(
          (event) => event.entity_type === 'alert',
        );
        expect(events.map((event) => event.type)).toEqual(['alert.fired', 'alert.resolved']);
      } finally {
        await otherStore?.close();
      }
      expect((await shop.admin('DELETE', '/v1/alert-rules/raced')).statusCode).toBe(204);
    });

    it('runs by itself every interval, logging a failure and going on', async () => {
      body(await shop.admin('PUT', '/v1/alert-rules/timed', checkoutSlow), 200);
      const logged: unknown[] = [];
      let reads = 0;
      const evaluator = startAlertEvaluator(
        shop.ctx,
        async () => {
          reads += 1;
          if (reads === 1) throw new Error('figures unavailable');
          return figures(clock.now(), 900);
        },
        (error) => logged.push(error),
        10,
      );
      try {
        for (let waited = 0; (await alertsOf('timed', '?status=firing')).length === 0; waited++) {
          expect(waited, 'the evaluator never fired').toBeLessThan(500);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        await evaluator.stop();
      }
      expect(logged).toEqual([new Error('figures unavailable')]);
      const readsAtStop = reads;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reads).toBe(readsAtStop);
      expect((await shop.admin('DELETE', '/v1/alert-rules/timed')).statusCode).toBe(204);
    });
  });

  describe('webhooks', () => {
    let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
    beforeAll(async () => {
      receiver = await webhookReceiver();
    });
    afterAll(() => receiver.close());

    const addWebhook = async (name: string, path: string, format: 'json' | 'slack') =>
      body<Webhook>(
        await shop.admin('POST', '/v1/alert-webhooks', { name, url: receiver.url(path), format }),
        201,
      );
    const removeWebhooks = async (hooks: Webhook[]) => {
      for (const hook of hooks)
        expect((await shop.admin('DELETE', `/v1/alert-webhooks/${hook.id}`)).statusCode).toBe(204);
    };

    it('creates, lists and deletes webhooks; refuses what is not an http(s) URL, changing nothing', async () => {
      const hook = await addWebhook('Team chat', '/ok', 'slack');
      expect(hook).toEqual({
        id: expect.stringMatching(/^hook_/),
        name: 'Team chat',
        url: receiver.url('/ok'),
        format: 'slack',
        created_at: new Date(clock.now()).toISOString(),
        last_attempt_at: null,
        last_status: null,
        last_error: null,
      });
      expect(await webhooks()).toEqual([hook]);
      const eventsBefore = await eventsEnd(shop);
      for (const bad of [
        { name: 'Files', url: 'ftp://example.com/hook', format: 'json' },
        { name: 'Nowhere', url: 'not a url', format: 'json' },
        { name: 'Pager', url: 'https://pager.example.com/hook', format: 'xml' },
        { name: 'Pager', url: 'https://pager.example.com/hook' },
        { name: 'Pager', url: 'https://pager.example.com/hook', format: 'json', secret: 'x' },
      ]) {
        expectError(await shop.admin('POST', '/v1/alert-webhooks', bad), 400, 'validation_failed');
      }
      expect(await webhooks()).toEqual([hook]);
      expect(await eventsEnd(shop)).toBe(eventsBefore);
      await removeWebhooks([hook]);
      expect(await webhooks()).toEqual([]);
      expectError(await shop.admin('DELETE', `/v1/alert-webhooks/${hook.id}`), 404, 'not_found');
    });

    it(`keeps at most ${limits.alertWebhooksMax} webhooks`, async () => {
      const hooks: Webhook[] = [];
      for (let index = 0; index < limits.alertWebhooksMax; index++) {
        hooks.push(await addWebhook(`Hook ${index}`, '/ok', 'json'));
      }
      const refused = await shop.admin('POST', '/v1/alert-webhooks', {
        name: 'One more',
        url: receiver.url('/ok'),
        format: 'json',
      });
      expectError(refused, 409, 'limit_reached');
      expect(await webhooks()).toHaveLength(limits.alertWebhooksMax);
      await removeWebhooks(hooks);
    });

    it('posts each firing and resolution in both formats, retrying a webhook that failed once', async () => {
      const hooks = [
        await addWebhook('Pager', '/ok', 'json'),
        await addWebhook('Team chat', '/ok-slack', 'slack'),
        await addWebhook('Flaky relay', '/flaky', 'json'),
      ];
      body(await shop.admin('PUT', '/v1/alert-rules/hooked', checkoutSlow), 200);
      const memory = createAlertMemory();
      await evaluate('hooked', memory, 900, 2);
      const [firing] = await alertsOf('hooked', '?status=firing');

      expect(receiver.at('/ok').map((request) => request.body)).toEqual([
        { event: 'alert.fired', alert: firing },
      ]);
      expect(receiver.at('/ok')[0]!.headers['content-type']).toBe('application/json');
      const [slack] = receiver.at('/ok-slack').map((request) => request.body);
      expect(slack).toEqual({
        text: ':rotating_light: Firing: Checkout is slow (critical): p99 latency 1000 ms &gt; 500 ms',
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `*:rotating_light: Firing: Checkout is slow* (critical)\np99 latency 1000 ms &gt; 500 ms\nRule \`hooked\`, fired ${firing!.fired_at}`,
            },
          },
        ],
      });
      // The first attempt answered 500; the second, a moment later, went through.
      expect(receiver.at('/flaky').map((request) => request.body)).toEqual([
        { event: 'alert.fired', alert: firing },
        { event: 'alert.fired', alert: firing },
      ]);
      for (const hook of await webhooks()) {
        expect(hook).toMatchObject({
          last_status: 200,
          last_error: null,
          last_attempt_at: expect.any(String),
        });
      }

      await evaluate('hooked', memory, 50, 3);
      const [resolved] = await alertsOf('hooked', '?status=resolved');
      expect(receiver.at('/ok').map((request) => request.body)).toEqual([
        { event: 'alert.fired', alert: firing },
        { event: 'alert.resolved', alert: resolved },
      ]);
      expect(receiver.at('/ok-slack')[1]!.body.text).toBe(
        ':white_check_mark: Resolved: Checkout is slow (critical): p99 latency 1000 ms &gt; 500 ms',
      );
      expect(receiver.at('/flaky')).toHaveLength(4);
      await removeWebhooks(hooks);
      expect((await shop.admin('DELETE', '/v1/alert-rules/hooked')).statusCode).toBe(204);
    });

    it('records why a webhook failed: one answering 500 every time, one never answering', async () => {
      const hooks = [
        await addWebhook('Broken', '/broken', 'json'),
        await addWebhook('Silent', '/silent', 'slack'),
      ];
      body(await shop.admin('PUT', '/v1/alert-rules/unheard', checkoutSlow), 200);
      const memory = createAlertMemory();
      clock.advance(limits.alertEvaluationIntervalMs);
      await evaluateAlerts(shop.ctx, figures(clock.now(), 900), memory);
      clock.advance(limits.alertEvaluationIntervalMs);
      const result = await evaluateAlerts(shop.ctx, figures(clock.now(), 900), memory);
      expect(result.map((transition) => transition.alert.rule_id)).toEqual(['unheard']);
      // Evaluation is done without waiting for the webhooks: nothing has been sent yet.
      expect(receiver.at('/broken')).toHaveLength(0);
      await dispatcher.drain();

      expect(receiver.at('/broken')).toHaveLength(2);
      expect(receiver.at('/silent')).toHaveLength(2);
      const byName = new Map((await webhooks()).map((hook) => [hook.name, hook]));
      expect(byName.get('Broken')).toMatchObject({
        last_status: 500,
        last_error: 'answered 500: database is down',
      });
      expect(byName.get('Silent')).toMatchObject({
        last_status: null,
        last_error: 'no answer within 300 ms',
      });
      await removeWebhooks(hooks);
      expect((await shop.admin('DELETE', '/v1/alert-rules/unheard')).statusCode).toBe(204);
    });
  });
});

describe.each(engines)('the default alert rules on %s', (engine) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(() => shop.close());

  it('writes the starter plan on the first start only, each rule with its runbook', async () => {
    expect(await ensureDefaultAlertRules(shop.ctx)).toBe(defaultAlertRules.length);
    const listed = body<{ data: Rule[] }>(await shop.admin('GET', '/v1/alert-rules'), 200).data;
    expect(listed.map((rule) => rule.id).sort()).toEqual(defaultAlertRules.map((rule) => rule.id).sort());
    expect(listed.map((rule) => rule.condition.kind).sort()).toEqual([
      'backorders_delayed',
      'contacts_spike',
      'conversion_drop',
      'payment_failures',
      'promo_code_surge',
      'sale_check_failed',
      'spike',
      'threshold',
      'threshold',
      'threshold',
      'threshold',
      'threshold',
      'top_sku_out',
    ]);
    for (const rule of listed) {
      expect(rule.enabled).toBe(true);
      expect(rule.runbook).toMatch(/^## /);
      expect(rule.runbook).toMatch(/\*\*Act\.\*\*/);
      // Each names the switch that acts on it: the waiting room, a channel's, a promo code's kill
      // switch, or the terms that stop selling beyond stock.
      expect(rule.runbook).toMatch(
        /PUT \/v1\/(waiting-room|switches|backorder-terms)|POST \/v1\/promo-codes\/\{code\}\/disable/,
      );
    }
    expect(await ensureDefaultAlertRules(shop.ctx)).toBe(0);
  });

  it('does not bring back a default rule the shop deleted', async () => {
    expect((await shop.admin('DELETE', '/v1/alert-rules/traffic-spike')).statusCode).toBe(204);
    expect(await ensureDefaultAlertRules(shop.ctx)).toBe(0);
    const listed = body<{ data: Rule[] }>(await shop.admin('GET', '/v1/alert-rules'), 200).data;
    expect(listed.map((rule) => rule.id)).not.toContain('traffic-spike');
    expect(listed).toHaveLength(defaultAlertRules.length - 1);
  });

  it('adds the default rules Affluence gained since the shop was seeded, once', async () => {
    const upgraded = await openShop(engine);
    try {
      // A shop seeded before the payment, promo code, late backorder and customer contacts rules
      // existed, by a version whose mark named no rules.
      await upgraded.ctx.store.transaction((tx) =>
        tx.settings.put('alert_rules_seeded', { seeded_at: 0, by: 'seed_old' }, 0),
      );
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(4);
      const listed = body<{ data: Rule[] }>(await upgraded.admin('GET', '/v1/alert-rules'), 200).data;
      expect(listed.map((rule) => rule.id).sort()).toEqual([
        'backorders-delayed',
        'contacts-spike',
        'payment-failures-high',
        'promo-code-leaked',
      ]);
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(0);
      // Deleted, it stays deleted.
      expect((await upgraded.admin('DELETE', '/v1/alert-rules/payment-failures-high')).statusCode).toBe(204);
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(0);
    } finally {
      await upgraded.close();
    }
  });

  it('adds the late backorders rule to a shop seeded with the eleven rules before it, once', async () => {
    const upgraded = await openShop(engine);
    try {
      const eleven = defaultAlertRules
        .map((rule) => rule.id)
        .filter((id) => id !== 'backorders-delayed' && id !== 'contacts-spike');
      expect(eleven).toHaveLength(11);
      // Seeded by the version before, whose mark named the rules it wrote (the contacts rule came later still).
      await upgraded.ctx.store.transaction((tx) =>
        tx.settings.put('alert_rules_seeded', { seeded_at: 0, by: 'seed_old', rules: eleven }, 0),
      );
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(2);
      const added = body<{ data: Rule[] }>(await upgraded.admin('GET', '/v1/alert-rules'), 200).data;
      expect(added.map((each) => each.id).sort()).toEqual(['backorders-delayed', 'contacts-spike']);
      const rule = added.find((each) => each.id === 'backorders-delayed');
      expect(rule).toMatchObject({
        id: 'backorders-delayed',
        name: 'Orders sold beyond stock are late',
        enabled: true,
        condition: { kind: 'backorders_delayed', min_lines: 1 },
      });
      expect(rule!.runbook).toContain('GET /v1/backorders?delayed=true');
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(0);
      expect((await upgraded.admin('DELETE', '/v1/alert-rules/backorders-delayed')).statusCode).toBe(204);
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(0);
    } finally {
      await upgraded.close();
    }
  });

  it('adds the customer contacts rule to a shop seeded with the twelve rules before it, once', async () => {
    const upgraded = await openShop(engine);
    try {
      const twelve = defaultAlertRules.map((rule) => rule.id).filter((id) => id !== 'contacts-spike');
      expect(twelve).toHaveLength(12);
      await upgraded.ctx.store.transaction((tx) =>
        tx.settings.put('alert_rules_seeded', { seeded_at: 0, by: 'seed_old', rules: twelve }, 0),
      );
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(1);
      const [rule] = body<{ data: Rule[] }>(await upgraded.admin('GET', '/v1/alert-rules'), 200).data;
      expect(rule).toMatchObject({
        id: 'contacts-spike',
        name: 'Customer contacts are spiking',
        severity: 'warning',
        enabled: true,
        condition: {
          kind: 'contacts_spike',
          ratio: 3,
          window_minutes: 15,
          baseline_minutes: 60,
          min_contacts: 10,
        },
      });
      // Where a delivery problem shows first: the carriers' shipments, the orders' statuses, the topics.
      expect(rule!.runbook).toContain('GET /v1/contacts?from=');
      expect(rule!.runbook).toContain('GET /v1/orders/{id}/shipments');
      expect(rule!.runbook).toContain('What the topics say');
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(0);
      expect((await upgraded.admin('DELETE', '/v1/alert-rules/contacts-spike')).statusCode).toBe(204);
      expect(await ensureDefaultAlertRules(upgraded.ctx)).toBe(0);
    } finally {
      await upgraded.close();
    }
  });

  // Several processes on PostgreSQL; on SQLite (one process), several starts within it.
  it('writes the plan once when several processes start at once', async () => {
    const fresh = await openShop(engine);
    const others =
      engine === 'postgres'
        ? await Promise.all([openStore(fresh.testStore.location), openStore(fresh.testStore.location)])
        : [];
    try {
      const stores =
        engine === 'postgres' ? [fresh.testStore.store, ...others] : Array(3).fill(fresh.testStore.store);
      const written = await Promise.all(stores.map((store) => ensureDefaultAlertRules(createContext(store))));
      expect(written.sort()).toEqual([0, 0, defaultAlertRules.length]);
      const events = (await eventsAfter(fresh, 0)).events.filter(
        (event) => event.type === 'alert_rule.created',
      );
      expect(events).toHaveLength(defaultAlertRules.length);
    } finally {
      await Promise.all(others.map((store) => store.close()));
      await fresh.close();
    }
  });
});
