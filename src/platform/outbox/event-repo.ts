/** The outbox: every state change's event, written in the same transaction, read as a feed. */

import { type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../store/chunks.js';
import type { Engine } from '../store/engine.js';
import type { Database, EventTable } from '../store/schema.js';

/** An outbox event as stored: its payload still JSON text. */
export type EventRow = Selectable<EventTable>;

type Db = Kysely<Database>;

export interface NewEvent {
  readonly type: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly payload: unknown;
}

export class EventRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  /**
   * Advances a counter by `count` in place and returns the last value taken. On PostgreSQL the row
   * stays locked until commit, so values are handed out in commit order.
   */
  async advanceCounter(
    name: 'event' | 'order_number' | 'waiting_room_ticket',
    count: number,
  ): Promise<number> {
    const row = await this.db
      .updateTable('counters')
      .set({ value: sql`value + ${count}` })
      .where('name', '=', name)
      .returning('value')
      .executeTakeFirstOrThrow();
    return row.value;
  }

  /**
   * Appends events. Their ids come from the `event` counter, taken last in the transaction: as the
   * counter row is locked until commit, ids appear in commit order and a reader following the feed
   * by id never skips an event committed late.
   */
  async append(events: readonly NewEvent[], now: number): Promise<void> {
    if (events.length === 0) return;
    const count = events.length;
    if (this.engine.name === 'postgres') {
      // One statement, the counter's row locked by its first part: it is held until commit, and
      // every other batch of every process waits for it, so one round trip fewer while it is held.
      const result = await sql`
        with counter as (update counters set value = value + ${count}::bigint where name = 'event' returning value)
        insert into events (id, type, entity_type, entity_id, payload, created_at)
        select counter.value - ${count}::bigint + added.position, added.type, added.entity_type,
               added.entity_id, added.payload, ${now}::bigint
        from counter, unnest(
          ${events.map((event) => event.type)}::text[],
          ${events.map((event) => event.entityType)}::text[],
          ${events.map((event) => event.entityId)}::text[],
          ${events.map((event) => JSON.stringify(event.payload))}::text[]
        ) with ordinality as added(type, entity_type, entity_id, payload, position)`.execute(this.db);
      // Without its counter row the statement would insert nothing, silently: an event is never lost so.
      if (result.numAffectedRows !== BigInt(count))
        throw new Error(
          `${count} events appended, ${result.numAffectedRows ?? 0} written: is the event counter missing?`,
        );
      return;
    }
    const last = await this.advanceCounter('event', count);
    const first = last - count + 1;
    await this.db
      .insertInto('events')
      .values(
        events.map((event, index) => ({
          id: first + index,
          type: event.type,
          entity_type: event.entityType,
          entity_id: event.entityId,
          payload: JSON.stringify(event.payload),
          created_at: now,
        })),
      )
      .execute();
  }

  async readCounter(name: 'waiting_room_ticket'): Promise<number> {
    const row = await this.db
      .selectFrom('counters')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.value;
  }

  async lastEventId(): Promise<number> {
    const row = await this.db
      .selectFrom('counters')
      .select('value')
      .where('name', '=', 'event')
      .executeTakeFirstOrThrow();
    return row.value;
  }

  /**
   * How many events come after `afterId`: ids have a gap after a restore, so it is a count, not a
   * difference. It walks the primary key from `afterId` on: 7 ms a million events on SQLite, and a
   * backlog of a million is an incident already.
   */
  async countAfter(afterId: number): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('id', '>', afterId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  list(afterId: number, limit: number) {
    return this.db
      .selectFrom('events')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Where the consumer `name` has got to in the feed; undefined before it first moved. */
  async cursorPosition(name: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_cursors')
      .select('position')
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.position);
  }

  /**
   * Moves the consumer `name` from `from` (undefined: it has no position yet) to `to`; false when
   * another process moved it first — that process relayed these events, and this one must not count them.
   */
  async moveCursor(name: string, from: number | undefined, to: number, now: number): Promise<boolean> {
    if (from === undefined) {
      const inserted = await this.db
        .insertInto('event_cursors')
        .values({ name, position: to, updated_at: now })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const moved = await this.db
      .updateTable('event_cursors')
      .set({ position: to, updated_at: now })
      .where('name', '=', name)
      .where('position', '=', from)
      .executeTakeFirst();
    return moved.numUpdatedRows === 1n;
  }

  /** Events after `afterId` without their payloads: what consumers that only route them need. */
  listHeads(afterId: number, limit: number) {
    return this.db
      .selectFrom('events')
      .select(['id', 'type', 'entity_type', 'entity_id', 'created_at'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** The events of these ids, in id order. */
  byIds(ids: readonly number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('events').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  eventsOf(entityType: string, entityId: string) {
    return this.db
      .selectFrom('events')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute();
  }

  /** The events of several entities of one type, in id order (through the index on entity and id). */
  async eventsOfEntities(entityType: string, entityIds: readonly string[]): Promise<EventRow[]> {
    const rows: EventRow[] = [];
    for (const chunk of chunks([...new Set(entityIds)], rowsPerStatement(1))) {
      rows.push(
        ...(await this.db
          .selectFrom('events')
          .selectAll()
          .where('entity_type', '=', entityType)
          .where('entity_id', 'in', chunk)
          .execute()),
      );
    }
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /**
   * Replaces the payload of an event already written. The outbox is otherwise append-only: this is
   * for erasing a customer's personal data only (`rewriteEventPayloads`), and the event keeps its id,
   * type, entity and instant, so a consumer's position in the feed means what it meant.
   */
  async replacePayload(id: number, payload: string): Promise<void> {
    const result = await this.db
      .updateTable('events')
      .set({ payload })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new Error(`event ${id} to rewrite is missing`);
  }
}
