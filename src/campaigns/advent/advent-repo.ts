/**
 * Advent calendars as stored: the calendar, its doors with their counters, the codes set aside for
 * each door, and the plays. A first opening runs under its door's lock (`lockDoor`), so a door's
 * counters and the play are written by one opening at a time.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import { chunks, rowsPerStatement } from '../../platform/store/chunks.js';
import type { Engine } from '../../platform/store/engine.js';
import type {
  AdventCalendarTable,
  AdventDoorTable,
  AdventPlayTable,
  Database,
} from '../../platform/store/schema.js';

type Db = Kysely<Database>;

export type AdventCalendarRow = Selectable<AdventCalendarTable>;
export type AdventDoorRow = Selectable<AdventDoorTable>;
export type AdventPlayRow = Selectable<AdventPlayTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly advent: AdventRepo;
  }
}

export class AdventRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  getCalendar(season: string): Promise<AdventCalendarRow | undefined> {
    return this.db.selectFrom('advent_calendars').selectAll().where('season', '=', season).executeTakeFirst();
  }

  listCalendars(limit: number): Promise<AdventCalendarRow[]> {
    return this.db
      .selectFrom('advent_calendars')
      .selectAll()
      .orderBy('season', 'desc')
      .limit(limit)
      .execute();
  }

  async putCalendar(row: Insertable<AdventCalendarTable>): Promise<void> {
    const { season: _season, created_at: _created, ...changed } = row;
    await this.db
      .insertInto('advent_calendars')
      .values(row)
      .onConflict((conflict) => conflict.column('season').doUpdateSet(changed))
      .execute();
  }

  /**
   * Removes a calendar with its doors, their codes set aside and its plays, the codes its plays got
   * kept as spent; false when there was none.
   */
  async deleteCalendar(season: string): Promise<boolean> {
    await this.db
      .insertInto('advent_spent_codes')
      .columns(['code'])
      .expression((eb) =>
        eb
          .selectFrom('advent_plays')
          .select('code')
          .where('season', '=', season)
          .where('code', 'is not', null),
      )
      .execute();
    await this.db.deleteFrom('advent_plays').where('season', '=', season).execute();
    await this.db.deleteFrom('advent_door_codes').where('season', '=', season).execute();
    await this.db.deleteFrom('advent_doors').where('season', '=', season).execute();
    const deleted = await this.db
      .deleteFrom('advent_calendars')
      .where('season', '=', season)
      .executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  /** The calendar's doors, by day. */
  doors(season: string): Promise<AdventDoorRow[]> {
    return this.db
      .selectFrom('advent_doors')
      .selectAll()
      .where('season', '=', season)
      .orderBy('day')
      .execute();
  }

  /**
   * The door of a day, or of the day `atMs` falls on, locked until the transaction ends: the
   * openings of one door are taken one at a time.
   */
  lockDoor(season: string, on: { day: string } | { atMs: number }): Promise<AdventDoorRow | undefined> {
    let query = this.db.selectFrom('advent_doors').selectAll().where('season', '=', season);
    query =
      'day' in on
        ? query.where('day', '=', on.day)
        : query.where('day_start', '<=', on.atMs).where('closes_at', '>', on.atMs);
    if (this.engine.lockRowsForUpdate) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** Doors of calendars whose day `atMs` falls on, across seasons. */
  doorsAt(atMs: number): Promise<AdventDoorRow[]> {
    return this.db
      .selectFrom('advent_doors')
      .selectAll()
      .where('day_start', '<=', atMs)
      .where('closes_at', '>', atMs)
      .orderBy('season')
      .execute();
  }

  /** Writes a door, its counters at zero. */
  async insertDoor(row: Insertable<AdventDoorTable>): Promise<void> {
    await this.db.insertInto('advent_doors').values(row).execute();
  }

  /** Moves an opened door's instants (the calendar's opening time or zone changed), its reward kept. */
  async retimeDoor(
    season: string,
    day: string,
    times: { day_start: number; opens_at: number; closes_at: number },
  ): Promise<void> {
    await this.db
      .updateTable('advent_doors')
      .set(times)
      .where('season', '=', season)
      .where('day', '=', day)
      .execute();
  }

  async deleteDoor(season: string, day: string): Promise<void> {
    await this.db
      .deleteFrom('advent_door_codes')
      .where('season', '=', season)
      .where('day', '=', day)
      .execute();
    await this.db.deleteFrom('advent_doors').where('season', '=', season).where('day', '=', day).execute();
  }

  /** Of these codes, those set aside for a door already (of any season), or given by a removed calendar. */
  async codesSetAside(codes: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const chunk of chunks(codes, rowsPerStatement(1))) {
      const rows = await this.db
        .selectFrom('advent_door_codes')
        .select('code')
        .where('code', 'in', chunk)
        .union((eb) => eb.selectFrom('advent_spent_codes').select('code').where('code', 'in', chunk))
        .execute();
      for (const row of rows) taken.add(row.code);
    }
    return taken;
  }

  /** Sets codes aside for a door, the first to be given first. */
  async setCodesAside(season: string, day: string, codes: readonly string[]): Promise<void> {
    const rows = codes.map((code, index) => ({ season, day, ordinal: index + 1, code }));
    for (const chunk of chunks(rows, rowsPerStatement(4)))
      await this.db.insertInto('advent_door_codes').values(chunk).execute();
  }

  async codeAt(season: string, day: string, ordinal: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('advent_door_codes')
      .select('code')
      .where('season', '=', season)
      .where('day', '=', day)
      .where('ordinal', '=', ordinal)
      .executeTakeFirst();
    return row?.code;
  }

  getPlay(season: string, day: string, customerKey: string): Promise<AdventPlayRow | undefined> {
    return this.db
      .selectFrom('advent_plays')
      .selectAll()
      .where('season', '=', season)
      .where('day', '=', day)
      .where('customer_key', '=', customerKey)
      .executeTakeFirst();
  }

  /** Records a first opening and counts it on its door (a code given counts as given). */
  async insertPlay(row: AdventPlayRow): Promise<void> {
    await this.db.insertInto('advent_plays').values(row).execute();
    await this.db
      .updateTable('advent_doors')
      .set({
        players: sql`players + 1`,
        ...(row.code === null ? {} : { given: sql`given + 1` }),
      })
      .where('season', '=', row.season)
      .where('day', '=', row.day)
      .execute();
  }

  /** Every play of one customer, over every calendar, by season and day. */
  playsOfCustomer(customerKey: string): Promise<AdventPlayRow[]> {
    return this.db
      .selectFrom('advent_plays')
      .selectAll()
      .where('customer_key', '=', customerKey)
      .orderBy('season')
      .orderBy('day')
      .execute();
  }

  /** Moves every play of one customer to another key (a pseudonym no one else holds); how many moved. */
  async rekeyPlays(customerKey: string, to: string): Promise<number> {
    const result = await this.db
      .updateTable('advent_plays')
      .set({ customer_key: to })
      .where('customer_key', '=', customerKey)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** A day's plays by customer, from `after`. */
  plays(season: string, day: string, after: string | undefined, limit: number): Promise<AdventPlayRow[]> {
    let query = this.db
      .selectFrom('advent_plays')
      .selectAll()
      .where('season', '=', season)
      .where('day', '=', day);
    if (after !== undefined) query = query.where('customer_key', '>', after);
    return query.orderBy('customer_key').limit(limit).execute();
  }

  /** Customers who entered a door's draw, by customer. */
  async entrants(season: string, day: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('advent_plays')
      .select('customer_key')
      .where('season', '=', season)
      .where('day', '=', day)
      .where('entered', '=', 1)
      .orderBy('customer_key')
      .execute();
    return rows.map((row) => row.customer_key);
  }

  /** Draw doors closed by `atMs` and not drawn yet, soonest closed first. */
  drawsDue(atMs: number, limit: number): Promise<AdventDoorRow[]> {
    return this.db
      .selectFrom('advent_doors')
      .selectAll()
      .where('closes_at', '<=', atMs)
      .where('drawn_at', 'is', null)
      .where('kind', '=', 'draw')
      .orderBy('closes_at')
      .limit(limit)
      .execute();
  }

  /**
   * Records a door's draw, once: false when another process drew it first (its `drawn_at` is set),
   * and nothing is written then.
   */
  async recordDraw(season: string, day: string, winners: readonly string[], atMs: number): Promise<boolean> {
    const marked = await this.db
      .updateTable('advent_doors')
      .set({ drawn_at: atMs, given: winners.length })
      .where('season', '=', season)
      .where('day', '=', day)
      .where('drawn_at', 'is', null)
      .executeTakeFirst();
    if (marked.numUpdatedRows !== 1n) return false;
    const ofDoor = this.db
      .updateTable('advent_plays')
      .where('season', '=', season)
      .where('day', '=', day)
      .where('entered', '=', 1);
    await ofDoor.set({ won: 0 }).execute();
    for (const chunk of chunks(winners, rowsPerStatement(1)))
      await ofDoor.set({ won: 1 }).where('customer_key', 'in', chunk).execute();
    return true;
  }
}
