/**
 * The outbox relayed to the NATS JetStream server of this machine (`.ci/run` starts it if it is
 * down): every event on its type's subject, in the outbox's order, once — through a relay that
 * restarts behind its last acknowledged page and two relays racing.
 */
import { randomBytes } from 'node:crypto';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsRelay, type NatsRelayOptions } from '../src/channels/index.js';
import type { Event } from '../src/platform/outbox/contract.js';
import { body, eventsAfter, placed } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe.each(engines)('the NATS relay on %s', (engine) => {
  let shop: TestShop;
  let nats: NatsConnection;
  let manager: JetStreamManager;
  // A stream of its own per run: the server outlives the tests, and other runs use it too.
  const suffix = randomBytes(4).toString('hex');
  const options: NatsRelayOptions = {
    servers,
    stream: `AFFLUENCE_TEST_${suffix}`,
    subjectPrefix: `test_${suffix}.events`,
    cursor: 'nats',
    pollMs: 10,
  };
  beforeAll(async () => {
    shop = await openShop(engine);
    nats = await connect({ servers });
    manager = await jetstreamManager(nats);
  });
  afterAll(async () => {
    await manager.streams.delete(options.stream).catch(() => false);
    await nats.drain();
    await shop.close();
  });

  /** The stream's messages in its order: subject, NATS message id and the event they carry. */
  async function streamed() {
    const { state } = await manager.streams.info(options.stream);
    const messages = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const stored = await manager.streams.getMessage(options.stream, { seq });
      if (stored !== null) {
        messages.push({
          subject: stored.subject,
          msgId: stored.header?.get('Nats-Msg-Id'),
          event: stored.json<Event>(),
        });
      }
    }
    return messages;
  }

  it('publishes each event after it starts on its type’s subject, in order, and once through a restart and a race', async () => {
    const relay = new NatsRelay(shop.ctx, options);
    await relay.connect();
    // The first round only takes its place at the end of the outbox: what came before is not sent.
    expect(await relay.drain()).toBe(0);
    const start = (await shop.ctx.store.read.events.cursorPosition('nats'))!;
    for (let index = 0; index < 5; index++) await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'paris', quantity: 4 }),
      201,
    );
    expect(await relay.drain()).toBeGreaterThanOrEqual(6);

    const { events } = await eventsAfter(shop, start);
    const first = await streamed();
    expect(first.map((message) => message.event)).toEqual(events);
    expect(first.map((message) => message.subject)).toEqual(
      events.map((event) => `${options.subjectPrefix}.${event.type}`),
    );
    expect(first.map((message) => message.msgId)).toEqual(events.map((event) => `evt_${event.id}`));
    expect(first.map((message) => message.subject)).toContain(`${options.subjectPrefix}.order.placed`);

    // A relay that died after the stream acknowledged but before its position was written starts
    // again from the old position; and a second process's relay races it. The stream keeps one of each.
    await shop.ctx.store.transaction((tx) =>
      tx.events.moveCursor('nats', events[events.length - 1]!.id, start, shop.ctx.clock.now()),
    );
    for (let index = 0; index < 3; index++) await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    const other = new NatsRelay(shop.ctx, options);
    await other.connect();
    await Promise.all([relay.drain(), other.drain()]);
    await Promise.all([relay.stop(), other.stop()]);

    const all = (await eventsAfter(shop, start)).events;
    expect((await streamed()).map((message) => message.event)).toEqual(all);
    expect(await shop.ctx.store.read.events.cursorPosition('nats')).toBe(all[all.length - 1]!.id);
  });
});
