/** The waiting room: a place in the queue, first come first served at the set rate, tokens that cannot be forged or reused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admissionHeader } from '../src/intake/waiting-room/hook.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('the waiting room on %s', (engine) => {
  let shop: TestShop;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(async () => {
    clock = manualClock(Date.parse('2026-11-27T07:00:00Z'));
    shop = await openShop(engine, { clock });
  });
  afterEach(() => shop.close());

  const visit = (token?: string) =>
    shop.storefront(
      'GET',
      '/v1/availability/MUG-BLUE?channel=web',
      undefined,
      token === undefined ? {} : { [admissionHeader]: token },
    );

  it('lets everyone in while closed', async () => {
    expect((await visit()).statusCode).toBe(200);
    expect((await shop.admin('GET', '/v1/waiting-room')).json()).toMatchObject({
      enabled: false,
      waiting: 0,
    });
  });

  it('queues visitors and admits them first come, first served at the set rate', async () => {
    const opened = await shop.admin('PUT', '/v1/waiting-room', {
      enabled: true,
      admission_rate_per_s: 2,
      reason: 'flash sale at 8',
    });
    expect(opened.json()).toMatchObject({ enabled: true, admission_rate_per_s: 2 });

    const first = await visit();
    const second = await visit();
    const third = await visit();
    for (const reply of [first, second, third]) {
      expect(reply.statusCode).toBe(503);
      expect(reply.json().error.code).toBe('waiting_room');
      expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect([first, second, third].map((reply) => reply.json().error.details.ahead)).toEqual([1, 2, 3]);
    const tokens = [first, second, third].map((reply) => String(reply.headers[admissionHeader]));
    expect(
      tokens.map((token, i) => [first, second, third][i]!.json().error.details.admission_token === token),
    ).toEqual([true, true, true]);
    expect((await shop.admin('GET', '/v1/waiting-room')).json()).toMatchObject({
      tickets_issued: 3,
      waiting: 3,
    });

    clock.advance(500); // one admitted at 2 per second
    const firstAgain = await visit(tokens[0]);
    expect(firstAgain.statusCode).toBe(200);
    const admission = String(firstAgain.headers[admissionHeader]);
    expect(admission).not.toBe(tokens[0]);
    const secondAgain = await visit(tokens[1]);
    expect(secondAgain.statusCode).toBe(503);
    expect(secondAgain.json().error.details).toMatchObject({ ticket: 2, ahead: 1 });

    // Admitted: the visitor shops freely (an order too) until the admission expires.
    expect((await visit(admission)).statusCode).toBe(200);
    const order = await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
      'idempotency-key': 'queued-buyer',
      [admissionHeader]: admission,
    });
    expect(order.statusCode).toBe(201);
    // Past its ten minutes the admission is void: the visitor takes a new ticket (here let in at
    // once, as the queue has long moved on), and the old token is not honoured again.
    const issuedBefore = (await shop.admin('GET', '/v1/waiting-room')).json().tickets_issued;
    clock.advance(600_000);
    const expired = await visit(admission);
    expect(expired.headers[admissionHeader]).not.toBe(admission);
    expect((await shop.admin('GET', '/v1/waiting-room')).json().tickets_issued).toBe(issuedBefore + 1);
  });

  it('gives a forged or altered token no place: it queues at the back', async () => {
    await shop.admin('PUT', '/v1/waiting-room', { enabled: true, admission_rate_per_s: 1 });
    const waiting = await visit();
    const token = String(waiting.headers[admissionHeader]);
    const [payload, signature] = token.split('.');
    const altered = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    altered[0] = 'a'; // claim to be admitted
    const forged = `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
    for (const attempt of [forged, `${payload}.${'A'.repeat(signature!.length)}`, 'garbage', '']) {
      const reply = await visit(attempt);
      expect(reply.statusCode).toBe(503);
      expect(reply.json().error.details.ticket).toBeGreaterThan(1);
    }
  });

  it('voids the tokens of an earlier opening: a place kept from last sale jumps no queue', async () => {
    await shop.admin('PUT', '/v1/waiting-room', { enabled: true, admission_rate_per_s: 1 });
    const early = String((await visit()).headers[admissionHeader]);
    clock.advance(5_000);
    const admitted = String((await visit(early)).headers[admissionHeader]);
    expect((await visit(admitted)).statusCode).toBe(200);
    await shop.admin('PUT', '/v1/waiting-room', { enabled: false });
    await shop.admin('PUT', '/v1/waiting-room', { enabled: true, admission_rate_per_s: 1 });
    for (const old of [early, admitted]) {
      const reply = await visit(old);
      expect(reply.statusCode).toBe(503);
      expect(reply.json().error.details.ahead).toBeGreaterThan(0);
    }
  });

  it('never queues admin keys or health checks, and records who switched it', async () => {
    await shop.admin('PUT', '/v1/waiting-room', {
      enabled: true,
      admission_rate_per_s: 1,
      reason: 'rehearsal',
    });
    expect((await shop.admin('GET', '/v1/availability/MUG-BLUE?channel=web')).statusCode).toBe(200);
    expect((await shop.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const events = (await shop.admin('GET', '/v1/events?after=0&limit=1000')).json().data;
    const opened = events.find((event: any) => event.type === 'waiting_room.opened');
    expect(opened.payload).toMatchObject({
      enabled: true,
      reason: 'rehearsal',
      by: expect.stringMatching(/^key_/),
    });
  });

  it('opens by itself when orders are shed and it is set to', async () => {
    const tiny = await openShop(engine, {
      clock,
      intake: { batchSizeMax: 1, queueLengthMax: 1, queueWaitBudgetMs: 10_000 },
    });
    try {
      await tiny.admin('PUT', '/v1/waiting-room', { auto_enable: true, admission_rate_per_s: 10 });
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          tiny.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
            'idempotency-key': `auto-${i}`,
          }),
        ),
      );
      expect(
        replies.some((reply) => reply.statusCode === 503 && reply.json().error.code === 'overloaded'),
      ).toBe(true);
      let room = (await tiny.admin('GET', '/v1/waiting-room')).json();
      for (let i = 0; i < 20 && !room.enabled; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        room = (await tiny.admin('GET', '/v1/waiting-room')).json();
      }
      expect(room).toMatchObject({ enabled: true, auto_enable: true, admission_rate_per_s: 10 });
      expect((await tiny.storefront('GET', '/v1/availability/MUG-BLUE?channel=web')).json().error.code).toBe(
        'waiting_room',
      );
    } finally {
      await tiny.close();
    }
  });
});
