/** The contingency switches' state (one settings key every process reads) and the snapshots of frozen channels. */
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../../platform/store/engine.js';
import type { Database } from '../../platform/store/schema.js';
import type { SettingsRepo } from '../../platform/store/settings-repo.js';

const switchesKey = 'switches';

export class SwitchRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
    private readonly settings: SettingsRepo,
  ) {}

  read<T>(): Promise<T | undefined> {
    return this.settings.get<T>(switchesKey);
  }

  /**
   * Reads the switches for a change, locked until commit on PostgreSQL (SQLite has one writer):
   * two people flipping two channels at once must not lose one of the flips. `initial` is written
   * first when no switch was ever flipped, so that there is a row to lock.
   */
  async lock<T>(initial: T, now: number): Promise<T> {
    await this.db
      .insertInto('settings')
      .values({ key: switchesKey, value: JSON.stringify(initial), updated_at: now })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    let query = this.db.selectFrom('settings').select('value').where('key', '=', switchesKey);
    if (this.engine.lockRowsForUpdate) query = query.forUpdate();
    const row = await query.executeTakeFirstOrThrow();
    return JSON.parse(row.value) as T;
  }

  save(value: unknown, now: number): Promise<void> {
    return this.settings.put(switchesKey, value, now);
  }

  /**
   * Records what the channel shows of every SKU now, in one statement, computed as the
   * availability reader does: on hand − reserved over the channel's locations, less its buffer,
   * never below 0 (a SKU without stock there is recorded at 0).
   */
  async snapshotChannel(channelCode: string): Promise<void> {
    await this.dropSnapshot(channelCode);
    await sql`
      INSERT INTO availability_freezes (channel_code, sku, available)
      SELECT CAST(${channelCode} AS text), k.sku,
        CASE WHEN COALESCE(f.free, 0) - COALESCE(b.quantity, 0) > 0
          THEN COALESCE(f.free, 0) - COALESCE(b.quantity, 0) ELSE 0 END
      FROM skus k
      LEFT JOIN (
        SELECT s.sku, SUM(s.on_hand - s.reserved) AS free
        FROM stock_levels s
        INNER JOIN location_channels lc
          ON lc.location_code = s.location_code AND lc.channel_code = ${channelCode}
        GROUP BY s.sku
      ) f ON f.sku = k.sku
      LEFT JOIN channel_buffers b ON b.sku = k.sku AND b.channel_code = ${channelCode}`.execute(this.db);
  }

  async dropSnapshot(channelCode: string): Promise<void> {
    await this.db.deleteFrom('availability_freezes').where('channel_code', '=', channelCode).execute();
  }

  /** The frozen availability of these SKUs on the channel; a SKU missing from the answer was not in the snapshot. */
  async snapshotOf(channelCode: string, skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('availability_freezes')
      .select(['sku', 'available'])
      .where('channel_code', '=', channelCode)
      .where('sku', 'in', skus)
      .execute();
    return new Map(rows.map((row) => [row.sku, Number(row.available)]));
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly switches: SwitchRepo;
  }
}
