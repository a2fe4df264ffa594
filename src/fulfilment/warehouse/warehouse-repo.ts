/** What a warehouse packs with and ships to: its packaging, and each location's zones. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, LocationZoneTable, PackagingTable } from '../../platform/store/schema.js';

type Db = Kysely<Database>;

export type PackagingRow = Selectable<PackagingTable>;
export type LocationZoneRow = Selectable<LocationZoneTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly warehouse: WarehouseRepo;
  }
}

export class WarehouseRepo {
  constructor(private readonly db: Db) {}

  listPackagings(): Promise<PackagingRow[]> {
    return this.db.selectFrom('packagings').selectAll().orderBy('code').execute();
  }

  getPackaging(code: string): Promise<PackagingRow | undefined> {
    return this.db.selectFrom('packagings').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async putPackaging(row: Omit<PackagingRow, 'created_at' | 'updated_at'>, now: number): Promise<void> {
    const { code: _code, ...changed } = row;
    await this.db
      .insertInto('packagings')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('code').doUpdateSet({ ...changed, updated_at: now }))
      .execute();
  }

  async deletePackaging(code: string): Promise<boolean> {
    const result = await this.db.deleteFrom('packagings').where('code', '=', code).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** The zone rules of these locations (all locations when none is named). */
  zonesOf(locations?: readonly string[]): Promise<LocationZoneRow[]> {
    let query = this.db
      .selectFrom('location_zones')
      .selectAll()
      .orderBy('location_code')
      .orderBy('country')
      .orderBy('postal_prefix');
    if (locations !== undefined) {
      if (locations.length === 0) return Promise.resolve([]);
      query = query.where('location_code', 'in', locations);
    }
    return query.execute();
  }

  /** Replaces a location's zone table whole. */
  async replaceZones(
    location: string,
    zones: readonly Omit<LocationZoneRow, 'location_code'>[],
  ): Promise<void> {
    await this.db.deleteFrom('location_zones').where('location_code', '=', location).execute();
    if (zones.length === 0) return;
    await this.db
      .insertInto('location_zones')
      .values(zones.map((zone) => ({ ...zone, location_code: location })))
      .execute();
  }
}
