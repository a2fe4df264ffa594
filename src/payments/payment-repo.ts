/** Payments recorded per order, the providers whose webhooks are accepted, and the provider events applied. */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type {
  Database,
  PaymentEventTable,
  PaymentProviderTable,
  PaymentTable,
} from '../platform/store/schema.js';

type Db = Kysely<Database>;

export type PaymentRow = Selectable<PaymentTable>;
export type PaymentProviderRow = Selectable<PaymentProviderTable>;
export type PaymentEventRow = Selectable<PaymentEventTable>;

declare module '../platform/store/store.js' {
  interface Repos {
    readonly payments: PaymentRepo;
  }
}

export class PaymentRepo {
  constructor(private readonly db: Db) {}

  paymentsOf(orderId: string): Promise<PaymentRow[]> {
    return this.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  }

  /** The payments of these orders, by order then id. */
  async paymentsOfOrders(orderIds: readonly string[]): Promise<PaymentRow[]> {
    const rows: PaymentRow[] = [];
    for (const chunk of chunks([...new Set(orderIds)], rowsPerStatement(1)))
      rows.push(
        ...(await this.db.selectFrom('payments').selectAll().where('order_id', 'in', chunk).execute()),
      );
    return rows.sort((a, b) => a.order_id.localeCompare(b.order_id) || a.id.localeCompare(b.id));
  }

  findByReference(psp: string, pspReference: string, kind: string): Promise<PaymentRow | undefined> {
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('psp', '=', psp)
      .where('psp_reference', '=', pspReference)
      .where('kind', '=', kind)
      .executeTakeFirst();
  }

  /** The order a provider's reference was recorded on (its first payment under that reference). */
  async orderOfReference(psp: string, pspReference: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('payments')
      .select('order_id')
      .where('psp', '=', psp)
      .where('psp_reference', '=', pspReference)
      .orderBy('id')
      .executeTakeFirst();
    return row?.order_id;
  }

  async insertPayment(row: Insertable<PaymentTable>): Promise<void> {
    await this.db.insertInto('payments').values(row).execute();
  }

  getProvider(psp: string): Promise<PaymentProviderRow | undefined> {
    return this.db.selectFrom('payment_providers').selectAll().where('psp', '=', psp).executeTakeFirst();
  }

  listProviders(): Promise<PaymentProviderRow[]> {
    return this.db.selectFrom('payment_providers').selectAll().orderBy('psp').execute();
  }

  async putProvider(row: { psp: string; scheme: string; secret: string }, now: number): Promise<void> {
    await this.db
      .insertInto('payment_providers')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) =>
        conflict.column('psp').doUpdateSet({ scheme: row.scheme, secret: row.secret, updated_at: now }),
      )
      .execute();
  }

  /**
   * Takes a provider event for this transaction: true when it is new. A second delivery, even one
   * racing the first on another connection, finds it taken (PostgreSQL makes it wait for the first
   * to commit) and changes nothing.
   */
  async claimEvent(row: Insertable<PaymentEventTable>): Promise<boolean> {
    const result = await this.db
      .insertInto('payment_events')
      .values(row)
      .onConflict((conflict) => conflict.columns(['psp', 'event_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) === 1n;
  }

  async settleEvent(
    psp: string,
    eventId: string,
    outcome: { outcome: string; order_id: string | null; payment_id: string | null; detail: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('payment_events')
      .set(outcome)
      .where('psp', '=', psp)
      .where('event_id', '=', eventId)
      .execute();
  }

  getEvent(psp: string, eventId: string): Promise<PaymentEventRow | undefined> {
    return this.db
      .selectFrom('payment_events')
      .selectAll()
      .where('psp', '=', psp)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }

  /**
   * Payment attempts per minute since `sinceMs` (minutes with any, oldest first): the failures, and
   * the payments that secured money, an authorisation or a capture no authorisation came before.
   */
  async attemptsPerMinute(sinceMs: number): Promise<{ atMs: number; failures: number; secured: number }[]> {
    const minute = sql<number>`(created_at / 60000) * 60000`;
    const rows = await this.db
      .selectFrom('payments as payment')
      .select([
        minute.as('at_ms'),
        sql<number>`count(case when kind = 'failure' then 1 end)`.as('failures'),
        sql<number>`count(case when kind = 'authorisation' or (kind = 'capture' and not exists (
          select 1 from payments as earlier
          where earlier.order_id = payment.order_id and earlier.kind = 'authorisation'
        )) then 1 end)`.as('secured'),
      ])
      .where('created_at', '>=', sinceMs)
      .groupBy(minute)
      .orderBy(minute)
      .execute();
    return rows.map((row) => ({
      atMs: Number(row.at_ms),
      failures: Number(row.failures),
      secured: Number(row.secured),
    }));
  }

  /**
   * Orders of `channel` still `placed` and created at or before `createdUntilMs`, oldest first,
   * unpaid: an order with an authorisation or a capture is not abandoned (money is held or taken
   * for it), and it waits. `idBelow` (see `idBoundAfter`) keeps the read to a range of the
   * (status, id) index: no index of its own on the order path.
   */
  async unpaidPlacedOrders(
    channel: string,
    createdUntilMs: number,
    idBelow: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db
      .selectFrom('orders')
      .select('orders.id')
      .where('orders.status', '=', 'placed')
      .where('orders.id', '<', idBelow)
      .where('orders.created_at', '<=', createdUntilMs)
      .where('orders.channel_code', '=', channel)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('payments')
              .select('payments.id')
              .whereRef('payments.order_id', '=', 'orders.id')
              .where('payments.kind', 'in', ['authorisation', 'capture']),
          ),
        ),
      )
      .orderBy('orders.id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }
}
