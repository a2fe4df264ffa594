/** Carriers' services (their limits, transit times and cut-off) and their rate cards, one weight band a row. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { chunks, rowsPerStatement } from '../../platform/store/chunks.js';
import type { CarrierRateTable, CarrierServiceTable, Database } from '../../platform/store/schema.js';
import type { RateBand } from '../core/carrier-choice.js';

export type CarrierServiceRow = Selectable<CarrierServiceTable>;
export type CarrierRateRow = Selectable<CarrierRateTable>;

/** The card of one service and zone in force on a date: its bands, lightest first. */
export interface CardInForce {
  readonly carrier: string;
  readonly code: string;
  readonly zone: string;
  /** The date this card applies from, the latest on or before the date asked. */
  readonly validFrom: string;
  readonly currency: string;
  readonly bands: readonly RateBand[];
}

/** Rows of an insert, in statements under both engines' bound-parameter limits. */
function inStatements<T extends object>(rows: readonly T[]): T[][] {
  return chunks(rows, rowsPerStatement(Object.keys(rows[0] ?? {}).length || 1));
}

export class CarrierRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Replaces every service and every rate with these: an import is the whole set, so a service or
   * a card left out of it is gone. On a transaction's bundle only, so that no reader sees it half done.
   */
  async replaceAll(
    services: readonly Insertable<CarrierServiceTable>[],
    rates: readonly Insertable<CarrierRateTable>[],
  ): Promise<void> {
    if (!this.db.isTransaction)
      throw new Error('carrier repo invariant broken: the services and rates replaced outside a transaction');
    await this.db.deleteFrom('carrier_rates').execute();
    await this.db.deleteFrom('carrier_services').execute();
    for (const chunk of inStatements(services))
      await this.db.insertInto('carrier_services').values(chunk).execute();
    for (const chunk of inStatements(rates))
      await this.db.insertInto('carrier_rates').values(chunk).execute();
  }

  listServices(): Promise<CarrierServiceRow[]> {
    return this.db.selectFrom('carrier_services').selectAll().orderBy('carrier').orderBy('code').execute();
  }

  /** Every rate row of every service, every card past, present and to come. */
  listRates(): Promise<CarrierRateRow[]> {
    return this.db
      .selectFrom('carrier_rates')
      .selectAll()
      .orderBy('carrier')
      .orderBy('code')
      .orderBy('zone')
      .orderBy('valid_from')
      .orderBy('max_weight_g')
      .execute();
  }

  /**
   * Each service's card per zone in force on `localDate` (`YYYY-MM-DD`): for each carrier, code and
   * zone, the rows of the greatest `valid_from` on or before it. `YYYY-MM-DD` texts compare as their
   * dates do. A zone whose first card starts later has none.
   */
  async cardsInForce(localDate: string): Promise<CardInForce[]> {
    const rows = await this.db
      .selectFrom('carrier_rates as rate')
      .select(['rate.carrier', 'rate.code', 'rate.zone', 'rate.valid_from', 'rate.currency'])
      .select(['rate.max_weight_g', 'rate.price_minor'])
      .where('rate.valid_from', '=', (eb) =>
        eb
          .selectFrom('carrier_rates as card')
          .select((inner) => inner.fn.max('card.valid_from').as('valid_from'))
          .whereRef('card.carrier', '=', 'rate.carrier')
          .whereRef('card.code', '=', 'rate.code')
          .whereRef('card.zone', '=', 'rate.zone')
          .where('card.valid_from', '<=', localDate),
      )
      .orderBy('rate.carrier')
      .orderBy('rate.code')
      .orderBy('rate.zone')
      .orderBy('rate.max_weight_g')
      .execute();
    const cards: CardInForce[] = [];
    let bands: RateBand[] = [];
    for (const row of rows) {
      const last = cards[cards.length - 1];
      if (
        last === undefined ||
        last.carrier !== row.carrier ||
        last.code !== row.code ||
        last.zone !== row.zone
      ) {
        bands = [];
        const { carrier, code, zone, currency } = row;
        cards.push({ carrier, code, zone, validFrom: row.valid_from, currency, bands });
      }
      bands.push({ maxWeightG: row.max_weight_g, priceMinor: row.price_minor });
    }
    return cards;
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly carriers: CarrierRepo;
  }
}
