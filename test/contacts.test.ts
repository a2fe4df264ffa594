/**
 * Customer contacts on both stores: recorded from the help desk with the server's time, bad input
 * and an unknown order refused with nothing stored, a retried report counted once; listed newest
 * first, counted per minute and by channel in the operations room; the default rule firing on a
 * spike and not on a quiet shop's few calls; and contacts per order placed, over HTTP and from the
 * operations room's entry as the planner reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultAlertRules } from '../src/ops/alerts/default-rules.js';
import { recordContact } from '../src/ops/contacts/contacts.js';
import type { Contact, ContactMinute, ContactRate } from '../src/ops/contacts/contract.js';
import type { Overview } from '../src/ops/contract.js';
import { contactRate } from '../src/ops/index.js';
import type { Order } from '../src/orders/contract.js';
import { limits } from '../src/platform/core/limits.js';
import type { Page } from '../src/platform/http/schemas.js';
import { watchRule } from './support/alert-rule.js';
import { body, eventsAfter, eventsEnd, expectError, placed } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const minuteMs = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(engines)('customer contacts on %s', (engine) => {
  let shop: TestShop;
  // Friday 27 November 2026, 09:00:30 UTC: Black Friday morning, half a minute into a minute.
  const startMs = Date.parse('2026-11-27T09:00:30.000Z');
  const clock = manualClock(startMs);
  let order: Order;

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
  });
  afterAll(() => shop.close());

  const record = (input: unknown, headers?: Record<string, string>) =>
    shop.admin('POST', '/v1/contacts', input, headers);
  const listed = async (query = '') =>
    body<Page<Contact>>(await shop.admin('GET', `/v1/contacts${query}`), 200);

  describe('recording', () => {
    it('records a contact with the server’s time, about an order or not, and writes its event', async () => {
      const eventsBefore = await eventsEnd(shop);
      const call = body<Contact>(
        await record({ channel: 'phone', topic: 'where is my order', order_id: order.id }),
        201,
      );
      expect(call).toEqual({
        id: expect.stringMatching(/^ctc_/),
        channel: 'phone',
        topic: 'where is my order',
        order_id: order.id,
        created_at: iso(startMs),
      });
      const post = body<Contact>(await record({ channel: 'social' }), 201);
      expect(post).toMatchObject({
        channel: 'social',
        topic: null,
        order_id: null,
        created_at: iso(startMs),
      });
      const { events } = await eventsAfter(shop, eventsBefore);
      expect(events.map((event) => [event.type, event.entity_id, event.payload])).toEqual([
        ['contact.recorded', call.id, call],
        ['contact.recorded', post.id, post],
      ]);
      expect((await listed()).data.map((contact) => contact.id)).toEqual([post.id, call.id]);
    });

    it('refuses bad input and an unknown order, and stores nothing', async () => {
      const before = await listed();
      const eventsBefore = await eventsEnd(shop);
      for (const bad of [
        {},
        { channel: 'fax' },
        { channel: 'PHONE' },
        { channel: 'email', topic: '' },
        { channel: 'email', topic: 'x'.repeat(limits.contactTopicLengthMax + 1) },
        { channel: 'email', topic: 42 },
        { channel: 'chat', order_id: 'not an id' },
        { channel: 'chat', created_at: '2020-01-01T00:00:00Z' },
        { channel: 'chat', message: 'Bonjour, où est ma commande ?' },
        [{ channel: 'chat' }],
      ]) {
        expectError(await record(bad), 400, 'validation_failed');
      }
      const unknown = expectError(await record({ channel: 'email', order_id: 'ord_NOPE' }), 404, 'not_found');
      expect(unknown.details).toEqual({ order: 'ord_NOPE' });
      // Without the admin scope, or without a key.
      expectError(await shop.storefront('POST', '/v1/contacts', { channel: 'chat' }), 403, 'forbidden');
      const anonymous = await shop.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        payload: { channel: 'chat' },
      });
      expectError(anonymous, 401, 'unauthorized');
      expect(await listed()).toEqual(before);
      expect(await eventsEnd(shop)).toBe(eventsBefore);
    });

    it('answers a retried report with the contact it recorded, and refuses the key for another', async () => {
      const key = { 'idempotency-key': 'zendesk-ticket-4812' };
      const report = { channel: 'email', topic: 'parcel damaged', order_id: order.id };
      const first = body<Contact>(await record(report, key), 201);
      clock.advance(5_000);
      const eventsBefore = await eventsEnd(shop);
      expect(body<Contact>(await record(report, key), 200)).toEqual(first);
      const reused = expectError(
        await record({ ...report, topic: 'refund' }, key),
        422,
        'idempotency_key_reused',
      );
      expect(reused.details).toEqual({ contact_id: first.id });
      expect(await eventsEnd(shop)).toBe(eventsBefore);
      expect((await listed()).data.filter((contact) => contact.id === first.id)).toHaveLength(1);
      // The social listening tool's key sends the same Idempotency-Key: another report, another contact.
      const other = body<{ key: string }>(
        await shop.admin('POST', '/v1/api-keys', { name: 'social listening', scopes: ['admin'] }),
        201,
      );
      const otherReport = await shop.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: { authorization: `Bearer ${other.key}`, ...key },
        payload: report,
      });
      expect(body<Contact>(otherReport, 201).id).not.toBe(first.id);
    });

    it('records one contact when retries of a report race each other', async () => {
      const key = { 'idempotency-key': 'gorgias-event-77' };
      const report = { channel: 'chat', topic: 'payment refused' };
      const answers = await Promise.all(Array.from({ length: 6 }, () => record(report, key)));
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      const ids = new Set(answers.map((answer) => (answer.json() as Contact).id));
      expect(ids.size).toBe(1);
      const stored = (await listed()).data.filter((contact) => contact.topic === 'payment refused');
      expect(stored.map((contact) => contact.id)).toEqual([...ids]);
    });

    it('answers the contact a racing retry committed first, its own insert left out by the unique index', async () => {
      const report = { channel: 'email' as const, topic: 'card charged twice' };
      let inserted!: () => void;
      let release!: () => void;
      const insertedFirst = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The first retry has written its row and not yet committed when the second reads and writes.
      const first = shop.ctx.store.transaction(async (tx) => {
        await tx.contacts.insert({
          id: 'ctc_RACEFIRST',
          ...report,
          order_id: null,
          api_key_id: 'key_helpdesk',
          idempotency_key: 'ticket-900',
          created_at: clock.now(),
        });
        inserted();
        await released;
      });
      await insertedFirst;
      const second = recordContact(shop.ctx, report, 'key_helpdesk', 'ticket-900');
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await first;
      expect(await second).toEqual({
        ok: true,
        value: {
          created: false,
          contact: { id: 'ctc_RACEFIRST', ...report, order_id: null, created_at: iso(clock.now()) },
        },
      });
    });
  });

  describe('listing and counting', () => {
    // Seven contacts from 10:00 to 10:04, none at 10:02; read at 10:04:30.
    const hourMs = Date.parse('2026-11-27T10:00:00.000Z');
    let made: Contact[];

    beforeAll(async () => {
      made = [];
      const plan: [string, string, string][] = [
        ['10:00:10', 'phone', 'where is my order'],
        ['10:00:20', 'email', 'where is my order'],
        ['10:01:30', 'chat', 'promo code refused'],
        ['10:03:40', 'phone', 'where is my order'],
        ['10:03:45', 'phone', 'refund'],
        ['10:03:50', 'social', 'where is my order'],
        ['10:04:05', 'email', 'refund'],
      ];
      for (const [time, channel, topic] of plan) {
        clock.set(Date.parse(`2026-11-27T${time}.000Z`));
        made.push(body<Contact>(await record({ channel, topic }), 201));
      }
      clock.set(hourMs + 4 * minuteMs + 30_000);
    });

    it('lists a period’s contacts newest first, page by page, of one channel or all', async () => {
      const period = `from=${iso(hourMs)}&to=${iso(hourMs + 5 * minuteMs)}`;
      const newestFirst = [...made].reverse().map((contact) => contact.id);
      expect((await listed(`?${period}`)).data.map((contact) => contact.id)).toEqual(newestFirst);
      const first = await listed(`?${period}&limit=4`);
      expect(first.data.map((contact) => contact.id)).toEqual(newestFirst.slice(0, 4));
      const second = await listed(`?${period}&limit=4&cursor=${first.next_cursor}`);
      expect(second.data.map((contact) => contact.id)).toEqual(newestFirst.slice(4));
      expect(second.next_cursor).toBeNull();
      expect((await listed(`?${period}&channel=phone`)).data.map((contact) => contact.topic)).toEqual([
        'refund',
        'where is my order',
        'where is my order',
      ]);
      // `to` is left out: the minute of 10:03 on its own.
      const minute3 = `from=${iso(hourMs + 3 * minuteMs)}&to=${iso(hourMs + 4 * minuteMs)}`;
      expect((await listed(`?${minute3}`)).data).toHaveLength(3);
      // Before this hour: the morning's contacts only.
      expect(
        (await listed(`?to=${iso(hourMs)}`)).data.every((contact) => contact.created_at < iso(hourMs)),
      ).toBe(true);
    });

    it('refuses a period that runs backwards and queries it does not know', async () => {
      expectError(
        await shop.admin('GET', `/v1/contacts?from=${iso(hourMs)}&to=${iso(hourMs)}`),
        400,
        'validation_failed',
      );
      expectError(await shop.admin('GET', '/v1/contacts?from=yesterday'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/contacts?channel=fax'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/contacts?limit=0'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/contacts?order=newest'), 400, 'validation_failed');
    });

    it('counts the contacts of each minute of the last hour by channel, quiet minutes too', async () => {
      const { data } = body<{ data: ContactMinute[] }>(
        await shop.admin('GET', '/v1/contacts/per-minute'),
        200,
      );
      expect(data).toHaveLength(60);
      expect(data.at(-1)!.at).toBe(iso(hourMs + 4 * minuteMs));
      expect(data[0]!.at).toBe(iso(hourMs + 4 * minuteMs - 59 * minuteMs));
      const shown = data
        .slice(-5)
        .map((minute) => [minute.at.slice(11, 16), minute.contacts, minute.by_channel]);
      expect(shown).toEqual([
        ['10:00', 2, { phone: 1, email: 1, chat: 0, social: 0 }],
        ['10:01', 1, { phone: 0, email: 0, chat: 1, social: 0 }],
        ['10:02', 0, { phone: 0, email: 0, chat: 0, social: 0 }],
        ['10:03', 3, { phone: 2, email: 0, chat: 0, social: 1 }],
        ['10:04', 1, { phone: 0, email: 1, chat: 0, social: 0 }],
      ]);
      // The morning's contacts (09:00) are more than an hour ago.
      expect(data.slice(0, -5).every((minute) => minute.contacts === 0)).toBe(true);

      const span = `from=${iso(hourMs + 30_000)}&to=${iso(hourMs + 3 * minuteMs)}`;
      const asked = body<{ data: ContactMinute[] }>(
        await shop.admin('GET', `/v1/contacts/per-minute?${span}`),
        200,
      );
      expect(asked.data.map((minute) => minute.contacts)).toEqual([2, 1, 0, 3]);
      const tooLong = `from=${iso(hourMs - limits.seriesMinutesMax * minuteMs)}&to=${iso(hourMs)}`;
      expectError(await shop.admin('GET', `/v1/contacts/per-minute?${tooLong}`), 400, 'validation_failed');
    });

    it('shows the operations room the last minute, the last hour by minute and channel, and its topics', async () => {
      const overview = async () => {
        clock.advance(limits.overviewCacheMs);
        return body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200).contacts;
      };
      // 10:04:31: the last 60 seconds hold the contacts of 10:03:40 to 10:04:05.
      const contacts = await overview();
      expect(contacts.last_minute).toEqual({
        contacts: 4,
        by_channel: { phone: 2, email: 1, chat: 0, social: 1 },
      });
      expect(contacts.last_hour).toEqual({
        contacts: 7,
        by_channel: { phone: 3, email: 2, chat: 1, social: 1 },
      });
      expect(contacts.per_minute).toHaveLength(60);
      expect(contacts.per_minute.slice(-5).map((minute) => minute.contacts)).toEqual([2, 1, 0, 3, 1]);
      expect(contacts.top_topics).toEqual([
        { topic: 'where is my order', contacts: 4 },
        { topic: 'refund', contacts: 2 },
        { topic: 'promo code refused', contacts: 1 },
      ]);
      // Half a minute on, the contacts of 10:03 have left the last minute; the hour still holds them.
      clock.advance(30_000);
      const later = await overview();
      expect(later.last_minute).toEqual({
        contacts: 1,
        by_channel: { phone: 0, email: 1, chat: 0, social: 0 },
      });
      expect(later.last_hour.contacts).toBe(7);
    });
  });

  describe('contacts per order', () => {
    // Saturday 28 November: three orders and two contacts from 14:00 to 15:00, one contact after.
    const dayMs = Date.parse('2026-11-28T14:00:00.000Z');
    const window = `from=2026-11-28T14:00:00.000Z&to=2026-11-28T15:00:00.000Z`;

    beforeAll(async () => {
      clock.set(dayMs);
      for (const minute of [0, 20, 59]) {
        clock.set(dayMs + minute * minuteMs);
        await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      }
      clock.set(dayMs + 10 * minuteMs);
      body(await record({ channel: 'chat', topic: 'delivery date' }), 201);
      clock.set(dayMs + 59 * minuteMs + 59_999);
      body(await record({ channel: 'phone', topic: 'delivery date' }), 201);
      clock.set(dayMs + 60 * minuteMs);
      body(await record({ channel: 'phone', topic: 'delivery date' }), 201);
    });

    it('divides the period’s contacts by its orders placed', async () => {
      const rate = body<ContactRate>(await shop.admin('GET', `/v1/contacts/rate?${window}`), 200);
      expect(rate).toEqual({ contacts: 2, orders: 3, contacts_per_order: 2 / 3 });
      const evening = 'from=2026-11-28T15:00:00.000Z&to=2026-11-28T18:00:00.000Z';
      expect(body<ContactRate>(await shop.admin('GET', `/v1/contacts/rate?${evening}`), 200)).toEqual({
        contacts: 1,
        orders: 0,
        contacts_per_order: null,
      });
    });

    it('answers the planner the same from the operations room’s entry', async () => {
      const read = await contactRate(shop.ctx, {
        from: '2026-11-28T14:00:00.000Z',
        to: '2026-11-28T15:00:00.000Z',
      });
      expect(read).toEqual({ ok: true, value: { contacts: 2, orders: 3, contacts_per_order: 2 / 3 } });
      const backwards = await contactRate(shop.ctx, {
        from: '2026-11-28T15:00:00Z',
        to: '2026-11-28T14:00:00Z',
      });
      expect(backwards).toMatchObject({ ok: false, code: 'validation_failed' });
      expect(await contactRate(shop.ctx, { from: 'today', to: '2026-11-28T14:00:00Z' })).toMatchObject({
        ok: false,
        code: 'validation_failed',
      });
    });

    it('refuses a period missing an end, backwards or longer than its limit', async () => {
      expectError(
        await shop.admin('GET', '/v1/contacts/rate?from=2026-11-28T14:00:00Z'),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('GET', '/v1/contacts/rate?from=2026-11-28T15:00:00Z&to=2026-11-28T14:00:00Z'),
        400,
        'validation_failed',
      );
      const long = `from=2025-01-01T00:00:00Z&to=${iso(Date.parse('2025-01-01T00:00:00Z') + (limits.contactRatePeriodDaysMax + 1) * 86_400_000)}`;
      const refused = expectError(
        await shop.admin('GET', `/v1/contacts/rate?${long}`),
        400,
        'validation_failed',
      );
      expect(refused.details).toMatchObject({ days_max: limits.contactRatePeriodDaysMax });
    });
  });
});

describe.each(engines)('the customer contacts alert on %s', (engine) => {
  let shop: TestShop;
  // Friday 27 November 2026, 08:00 UTC, the morning before the mailing goes out.
  const clock = manualClock(Date.parse('2026-11-27T08:00:00.000Z'));
  const ruleId = 'contacts-spike';

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    await ensureDefaultAlertRules(shop.ctx);
  });
  afterAll(() => shop.close());

  const record = async (channel: string, topic: string) =>
    body<Contact>(await shop.admin('POST', '/v1/contacts', { channel, topic }), 201);
  const { evaluate, firing } = watchRule(() => shop, clock, ruleId);

  it('stays quiet on a quiet shop: a mail every ten minutes, then a few calls at once', async () => {
    // An hour and a quarter at a contact every ten minutes: the usual morning.
    for (let minute = 0; minute < 80; minute += 10) {
      await record('email', 'invoice');
      clock.advance(10 * minuteMs);
    }
    expect(await evaluate(3)).toEqual([]);
    // Eight calls in a minute: six times the usual rate over the quarter hour, but nine contacts in
    // it, under the rule's ten.
    for (let call = 0; call < 8; call++) await record('phone', 'where is my order');
    expect(await evaluate(3)).toEqual([]);
    expect(await firing()).toEqual([]);
  });

  it('fires when contacts jump, saying by which channels', async () => {
    clock.advance(minuteMs);
    for (let contact = 0; contact < 12; contact++)
      await record(contact % 3 === 0 ? 'social' : 'phone', 'where is my order');
    expect(await evaluate()).toEqual([]);
    const fired = await evaluate();
    expect(fired.map((transition) => transition.event)).toEqual(['alert.fired']);
    const [alert] = await firing();
    expect(alert).toMatchObject({ rule_name: 'Customer contacts are spiking', severity: 'warning' });
    // 8 + 8 calls, 4 posts and the quarter hour's mail: 21 in 15 minutes against 6 an hour.
    expect(alert!.message).toBe(
      'Customer contacts ×14 (21 in 15 min, 1.4 a minute against 0.1 the 60 min before; phone 16, social 4, email 1): a delivery, payment or site problem shows here first',
    );
    expect(alert!.value).toBeCloseTo(14);
    const overview = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
    expect(overview.alerts.map((shown) => shown.id)).toContain(alert!.id);
  });

  it('resolves once the contacts are back to their usual rate', async () => {
    clock.advance(20 * minuteMs);
    expect(await evaluate(2)).toEqual([]);
    const resolved = await evaluate();
    expect(resolved.map((transition) => transition.event)).toEqual(['alert.resolved']);
    expect(await firing()).toEqual([]);
  });
});
