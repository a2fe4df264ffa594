/**
 * The outbox relayed to NATS JetStream (`affluence serve --nats nats://127.0.0.1:4222`): each event
 * published on a subject of its type (`affluence.events.order.placed`), in the outbox's order, with
 * its id as JetStream's message id so that the stream drops a second publication of it, and the
 * position kept in the store (the `nats` consumer of the outbox) once the stream has acknowledged.
 *
 * Every process may run it: two relays publishing the same events are harmless, as the stream keeps
 * the first of each id, and each relay publishes in id order on its connection, so the stream's
 * order is the outbox's. A relay that dies between the stream's acknowledgement and its position's
 * write publishes again on restart, and the stream drops what it already has (within its
 * duplicate window).
 */
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { EventRow } from '../../platform/outbox/event-repo.js';
import { type Sweeper, startSweeper } from '../../platform/sweeper.js';

export interface NatsRelayOptions {
  /** The NATS server(s), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string;
  /** The stream holding the events; created if missing. */
  readonly stream: string;
  /** Subjects are `<prefix>.<event type>`. */
  readonly subjectPrefix: string;
  /** The outbox consumer whose position is this relay's. */
  readonly cursor: string;
  readonly pollMs: number;
}

export const defaultNatsRelayOptions: Omit<NatsRelayOptions, 'servers'> = {
  stream: 'AFFLUENCE_EVENTS',
  subjectPrefix: 'affluence.events',
  cursor: 'nats',
  pollMs: limits.natsRelayPollMs,
};

/** The message a subscriber receives: the event as the feed (`GET /v1/events`) shows it. */
function message(event: EventRow): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    entity_type: event.entity_type,
    entity_id: event.entity_id,
    payload: JSON.parse(event.payload),
    created_at: new Date(event.created_at).toISOString(),
  });
}

export class NatsRelay {
  private connection: NatsConnection | undefined;
  private client: JetStreamClient | undefined;
  private loop: Sweeper | undefined;
  /** After a failed connection, the next try waits until then. */
  private connectAgainAt = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: NatsRelayOptions,
  ) {}

  /** Connects and makes sure the stream exists; throws when the server cannot be reached. */
  async connect(): Promise<JetStreamManager> {
    const connection = await connect({ servers: this.options.servers, name: 'affluence outbox relay' });
    this.connection = connection;
    const manager = await jetstreamManager(connection);
    const subjects = [`${this.options.subjectPrefix}.>`];
    try {
      await manager.streams.info(this.options.stream);
    } catch {
      await manager.streams.add({
        name: this.options.stream,
        subjects,
        duplicate_window: limits.natsDuplicateWindowMs * 1_000_000,
      });
    }
    this.client = jetstream(connection);
    return manager;
  }

  /**
   * Relays on a timer until `stop`. Failures go to `log` and the next round tries again — connecting
   * too, a while later: NATS being down never stops the shop taking orders, and the position waits.
   */
  start(log: (error: unknown) => void): void {
    this.loop = startSweeper(() => this.round(), log, this.options.pollMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    await this.connection?.drain();
    this.connection = undefined;
    this.client = undefined;
  }

  private async round(): Promise<number> {
    if (this.client === undefined) {
      const now = Date.now();
      if (now < this.connectAgainAt) return 0;
      try {
        await this.connect();
      } catch (error) {
        this.connectAgainAt = now + limits.natsReconnectMs;
        throw error;
      }
    }
    return this.drain();
  }

  /**
   * Publishes every event after the relay's position, a page at a time, moving the position after
   * each page the stream acknowledged. Returns the events published (duplicates included).
   */
  async drain(): Promise<number> {
    const client = this.client;
    if (client === undefined) throw new Error('the NATS relay is not connected');
    let published = 0;
    let position = await this.ctx.store.read.events.cursorPosition(this.options.cursor);
    if (position === undefined) {
      // A new relay starts at the current end of the outbox: the stream carries what happens from now.
      const end = await this.ctx.store.read.events.lastEventId();
      await this.ctx.store.transaction((tx) =>
        tx.events.moveCursor(this.options.cursor, undefined, end, this.ctx.clock.now()),
      );
      return 0;
    }
    for (;;) {
      const events = await this.ctx.store.read.events.list(position, limits.natsRelayBatch);
      if (events.length === 0) return published;
      // Sent one after the other on one connection without waiting, so the stream stores them in order.
      const acks = events.map((event) =>
        client.publish(`${this.options.subjectPrefix}.${event.type}`, message(event), {
          msgID: `evt_${event.id}`,
        }),
      );
      await Promise.all(acks);
      published += events.length;
      const last = events[events.length - 1]!.id;
      const moved = await this.ctx.store.transaction((tx) =>
        tx.events.moveCursor(this.options.cursor, position, last, this.ctx.clock.now()),
      );
      // Another process's relay moved it first: read on from where it got to.
      position = moved ? last : await this.ctx.store.read.events.cursorPosition(this.options.cursor);
      if (position === undefined) return published;
    }
  }
}
