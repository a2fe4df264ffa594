/**
 * Selling beyond stock: what backorder and pre-order terms allow and promise, dating waiting lines
 * again, and — as a property — the promise under any sequence of purchase orders, receipts,
 * orders beyond stock, cancellations, shipments, returns and write-offs, each decided on a book
 * read afresh as a transaction would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BackorderTerms,
  backorderAllowance,
  byExpectedDate,
  coveringDate,
  type IncomingLine,
  isDelayed,
  planWaiting,
} from './backorders.js';
import { type Allocation, StockBook, type StockRow, stockKey } from './stock-book.js';

const today = '2026-12-04';

function incoming(
  purchaseOrderId: string,
  expectedOn: string,
  remaining: number,
  sku = 'A',
  locationCode = 'paris',
) {
  return { sku, purchaseOrderId, locationCode, expectedOn, remaining };
}

function terms(overrides: Partial<BackorderTerms> = {}): BackorderTerms {
  return {
    sku: 'A',
    channelCode: 'web',
    mode: 'backorder',
    limit: 10,
    waiting: 0,
    releaseOn: null,
    paused: false,
    ...overrides,
  };
}

describe('what backorder and pre-order terms allow', () => {
  it('allows nothing without terms', () => {
    expect(backorderAllowance(undefined, 0, [incoming('po1', '2026-12-10', 50)], today).units).toBe(0);
  });

  it('sells a backorder up to its limit, never past what is incoming after the units already waiting', () => {
    const arriving = byExpectedDate([incoming('po1', '2026-12-10', 6), incoming('po2', '2026-12-20', 4)]);
    expect(backorderAllowance(terms({ limit: 20 }), 0, arriving, today).units).toBe(10);
    expect(backorderAllowance(terms({ limit: 20, waiting: 3 }), 7, arriving, today).units).toBe(3);
    expect(backorderAllowance(terms({ limit: 5, waiting: 2 }), 2, arriving, today).units).toBe(3);
    expect(backorderAllowance(terms({ limit: 20 }), 12, arriving, today).units).toBe(0);
  });

  it('promises a backordered unit the date of the arrival that covers it, after those waiting ahead', () => {
    const arriving = byExpectedDate([incoming('po2', '2026-12-20', 4), incoming('po1', '2026-12-10', 6)]);
    const allowance = backorderAllowance(terms({ limit: 20 }), 5, arriving, today);
    expect(allowance.promisedOn(1)).toBe('2026-12-10');
    expect(allowance.promisedOn(2)).toBe('2026-12-20');
    expect(coveringDate(arriving, 0, 11)).toBeNull();
  });

  it('sells nothing while paused, whatever the limit and what is incoming', () => {
    const arriving = [incoming('po1', '2026-12-10', 6)];
    expect(backorderAllowance(terms({ paused: true }), 0, arriving, today).units).toBe(0);
    const preorder = terms({ mode: 'preorder', releaseOn: '2026-12-20', paused: true });
    expect(backorderAllowance(preorder, 0, [], today).units).toBe(0);
  });

  it('sells a pre-order until the day before its release, promising the release date, whatever is incoming', () => {
    const preorder = terms({ mode: 'preorder', limit: 8, waiting: 3, releaseOn: '2026-12-11' });
    const allowance = backorderAllowance(preorder, 3, [], today);
    expect(allowance.units).toBe(5);
    expect(allowance.promisedOn(5)).toBe('2026-12-11');
    expect(backorderAllowance(preorder, 3, [], '2026-12-10').units).toBe(5);
    expect(backorderAllowance(preorder, 3, [], '2026-12-11').units).toBe(0);
  });
});

describe('dating waiting lines again', () => {
  const line = (id: number, waiting: number, expectedOn: string | null, channelCode = 'web') => ({
    id,
    channelCode,
    waiting,
    expectedOn,
  });

  it('leaves lines whose arrival still covers them by their date', () => {
    const arriving = [incoming('po1', '2026-12-10', 10)];
    expect(
      planWaiting([line(1, 4, '2026-12-10'), line(2, 6, '2026-12-10')], arriving, new Map(), today),
    ).toEqual([]);
  });

  it('moves the last lines in the queue when a purchase order comes short, and drops those nothing covers', () => {
    const arriving = byExpectedDate([incoming('po1', '2026-12-10', 5), incoming('po2', '2026-12-22', 3)]);
    const queue = [line(1, 4, '2026-12-10'), line(2, 3, '2026-12-10'), line(3, 2, '2026-12-10')];
    expect(planWaiting(queue, arriving, new Map(), today)).toEqual([
      { id: 2, expectedOn: '2026-12-22' },
      { id: 3, expectedOn: null },
    ]);
  });

  it('promises nothing on a purchase order past its date, until it has a new one', () => {
    const late = [incoming('po1', '2026-12-01', 10)];
    expect(planWaiting([line(1, 2, '2026-12-01')], late, new Map(), today)).toEqual([
      { id: 1, expectedOn: null },
    ]);
    expect(planWaiting([line(1, 2, null)], [incoming('po1', '2026-12-09', 10)], new Map(), today)).toEqual([
      { id: 1, expectedOn: '2026-12-09' },
    ]);
  });

  it('keeps a pre-order on its release date unless what is incoming comes later', () => {
    const releases = new Map([['web', '2026-12-15']]);
    expect(planWaiting([line(1, 2, '2026-12-15')], [], releases, today)).toEqual([]);
    expect(
      planWaiting([line(1, 2, '2026-12-15')], [incoming('po1', '2026-12-18', 2)], releases, today),
    ).toEqual([{ id: 1, expectedOn: '2026-12-18' }]);
  });

  it('calls a line delayed when expected after its promise, or not expected at all', () => {
    expect(isDelayed('2026-12-10', '2026-12-10')).toBe(false);
    expect(isDelayed('2026-12-10', '2026-12-09')).toBe(false);
    expect(isDelayed('2026-12-10', '2026-12-11')).toBe(true);
    expect(isDelayed('2026-12-10', null)).toBe(true);
  });
});

describe('an order beyond stock', () => {
  const locations = new Map([
    ['web', ['paris']],
    ['market', ['lyon']],
  ]);
  const rows: StockRow[] = [{ sku: 'A', locationCode: 'paris', onHand: 3, reserved: 1 }];

  it('reserves what stock has and lets the rest wait, with its date; refuses all when the terms fall short', () => {
    const book = new StockBook(rows, locations, new Map(), {
      terms: [terms({ limit: 5 })],
      incoming: [incoming('po1', '2026-12-10', 4)],
      today,
    });
    expect(book.reserveOrBackorder('web', [{ sku: 'A', quantity: 5 }], [])).toEqual({
      ok: true,
      value: {
        allocations: [{ sku: 'A', locationCode: 'paris', quantity: 2 }],
        waiting: [{ sku: 'A', quantity: 3, mode: 'backorder', promisedOn: '2026-12-10' }],
      },
    });
    const refused = book.reserveOrBackorder('web', [{ sku: 'A', quantity: 2 }], []);
    expect(refused).toMatchObject({
      ok: false,
      code: 'out_of_stock',
      details: { lines: [{ sku: 'A', requested: 2, available: 1 }] },
    });
    expect(book.waitingDeltas()).toEqual([{ sku: 'A', channelCode: 'web', delta: 3 }]);
    expect(book.deltas()).toEqual([{ sku: 'A', locationCode: 'paris', onHandDelta: 0, reservedDelta: 2 }]);
  });

  it('undoes its units waiting when another line of the order is refused', () => {
    const book = new StockBook(rows, locations, new Map(), {
      terms: [terms({ limit: 5 })],
      incoming: [incoming('po1', '2026-12-10', 4)],
      today,
    });
    const refused = book.reserveOrBackorder(
      'web',
      [
        { sku: 'A', quantity: 4 },
        { sku: 'B', quantity: 1 },
      ],
      [],
    );
    expect(refused.ok).toBe(false);
    expect(book.waitingDeltas()).toEqual([]);
    expect(book.deltas()).toEqual([]);
  });

  it('serves waiting lines first come first served from stock arriving at a location their channel ships from', () => {
    const book = new StockBook([], locations, new Map(), {
      terms: [terms({ waiting: 5 }), terms({ channelCode: 'market', waiting: 2 })],
      incoming: [],
      today,
    });
    book.receive('A', 'paris', 4);
    const served = book.serveWaiting('paris', [
      { id: 1, sku: 'A', channelCode: 'market', waiting: 2 },
      { id: 2, sku: 'A', channelCode: 'web', waiting: 3 },
      { id: 3, sku: 'A', channelCode: 'web', waiting: 2 },
    ]);
    expect(served).toEqual([
      { id: 2, sku: 'A', channelCode: 'web', locationCode: 'paris', quantity: 3 },
      { id: 3, sku: 'A', channelCode: 'web', locationCode: 'paris', quantity: 1 },
    ]);
    expect(book.waitingDeltas()).toEqual([{ sku: 'A', channelCode: 'web', delta: -4 }]);
    expect(book.row('A', 'paris')).toMatchObject({ onHand: 4, reserved: 4 });
  });
});

// ---- Property: the promise holds under any sequence of commands ----

const skus = ['A', 'B'] as const;
const channels = ['web', 'market'] as const;
const locationsByChannel = new Map([
  ['web', ['paris', 'lyon']],
  ['market', ['lyon']],
]);
const allLocations = ['paris', 'lyon'] as const;
const dates = ['2026-12-02', '2026-12-06', '2026-12-10', '2026-12-20'] as const;

type Command =
  | { kind: 'purchase'; sku: string; location: string; expectedOn: string; quantity: number }
  | { kind: 'receipt'; pick: number; quantity: number; close: boolean }
  | { kind: 'order'; channel: string; lines: { sku: string; quantity: number }[] }
  | { kind: 'cancel' | 'ship'; pick: number }
  | { kind: 'return'; sku: string; location: string; quantity: number }
  | { kind: 'writeOff'; sku: string; location: string; quantity: number };

interface ModelOrder {
  readonly channel: string;
  allocations: Allocation[];
  live: boolean;
}

interface Waiting {
  readonly id: number;
  readonly order: number;
  readonly sku: string;
  readonly channelCode: string;
  waiting: number;
}

const skuArbitrary = fc.constantFrom(...skus);
const locationArbitrary = fc.constantFrom(...allLocations);
const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('purchase' as const),
    sku: skuArbitrary,
    location: locationArbitrary,
    expectedOn: fc.constantFrom(...dates),
    quantity: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    kind: fc.constant('receipt' as const),
    pick: fc.nat(),
    quantity: fc.integer({ min: 1, max: 10 }),
    close: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('order' as const),
    channel: fc.constantFrom(...channels),
    lines: fc.array(fc.record({ sku: skuArbitrary, quantity: fc.integer({ min: 1, max: 5 }) }), {
      minLength: 1,
      maxLength: 2,
    }),
  }),
  fc.record({ kind: fc.constantFrom('cancel' as const, 'ship' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constantFrom('return' as const, 'writeOff' as const),
    sku: skuArbitrary,
    location: locationArbitrary,
    quantity: fc.integer({ min: 1, max: 4 }),
  }),
);

const termsArbitrary = fc.array(
  fc.option(
    fc.record({
      mode: fc.constantFrom('backorder' as const, 'preorder' as const),
      limit: fc.integer({ min: 0, max: 12 }),
      releaseOn: fc.constantFrom('2026-12-01', '2026-12-15'),
      paused: fc.boolean(),
    }),
  ),
  { minLength: skus.length * channels.length, maxLength: skus.length * channels.length },
);

describe('the promise beyond stock under any command sequence (property)', () => {
  it('sells no unit beyond on hand plus what the terms allow against incoming stock, serves first come first served, and keeps the ledger', () => {
    fc.assert(
      fc.property(termsArbitrary, fc.array(commandArbitrary, { maxLength: 40 }), (termsSetup, commands) => {
        // The store, as a model: rows, terms, open purchase orders, the queue, the ledger.
        const rows = new Map<string, StockRow>();
        const allTerms: BackorderTerms[] = [];
        for (const [skuIndex, sku] of skus.entries()) {
          for (const [channelIndex, channelCode] of channels.entries()) {
            const drawn = termsSetup[skuIndex * channels.length + channelIndex];
            if (drawn)
              allTerms.push({
                sku,
                channelCode,
                mode: drawn.mode,
                limit: drawn.limit,
                waiting: 0,
                releaseOn: drawn.mode === 'preorder' ? drawn.releaseOn : null,
                paused: drawn.paused,
              });
          }
        }
        const purchases: { line: IncomingLine; open: boolean }[] = [];
        const orders: ModelOrder[] = [];
        const queue: Waiting[] = [];
        const ledger = new Map<string, number>();
        let nextId = 1;

        const book = () =>
          new StockBook([...rows.values()], locationsByChannel, new Map(), {
            terms: allTerms.map((row) => ({ ...row })),
            incoming: purchases.filter((po) => po.open).map((po) => po.line),
            today,
          });
        /** What the store does with a book's changes once its transaction commits. */
        const commit = (used: StockBook) => {
          for (const delta of used.deltas()) {
            const key = stockKey(delta.sku, delta.locationCode);
            const row = rows.get(key) ?? {
              sku: delta.sku,
              locationCode: delta.locationCode,
              onHand: 0,
              reserved: 0,
            };
            row.onHand += delta.onHandDelta;
            row.reserved += delta.reservedDelta;
            rows.set(key, row);
          }
          for (const delta of used.waitingDeltas()) {
            const row = allTerms.find(
              (terms) => terms.sku === delta.sku && terms.channelCode === delta.channelCode,
            )!;
            row.waiting += delta.delta;
          }
        };
        const move = (sku: string, location: string, quantity: number) => {
          const key = stockKey(sku, location);
          ledger.set(key, (ledger.get(key) ?? 0) + quantity);
        };
        const liveOrder = (pick: number) => {
          const live = orders.filter((order) => order.live);
          return live.length === 0 ? undefined : live[pick % live.length];
        };

        for (const command of commands) {
          switch (command.kind) {
            case 'purchase': {
              purchases.push({
                line: {
                  sku: command.sku,
                  purchaseOrderId: `po${purchases.length + 1}`,
                  locationCode: command.location,
                  expectedOn: command.expectedOn,
                  remaining: command.quantity,
                },
                open: true,
              });
              break;
            }
            case 'receipt': {
              const open = purchases.filter((po) => po.open);
              if (open.length === 0) break;
              const po = open[command.pick % open.length]!;
              const { sku, locationCode } = po.line;
              const used = book();
              expect(used.receive(sku, locationCode, command.quantity).ok).toBe(true);
              const eligible = queue.filter(
                (line) =>
                  line.sku === sku && locationsByChannel.get(line.channelCode)!.includes(locationCode),
              );
              const served = used.serveWaiting(locationCode, queue);
              commit(used);
              move(sku, locationCode, command.quantity);
              // First come first served: every line served before a later one got all it waited for.
              const servedIds = served.map((line) => line.id);
              expect(servedIds).toEqual(eligible.slice(0, servedIds.length).map((line) => line.id));
              for (const line of served.slice(0, -1))
                expect(line.quantity).toBe(eligible.find((waiting) => waiting.id === line.id)!.waiting);
              for (const line of served) {
                const waiting = queue.find((entry) => entry.id === line.id)!;
                waiting.waiting -= line.quantity;
                orders[waiting.order]!.allocations.push({ sku, locationCode, quantity: line.quantity });
              }
              queue.splice(0, queue.length, ...queue.filter((line) => line.waiting > 0));
              const remaining = po.line.remaining - command.quantity;
              po.line = { ...po.line, remaining: Math.max(0, remaining) };
              if (command.close || remaining <= 0) po.open = false;
              break;
            }
            case 'order': {
              const used = book();
              const incomingBefore = purchases.filter((po) => po.open).map((po) => po.line);
              const result = used.reserveOrBackorder(command.channel, command.lines, []);
              if (!result.ok) {
                expect(result.code).toBe('out_of_stock');
                expect(used.deltas()).toEqual([]);
                expect(used.waitingDeltas()).toEqual([]);
                break;
              }
              commit(used);
              const index =
                orders.push({ channel: command.channel, allocations: result.value.allocations, live: true }) -
                1;
              for (const units of result.value.waiting) {
                queue.push({
                  id: nextId++,
                  order: index,
                  sku: units.sku,
                  channelCode: command.channel,
                  waiting: units.quantity,
                });
                const row = allTerms.find(
                  (terms) => terms.sku === units.sku && terms.channelCode === command.channel,
                )!;
                if (row.mode === 'backorder') {
                  // Sold against incoming: all that waits of the SKU is covered by what comes to this channel.
                  const coming = incomingBefore
                    .filter(
                      (line) =>
                        line.sku === units.sku &&
                        locationsByChannel.get(command.channel)!.includes(line.locationCode),
                    )
                    .reduce((total, line) => total + line.remaining, 0);
                  const waitingOfSku = allTerms
                    .filter((terms) => terms.sku === units.sku)
                    .reduce((total, terms) => total + terms.waiting, 0);
                  expect(waitingOfSku).toBeLessThanOrEqual(coming);
                  expect(units.promisedOn).not.toBeNull();
                } else {
                  expect(units.promisedOn).toBe(row.releaseOn);
                  expect(today < row.releaseOn!).toBe(true);
                }
              }
              break;
            }
            case 'cancel': {
              const order = liveOrder(command.pick);
              if (order === undefined) break;
              const used = book();
              used.release(order.allocations);
              const index = orders.indexOf(order);
              for (const line of queue.filter((entry) => entry.order === index))
                used.stopWaiting(line.channelCode, line.sku, line.waiting);
              commit(used);
              queue.splice(0, queue.length, ...queue.filter((entry) => entry.order !== index));
              order.live = false;
              break;
            }
            case 'ship': {
              const order = liveOrder(command.pick);
              if (order === undefined || queue.some((entry) => entry.order === orders.indexOf(order))) break;
              const used = book();
              used.ship(order.allocations);
              commit(used);
              for (const allocation of order.allocations)
                move(allocation.sku, allocation.locationCode, -allocation.quantity);
              order.live = false;
              break;
            }
            case 'return': {
              const used = book();
              expect(used.receive(command.sku, command.location, command.quantity).ok).toBe(true);
              commit(used);
              move(command.sku, command.location, command.quantity);
              break;
            }
            case 'writeOff': {
              const used = book();
              const result = used.adjust(command.sku, command.location, -command.quantity);
              if (result.ok) {
                commit(used);
                move(command.sku, command.location, -command.quantity);
              } else expect(result.code).toBe('insufficient_stock');
              break;
            }
          }

          // On hand is its ledger, reserved is what live orders hold, within on hand.
          for (const row of rows.values()) {
            const key = stockKey(row.sku, row.locationCode);
            expect(row.onHand).toBe(ledger.get(key) ?? 0);
            const held = orders
              .filter((order) => order.live)
              .flatMap((order) => order.allocations)
              .filter(
                (allocation) => allocation.sku === row.sku && allocation.locationCode === row.locationCode,
              )
              .reduce((total, allocation) => total + allocation.quantity, 0);
            expect(row.reserved).toBe(held);
            expect(row.reserved).toBeLessThanOrEqual(row.onHand);
          }
          // Units waiting under each terms are the queue's, never past the limit.
          for (const row of allTerms) {
            const queued = queue
              .filter((entry) => entry.sku === row.sku && entry.channelCode === row.channelCode)
              .reduce((total, entry) => total + entry.waiting, 0);
            expect(row.waiting).toBe(queued);
            expect(row.waiting).toBeGreaterThanOrEqual(0);
            expect(row.waiting).toBeLessThanOrEqual(row.limit);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
