/** Shipments and their items: the parcels an order leaves in. */
import { type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../../platform/store/chunks.js';
import type { Engine } from '../../platform/store/engine.js';
import type { Database, ShipmentItemTable, ShipmentTable } from '../../platform/store/schema.js';

type Db = Kysely<Database>;

export type ShipmentRow = Selectable<ShipmentTable>;
export type ShipmentItemRow = Selectable<ShipmentItemTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly shipments: ShipmentRepo;
  }
}

export class ShipmentRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  async insertShipments(shipments: readonly ShipmentRow[], items: readonly ShipmentItemRow[]): Promise<void> {
    if (shipments.length === 0) return;
    await this.db.insertInto('shipments').values(shipments).execute();
    await this.db.insertInto('shipment_items').values(items).execute();
  }

  shipmentsOfOrder(orderId: string): Promise<ShipmentRow[]> {
    return this.db
      .selectFrom('shipments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  }

  /** The shipments of these orders, by id. */
  async shipmentsOfOrders(orderIds: readonly string[]): Promise<ShipmentRow[]> {
    const rows: ShipmentRow[] = [];
    for (const chunk of chunks([...new Set(orderIds)], rowsPerStatement(1)))
      rows.push(
        ...(await this.db.selectFrom('shipments').selectAll().where('order_id', 'in', chunk).execute()),
      );
    return rows.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Replaces a shipment's reasons; its route, box, service, price and status stay. */
  async replaceWhy(id: string, why: string): Promise<void> {
    await this.db.updateTable('shipments').set({ why }).where('id', '=', id).execute();
  }

  /** The shipment a label's code names: its id, or its tracking number. */
  shipmentOfLabel(code: string): Promise<ShipmentRow | undefined> {
    return this.db
      .selectFrom('shipments')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', code), eb('tracking_number', '=', code)]))
      .executeTakeFirst();
  }

  /** Shipments at a location in a status, oldest first: the next to pick and pack. */
  shipmentsAt(location: string, status: string, limit: number): Promise<ShipmentRow[]> {
    return this.db
      .selectFrom('shipments')
      .selectAll()
      .where('status', '=', status)
      .where('location_code', '=', location)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  getShipment(id: string): Promise<ShipmentRow | undefined> {
    return this.db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The shipment, locked until the transaction ends (PostgreSQL): its moves go one at a time. */
  lockShipment(id: string): Promise<ShipmentRow | undefined> {
    const query = this.db.selectFrom('shipments').selectAll().where('id', '=', id);
    return (this.engine.lockRowsForUpdate ? query.forUpdate() : query).executeTakeFirst();
  }

  async itemsOf(shipmentIds: readonly string[]): Promise<Map<string, ShipmentItemRow[]>> {
    const result = new Map<string, ShipmentItemRow[]>(shipmentIds.map((id) => [id, []]));
    if (shipmentIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('shipment_items')
      .selectAll()
      .where('shipment_id', 'in', shipmentIds)
      .orderBy('shipment_id')
      .orderBy('sku')
      .execute();
    for (const row of rows) result.get(row.shipment_id)?.push(row);
    return result;
  }

  /**
   * What the operations room shows of fulfilment at `nowMs`: orders paid and not yet shipped by
   * their age (since they were placed), parcels packed in the last hour, and parcels in exception
   * (the newest first).
   */
  async fulfilmentFigures(nowMs: number, exceptionsListed: number) {
    const hourMs = 3_600_000;
    const age = sql<string>`case
      when created_at > ${nowMs - hourMs} then 'under_1h'
      when created_at > ${nowMs - 4 * hourMs} then 'from_1h_to_4h'
      when created_at > ${nowMs - 24 * hourMs} then 'from_4h_to_24h'
      else 'over_24h' end`;
    const [backlog, packed, exceptions, exceptionCount] = await Promise.all([
      this.db
        .selectFrom('orders')
        .select([age.as('age'), (eb) => eb.fn.countAll<number | string>().as('orders')])
        .where('status', 'in', ['paid', 'fulfilling'])
        // By position: PostgreSQL does not see the same expression in its bound parameters twice.
        .groupBy(sql`1`)
        .execute(),
      this.db
        .selectFrom('shipments')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('packed_at', '>', nowMs - hourMs)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('shipments')
        .selectAll()
        .where('status', '=', 'exception')
        .orderBy('updated_at', 'desc')
        .limit(exceptionsListed)
        .execute(),
      this.db
        .selectFrom('shipments')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('status', '=', 'exception')
        .executeTakeFirstOrThrow(),
    ]);
    return {
      backlog: new Map(backlog.map((row) => [row.age, Number(row.orders)])),
      packedLastHour: Number(packed.count),
      exceptions,
      exceptionCount: Number(exceptionCount.count),
    };
  }

  /** Moves a shipment from `from` to `to`; false when it is no longer in `from`. */
  async moveShipment(
    id: string,
    from: string,
    change: { status: string; tracking_number?: string; handed_over_at?: number; packed_at?: number },
    now: number,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('shipments')
      .set({ ...change, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** The SKUs in these parcels. */
  async skusOfShipments(shipmentIds: readonly string[]): Promise<string[]> {
    if (shipmentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('shipment_items')
      .select('sku')
      .distinct()
      .where('shipment_id', 'in', shipmentIds)
      .execute();
    return rows.map((row) => row.sku);
  }
}
