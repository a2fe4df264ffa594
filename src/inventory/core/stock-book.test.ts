/** The inventory rules: available to promise, all-or-nothing reservation, and the stock invariant under any command sequence. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Failure } from '../../platform/core/errors.js';
import {
  type Allocation,
  availableFromFree,
  availableToPromise,
  type LineRequest,
  requestedBySku,
  StockBook,
  type StockDelta,
  type StockRow,
  stockKey,
} from './stock-book.js';

function stockRow(sku: string, locationCode: string, onHand: number, reserved = 0): StockRow {
  return { sku, locationCode, onHand, reserved };
}

function snapshot(book: StockBook, skus: readonly string[], locations: readonly string[]): StockRow[] {
  const rows: StockRow[] = [];
  for (const sku of skus) {
    for (const location of locations) {
      const row = book.row(sku, location);
      rows.push({ sku, locationCode: location, onHand: row.onHand, reserved: row.reserved });
    }
  }
  return rows;
}

function copyDeltas(book: StockBook): StockDelta[] {
  return book.deltas().map((delta) => ({ ...delta }));
}

function expectFailure(result: { ok: boolean }, code: Failure['code']): Failure {
  expect(result.ok).toBe(false);
  const failure = result as Failure;
  expect(failure.code).toBe(code);
  return failure;
}

function reservedOrThrow(result: ReturnType<StockBook['reserve']>): Allocation[] {
  if (!result.ok) throw new Error(`expected a reservation, got ${result.code}`);
  return result.value;
}

const twoLocations = new Map([
  ['web', ['paris', 'lyon']],
  ['market', ['lyon']],
]);

describe('available to promise', () => {
  it('is free stock less the buffer, never below 0', () => {
    expect(availableFromFree(10, 3)).toBe(7);
    expect(availableFromFree(3, 3)).toBe(0);
    expect(availableFromFree(2, 5)).toBe(0);
    expect(availableToPromise([stockRow('A', 'paris', 10, 4), stockRow('A', 'lyon', 5, 5)], 2)).toBe(4);
    expect(availableToPromise([], 0)).toBe(0);
  });

  it("counts only the channel's locations and holds back the channel's buffer", () => {
    const book = new StockBook(
      [stockRow('A', 'paris', 10, 3), stockRow('A', 'lyon', 4, 1), stockRow('A', 'lille', 50)],
      twoLocations,
      new Map([[stockKey('A', 'market'), 1]]),
    );
    expect(book.available('web', 'A')).toBe(7 + 3);
    expect(book.available('market', 'A')).toBe(3 - 1);
    expect(book.available('unknown-channel', 'A')).toBe(0);
    expect(book.available('web', 'never-received')).toBe(0);
  });

  it('never falls below 0 when the buffer exceeds free stock', () => {
    const book = new StockBook(
      [stockRow('A', 'lyon', 3)],
      twoLocations,
      new Map([[stockKey('A', 'market'), 5]]),
    );
    expect(book.available('market', 'A')).toBe(0);
    expectFailure(book.reserve('market', [{ sku: 'A', quantity: 1 }]), 'out_of_stock');
  });

  it("a buffer on one channel does not reduce another channel's availability", () => {
    const book = new StockBook(
      [stockRow('A', 'lyon', 6)],
      twoLocations,
      new Map([[stockKey('A', 'market'), 4]]),
    );
    expect(book.available('market', 'A')).toBe(2);
    expect(book.available('web', 'A')).toBe(6);
  });
});

describe('reserve', () => {
  it('reserves every line when all are available and reports the deltas', () => {
    const book = new StockBook([stockRow('A', 'paris', 5), stockRow('B', 'lyon', 2)], twoLocations);
    const allocations = reservedOrThrow(
      book.reserve('web', [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 2 },
      ]),
    );
    expect(allocations).toEqual([
      { sku: 'A', locationCode: 'paris', quantity: 3 },
      { sku: 'B', locationCode: 'lyon', quantity: 2 },
    ]);
    expect(book.available('web', 'A')).toBe(2);
    expect(book.available('web', 'B')).toBe(0);
    expect(book.deltas()).toEqual([
      { sku: 'A', locationCode: 'paris', onHandDelta: 0, reservedDelta: 3 },
      { sku: 'B', locationCode: 'lyon', onHandDelta: 0, reservedDelta: 2 },
    ]);
  });

  it('refuses the whole order when one line is short, naming the short lines, and changes nothing', () => {
    const rows = [stockRow('A', 'paris', 5), stockRow('B', 'paris', 1), stockRow('C', 'lyon', 4, 3)];
    const book = new StockBook(rows, twoLocations, new Map([[stockKey('C', 'web'), 0]]));
    const before = snapshot(book, ['A', 'B', 'C'], ['paris', 'lyon']);
    const failure = expectFailure(
      book.reserve('web', [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 2 },
        { sku: 'C', quantity: 2 },
      ]),
      'out_of_stock',
    );
    expect(failure.details).toEqual({
      lines: [
        { sku: 'B', requested: 2, available: 1 },
        { sku: 'C', requested: 2, available: 1 },
      ],
    });
    expect(snapshot(book, ['A', 'B', 'C'], ['paris', 'lyon'])).toEqual(before);
    expect(book.deltas()).toEqual([]);
    expect(book.available('web', 'A')).toBe(5);
  });

  it('reports the availability after the buffer, not the free stock, for a short line', () => {
    const book = new StockBook(
      [stockRow('A', 'paris', 5)],
      twoLocations,
      new Map([[stockKey('A', 'web'), 2]]),
    );
    const failure = expectFailure(book.reserve('web', [{ sku: 'A', quantity: 4 }]), 'out_of_stock');
    expect(failure.details).toEqual({ lines: [{ sku: 'A', requested: 4, available: 3 }] });
    expect(reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 3 }]))).toEqual([
      { sku: 'A', locationCode: 'paris', quantity: 3 },
    ]);
  });

  it('does not reserve stock held at a location outside the channel', () => {
    const book = new StockBook([stockRow('A', 'paris', 5), stockRow('A', 'lyon', 1)], twoLocations);
    const failure = expectFailure(book.reserve('market', [{ sku: 'A', quantity: 2 }]), 'out_of_stock');
    expect(failure.details).toEqual({ lines: [{ sku: 'A', requested: 2, available: 1 }] });
    expectFailure(book.reserve('nowhere', [{ sku: 'A', quantity: 1 }]), 'out_of_stock');
    expect(book.deltas()).toEqual([]);
  });

  it('takes units from the location with the most free stock', () => {
    const book = new StockBook([stockRow('A', 'paris', 10, 7), stockRow('A', 'lyon', 5)], twoLocations);
    expect(reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 4 }]))).toEqual([
      { sku: 'A', locationCode: 'lyon', quantity: 4 },
    ]);
    // Lyon now has 1 free and Paris 3: the next unit comes from Paris.
    expect(reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 1 }]))).toEqual([
      { sku: 'A', locationCode: 'paris', quantity: 1 },
    ]);
  });

  it('splits a line across locations only when no single location can serve it', () => {
    const book = new StockBook([stockRow('A', 'paris', 4), stockRow('A', 'lyon', 3)], twoLocations);
    const allocations = reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 6 }]));
    expect(allocations).toEqual([
      { sku: 'A', locationCode: 'paris', quantity: 4 },
      { sku: 'A', locationCode: 'lyon', quantity: 2 },
    ]);
    expect(book.row('A', 'paris').reserved).toBe(4);
    expect(book.row('A', 'lyon').reserved).toBe(2);
  });

  it('breaks ties between equally stocked locations by location code, the same way every time', () => {
    const book = new StockBook([stockRow('A', 'paris', 3), stockRow('A', 'lyon', 3)], twoLocations);
    expect(reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 2 }]))).toEqual([
      { sku: 'A', locationCode: 'lyon', quantity: 2 },
    ]);
  });

  // Documented contract of `reserve`: "an order splits across locations only when no single one can
  // serve it". Allocation is decided SKU by SKU, so an order whose lines one location could serve
  // together is still split when another location has more of one of its SKUs.
  it('keeps a multi-SKU order in one location when that location can serve every line', () => {
    const book = new StockBook(
      [stockRow('A', 'paris', 5), stockRow('B', 'paris', 3), stockRow('B', 'lyon', 4)],
      twoLocations,
    );
    const allocations = reservedOrThrow(
      book.reserve('web', [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ]),
    );
    expect(new Set(allocations.map((allocation) => allocation.locationCode))).toEqual(new Set(['paris']));
  });

  it('adds up lines of the same SKU, both to check availability and to reserve', () => {
    expect([
      ...requestedBySku([
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 3 },
      ]),
    ]).toEqual([
      ['B', 4],
      ['A', 2],
    ]);
    const book = new StockBook([stockRow('A', 'paris', 4)], twoLocations);
    const failure = expectFailure(
      book.reserve('web', [
        { sku: 'A', quantity: 3 },
        { sku: 'A', quantity: 2 },
      ]),
      'out_of_stock',
    );
    expect(failure.details).toEqual({ lines: [{ sku: 'A', requested: 5, available: 4 }] });
    expect(
      reservedOrThrow(
        book.reserve('web', [
          { sku: 'A', quantity: 3 },
          { sku: 'A', quantity: 1 },
        ]),
      ),
    ).toEqual([{ sku: 'A', locationCode: 'paris', quantity: 4 }]);
    expect(book.row('A', 'paris')).toMatchObject({ onHand: 4, reserved: 4 });
  });

  it('the last unit goes to exactly one of two buyers', () => {
    const book = new StockBook([stockRow('A', 'lyon', 1)], twoLocations);
    expect(book.reserve('web', [{ sku: 'A', quantity: 1 }]).ok).toBe(true);
    expectFailure(book.reserve('market', [{ sku: 'A', quantity: 1 }]), 'out_of_stock');
    expect(book.row('A', 'lyon')).toMatchObject({ onHand: 1, reserved: 1 });
  });
});

describe('release, ship, receive, adjust', () => {
  it('release returns reserved units to free stock', () => {
    const book = new StockBook([stockRow('A', 'paris', 5)], twoLocations);
    const allocations = reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 3 }]));
    book.release(allocations);
    expect(book.row('A', 'paris')).toMatchObject({ onHand: 5, reserved: 0 });
    expect(book.available('web', 'A')).toBe(5);
    expect(book.deltas()).toEqual([]);
  });

  it('reserveAt moves a reservation where a sourcing plan sends it, and treats units not free as a bug', () => {
    const book = new StockBook([stockRow('A', 'paris', 5, 2), stockRow('A', 'lyon', 3)], twoLocations);
    book.release([{ sku: 'A', locationCode: 'paris', quantity: 2 }]);
    book.reserveAt([{ sku: 'A', locationCode: 'lyon', quantity: 2 }]);
    expect(book.deltas()).toEqual([
      { sku: 'A', locationCode: 'paris', onHandDelta: 0, reservedDelta: -2 },
      { sku: 'A', locationCode: 'lyon', onHandDelta: 0, reservedDelta: 2 },
    ]);
    expect(() => book.reserveAt([{ sku: 'A', locationCode: 'lyon', quantity: 2 }])).toThrow(
      /stock invariant broken/,
    );
    expect(() => book.reserveAt([{ sku: 'A', locationCode: 'paris', quantity: 0 }])).toThrow(/0 units/);
  });

  it('ship takes units out of on hand and reserved together', () => {
    const book = new StockBook([stockRow('A', 'paris', 5), stockRow('A', 'lyon', 2)], twoLocations);
    const allocations = reservedOrThrow(book.reserve('web', [{ sku: 'A', quantity: 6 }]));
    book.ship(allocations);
    expect(book.row('A', 'paris')).toMatchObject({ onHand: 0, reserved: 0 });
    expect(book.row('A', 'lyon')).toMatchObject({ onHand: 1, reserved: 0 });
    expect(book.deltas()).toEqual([
      { sku: 'A', locationCode: 'paris', onHandDelta: -5, reservedDelta: 0 },
      { sku: 'A', locationCode: 'lyon', onHandDelta: -1, reservedDelta: 0 },
    ]);
  });

  it('receive adds to on hand, also at a location that never had the SKU', () => {
    const book = new StockBook([], twoLocations);
    book.receive('A', 'lyon', 4);
    expect(book.row('A', 'lyon')).toMatchObject({ onHand: 4, reserved: 0 });
    expect(book.available('market', 'A')).toBe(4);
    expect(() => book.receive('A', 'lyon', 0)).toThrow();
    expect(() => book.receive('A', 'lyon', -1)).toThrow();
    expect(() => book.receive('A', 'lyon', 1.5)).toThrow();
    expect(book.row('A', 'lyon').onHand).toBe(4);
  });

  it('adjust corrects on hand both ways and returns the new row', () => {
    const book = new StockBook([stockRow('A', 'paris', 5, 2)], twoLocations);
    const down = book.adjust('A', 'paris', -3);
    expect(down).toEqual({ ok: true, value: { sku: 'A', locationCode: 'paris', onHand: 2, reserved: 2 } });
    const up = book.adjust('A', 'paris', 10);
    expect(up.ok && up.value.onHand).toBe(12);
    expect(book.deltas()).toEqual([{ sku: 'A', locationCode: 'paris', onHandDelta: 7, reservedDelta: 0 }]);
  });

  it('adjust below what is reserved is refused with the figures, and changes nothing', () => {
    const book = new StockBook([stockRow('A', 'paris', 5, 2)], twoLocations);
    const failure = expectFailure(book.adjust('A', 'paris', -4), 'insufficient_stock');
    expect(failure.details).toEqual({ sku: 'A', location: 'paris', on_hand: 5, reserved: 2, delta: -4 });
    expect(book.row('A', 'paris')).toMatchObject({ onHand: 5, reserved: 2 });
    expect(book.deltas()).toEqual([]);
    expectFailure(book.adjust('A', 'lyon', -1), 'insufficient_stock');
    expect(book.deltas()).toEqual([]);
  });

  it('deltas net out changes that cancel and accumulate the rest per row', () => {
    const book = new StockBook([stockRow('A', 'paris', 5)], twoLocations);
    book.receive('A', 'paris', 2);
    book.adjust('A', 'paris', -2);
    expect(book.deltas()).toEqual([]);
    book.receive('A', 'lyon', 3);
    book.adjust('A', 'lyon', -1);
    expect(book.deltas()).toEqual([{ sku: 'A', locationCode: 'lyon', onHandDelta: 2, reservedDelta: 0 }]);
  });

  it('does not change the rows it was built from', () => {
    const rows = [stockRow('A', 'paris', 5)];
    const book = new StockBook(rows, twoLocations);
    book.reserve('web', [{ sku: 'A', quantity: 2 }]);
    expect(rows[0]).toEqual(stockRow('A', 'paris', 5));
  });
});

describe('broken invariants throw', () => {
  it('releasing more than is reserved', () => {
    const book = new StockBook([stockRow('A', 'paris', 5, 1)], twoLocations);
    expect(() => book.release([{ sku: 'A', locationCode: 'paris', quantity: 2 }])).toThrow(/stock invariant/);
  });

  it('shipping more than is reserved', () => {
    const book = new StockBook([stockRow('A', 'paris', 5, 1)], twoLocations);
    expect(() => book.ship([{ sku: 'A', locationCode: 'paris', quantity: 2 }])).toThrow(/stock invariant/);
  });

  it('releasing or shipping at a row that holds nothing', () => {
    const book = new StockBook([], twoLocations);
    expect(() => book.release([{ sku: 'A', locationCode: 'lyon', quantity: 1 }])).toThrow(/stock invariant/);
    const other = new StockBook([], twoLocations);
    expect(() => other.ship([{ sku: 'A', locationCode: 'lyon', quantity: 1 }])).toThrow(/stock invariant/);
  });

  it('loading a row with more reserved than on hand, negative or fractional stock', () => {
    expect(() => new StockBook([stockRow('A', 'paris', 1, 2)], twoLocations)).toThrow(/stock invariant/);
    expect(() => new StockBook([stockRow('A', 'paris', 1, -1)], twoLocations)).toThrow(/stock invariant/);
    expect(() => new StockBook([stockRow('A', 'paris', 1.5, 0)], twoLocations)).toThrow(/stock invariant/);
  });

  it('a fractional adjustment', () => {
    const book = new StockBook([stockRow('A', 'paris', 5)], twoLocations);
    expect(() => book.adjust('A', 'paris', 0.5)).toThrow(/stock invariant/);
  });
});

// ---- Property: the stock invariant holds under any sequence of commands ----

const skus = ['A', 'B', 'C'] as const;
const allLocations = ['L1', 'L2', 'L3'] as const;
const channels = ['web', 'market'] as const;

type Command =
  | { kind: 'receive'; sku: string; location: string; quantity: number }
  | { kind: 'adjust'; sku: string; location: string; delta: number }
  | { kind: 'hold' | 'order'; channel: string; lines: LineRequest[] }
  | { kind: 'cancel' | 'expire' | 'ship'; pick: number };

interface Reservation {
  readonly kind: 'hold' | 'order';
  readonly allocations: Allocation[];
  live: boolean;
}

const skuArbitrary = fc.constantFrom(...skus);
const locationArbitrary = fc.constantFrom(...allLocations);
const channelArbitrary = fc.constantFrom(...channels);
const linesArbitrary = fc.array(fc.record({ sku: skuArbitrary, quantity: fc.integer({ min: 1, max: 8 }) }), {
  minLength: 1,
  maxLength: 3,
});

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('receive' as const),
    sku: skuArbitrary,
    location: locationArbitrary,
    quantity: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    kind: fc.constant('adjust' as const),
    sku: skuArbitrary,
    location: locationArbitrary,
    delta: fc.integer({ min: -10, max: 10 }),
  }),
  fc.record({
    kind: fc.constantFrom('hold' as const, 'order' as const),
    channel: channelArbitrary,
    lines: linesArbitrary,
  }),
  fc.record({ kind: fc.constantFrom('cancel' as const, 'expire' as const, 'ship' as const), pick: fc.nat() }),
);

const setupArbitrary = fc.record({
  // 2 or 3 locations, each channel shipping from its own non-empty subset of them.
  locationCount: fc.integer({ min: 2, max: 3 }),
  webLocations: fc.subarray([...allLocations], { minLength: 1 }),
  marketLocations: fc.subarray([...allLocations], { minLength: 1 }),
  buffers: fc.array(fc.integer({ min: 0, max: 4 }), {
    minLength: skus.length * channels.length,
    maxLength: 6,
  }),
  opening: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: skus.length * 3, maxLength: 9 }),
});

describe('stock invariant under any command sequence (property)', () => {
  it('on hand ≥ reserved ≥ 0, on hand matches the ledger, reserved matches live reservations, deltas replay', () => {
    fc.assert(
      fc.property(setupArbitrary, fc.array(commandArbitrary, { maxLength: 40 }), (setup, commands) => {
        const locations: string[] = allLocations.slice(0, setup.locationCount);
        // Commands are drawn over all three locations; fold them onto the ones this run has.
        const at = (location: string): string =>
          locations[allLocations.indexOf(location as (typeof allLocations)[number]) % locations.length]!;
        const inUse = (subset: string[]) => {
          const kept = subset.filter((location) => locations.includes(location));
          return kept.length > 0 ? kept : [locations[0]!];
        };
        const locationsByChannel = new Map<string, string[]>([
          ['web', inUse(setup.webLocations)],
          ['market', inUse(setup.marketLocations)],
        ]);
        const buffers = new Map<string, number>();
        skus.forEach((sku, skuIndex) => {
          channels.forEach((channel, channelIndex) => {
            buffers.set(stockKey(sku, channel), setup.buffers[skuIndex * channels.length + channelIndex]!);
          });
        });
        const startingRows: StockRow[] = [];
        skus.forEach((sku, skuIndex) => {
          locations.forEach((location, locationIndex) => {
            startingRows.push(stockRow(sku, location, setup.opening[skuIndex * 3 + locationIndex]!));
          });
        });

        const book = new StockBook(startingRows, locationsByChannel, buffers);
        // The model: a ledger of on-hand movements per row, and the reservations still live.
        const ledger = new Map<string, number>(
          startingRows.map((row) => [stockKey(row.sku, row.locationCode), row.onHand]),
        );
        const reservations: Reservation[] = [];

        const modelReserved = (sku: string, location: string): number => {
          let reserved = 0;
          for (const reservation of reservations) {
            if (!reservation.live) continue;
            for (const allocation of reservation.allocations) {
              if (allocation.sku === sku && allocation.locationCode === location)
                reserved += allocation.quantity;
            }
          }
          return reserved;
        };
        const modelAvailable = (channel: string, sku: string): number => {
          let free = 0;
          for (const location of locationsByChannel.get(channel)!) {
            free += ledger.get(stockKey(sku, location))! - modelReserved(sku, location);
          }
          return Math.max(0, free - buffers.get(stockKey(sku, channel))!);
        };
        const pickLive = (kind: 'hold' | 'order', pick: number): Reservation | undefined => {
          const live = reservations.filter((reservation) => reservation.live && reservation.kind === kind);
          return live.length === 0 ? undefined : live[pick % live.length];
        };

        for (const command of commands) {
          const before = snapshot(book, skus, locations);
          const deltasBefore = copyDeltas(book);
          let refused = false;

          switch (command.kind) {
            case 'receive': {
              const location = at(command.location);
              book.receive(command.sku, location, command.quantity);
              const key = stockKey(command.sku, location);
              ledger.set(key, ledger.get(key)! + command.quantity);
              break;
            }
            case 'adjust': {
              const location = at(command.location);
              const key = stockKey(command.sku, location);
              const shouldRefuse = ledger.get(key)! + command.delta < modelReserved(command.sku, location);
              const result = book.adjust(command.sku, location, command.delta);
              expect(result.ok).toBe(!shouldRefuse);
              if (result.ok) ledger.set(key, ledger.get(key)! + command.delta);
              else {
                expect(result.code).toBe('insufficient_stock');
                refused = true;
              }
              break;
            }
            case 'hold':
            case 'order': {
              const requested = requestedBySku(command.lines);
              const short = [...requested]
                .map(([sku, quantity]) => ({
                  sku,
                  requested: quantity,
                  available: modelAvailable(command.channel, sku),
                }))
                .filter((line) => line.requested > line.available);
              const result = book.reserve(command.channel, command.lines);
              if (!result.ok) {
                expect(result.code).toBe('out_of_stock');
                expect(result.details).toEqual({ lines: short });
                refused = true;
                break;
              }
              expect(short).toEqual([]);
              const channelLocations = locationsByChannel.get(command.channel)!;
              const placed = new Map<string, number>();
              for (const allocation of result.value) {
                expect(allocation.quantity).toBeGreaterThan(0);
                expect(channelLocations).toContain(allocation.locationCode);
                placed.set(allocation.sku, (placed.get(allocation.sku) ?? 0) + allocation.quantity);
              }
              expect(placed).toEqual(requested);
              reservations.push({ kind: command.kind, allocations: result.value, live: true });
              break;
            }
            case 'cancel':
            case 'expire': {
              const reservation = pickLive(command.kind === 'cancel' ? 'order' : 'hold', command.pick);
              if (reservation === undefined) continue;
              book.release(reservation.allocations);
              reservation.live = false;
              break;
            }
            case 'ship': {
              const reservation = pickLive('order', command.pick);
              if (reservation === undefined) continue;
              book.ship(reservation.allocations);
              reservation.live = false;
              for (const allocation of reservation.allocations) {
                const key = stockKey(allocation.sku, allocation.locationCode);
                ledger.set(key, ledger.get(key)! - allocation.quantity);
              }
              break;
            }
          }

          const after = snapshot(book, skus, locations);
          if (refused) {
            expect(after).toEqual(before);
            expect(copyDeltas(book)).toEqual(deltasBefore);
          }
          for (const row of after) {
            expect(row.reserved).toBeGreaterThanOrEqual(0);
            expect(row.onHand).toBeGreaterThanOrEqual(row.reserved);
            expect(row.onHand).toBe(ledger.get(stockKey(row.sku, row.locationCode)));
            expect(row.reserved).toBe(modelReserved(row.sku, row.locationCode));
          }
          for (const channel of channels) {
            for (const sku of skus) expect(book.available(channel, sku)).toBe(modelAvailable(channel, sku));
          }
          // What the store would write: the starting rows plus the deltas give the rows now.
          const replayed = new Map(
            startingRows.map((row) => [stockKey(row.sku, row.locationCode), { ...row }]),
          );
          for (const delta of book.deltas()) {
            const row = replayed.get(stockKey(delta.sku, delta.locationCode))!;
            row.onHand += delta.onHandDelta;
            row.reserved += delta.reservedDelta;
          }
          expect(after).toEqual(after.map((row) => replayed.get(stockKey(row.sku, row.locationCode))));
        }
      }),
      { numRuns: 300 },
    );
  });
});
