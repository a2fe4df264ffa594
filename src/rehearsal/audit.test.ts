import { describe, expect, it } from 'vitest';
import type { Reconciliation } from '../inventory/contract.js';
import { type AuditInput, audit, type CheckName, type ListedOrder } from './audit.js';

/** A clean rehearsal: two SKUs, three orders (one cancelled), one live hold. */
function cleanInput(): AuditInput {
  const listing: ListedOrder[] = [
    { id: 'ord_1', status: 'placed', external_id: 'rh-o1', lines: [{ sku: 'A', quantity: 2 }] },
    {
      id: 'ord_2',
      status: 'placed',
      external_id: 'rh-o2',
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 3 },
      ],
    },
    { id: 'ord_3', status: 'cancelled', external_id: 'rh-o3', lines: [{ sku: 'B', quantity: 5 }] },
  ];
  const reconciliations: Reconciliation[] = [
    {
      sku: 'A',
      balanced: true,
      locations: [
        {
          location: 'paris',
          on_hand: 3,
          ledger_total: 3,
          reserved: 3,
          reserved_by_orders: 3,
          reserved_by_holds: 0,
        },
      ],
    },
    {
      sku: 'B',
      balanced: true,
      locations: [
        {
          location: 'paris',
          on_hand: 4,
          ledger_total: 4,
          reserved: 3,
          reserved_by_orders: 3,
          reserved_by_holds: 0,
        },
        {
          location: 'lyon',
          on_hand: 6,
          ledger_total: 6,
          reserved: 1,
          reserved_by_orders: 0,
          reserved_by_holds: 1,
        },
      ],
    },
  ];
  return {
    startingStock: [
      { sku: 'A', onHand: 3, locations: { paris: 3 } },
      { sku: 'B', onHand: 10, locations: { paris: 4, lyon: 6 } },
    ],
    acknowledged: listing.map((order) => ({
      id: order.id,
      idempotencyKey: order.external_id!,
      lines: order.lines,
      placedAtMs: 0,
    })),
    retryMismatches: [],
    cancelled: ['ord_3'],
    cancelUnanswered: [],
    listing,
    reads: new Map(listing.map((order) => [order.id, { status: 200, order }])),
    reconciliations,
  };
}

function failed(input: AuditInput): CheckName[] {
  return audit(input)
    .checks.filter((check) => !check.passed)
    .map((check) => check.name);
}

describe('the audit', () => {
  it('passes a clean rehearsal and counts what was sold', () => {
    const verdict = audit(cleanInput());
    expect(verdict.passed).toBe(true);
    expect(verdict.checks).toHaveLength(6);
    expect(verdict.unitsSold).toBe(6);
    expect(verdict.sales.find((sale) => sale.sku === 'A')).toMatchObject({ startingOnHand: 3, soldUnits: 3 });
  });

  it('catches units sold beyond the stock a SKU had', () => {
    const input = cleanInput();
    const listing = [
      ...input.listing,
      { id: 'ord_4', status: 'placed', external_id: 'rh-o4', lines: [{ sku: 'A', quantity: 1 }] },
    ];
    const verdict = audit({ ...input, listing });
    expect(verdict.passed).toBe(false);
    const check = verdict.checks.find((item) => item.name === 'units_within_stock')!;
    expect(check.breaches).toEqual(['A: 4 units sold from a stock of 3']);
  });

  it('catches more reserved than on hand at a location', () => {
    const input = cleanInput();
    const reconciliations = input.reconciliations.map((item) =>
      item.sku === 'A'
        ? { ...item, locations: [{ ...item.locations[0]!, reserved: 4, reserved_by_orders: 4 }] }
        : item,
    );
    expect(failed({ ...input, reconciliations })).toContain('units_within_stock');
  });

  it('catches an acknowledged order that cannot be read, is missing from the listing, or is listed twice', () => {
    const input = cleanInput();
    const reads = new Map(input.reads);
    reads.set('ord_1', { status: 404 });
    expect(failed({ ...input, reads })).toEqual(['acknowledged_orders_exist_once']);

    const withoutOrder2 = input.listing.filter((order) => order.id !== 'ord_2');
    expect(failed({ ...input, listing: withoutOrder2 })).toContain('acknowledged_orders_exist_once');

    const twice = [...input.listing, input.listing[0]!];
    const verdict = audit({ ...input, listing: twice });
    expect(verdict.checks.find((item) => item.name === 'acknowledged_orders_exist_once')!.breaches).toEqual([
      'order ord_1 (key rh-o1) is listed 2 times',
    ]);
  });

  it('catches one Idempotency-Key behind two orders, and a retry that answered another order', () => {
    const input = cleanInput();
    const listing = [
      ...input.listing,
      { id: 'ord_9', status: 'cancelled', external_id: 'rh-o1', lines: [{ sku: 'A', quantity: 2 }] },
    ];
    const verdict = audit({ ...input, listing });
    expect(verdict.checks.find((item) => item.name === 'one_order_per_idempotency_key')!.breaches).toEqual([
      'key rh-o1 produced 2 orders: ord_1, ord_9',
    ]);

    const mismatch = audit({
      ...input,
      retryMismatches: [
        { idempotencyKey: 'rh-o2', firstOrderId: 'ord_2', retryStatus: 409, retryOrderId: null },
      ],
    });
    expect(mismatch.passed).toBe(false);
    expect(mismatch.checks.find((item) => item.name === 'one_order_per_idempotency_key')!.breachCount).toBe(
      1,
    );
  });

  it('catches a ledger that does not sum to on hand, or on hand that moved', () => {
    const input = cleanInput();
    const reconciliations = input.reconciliations.map((item) =>
      item.sku === 'B'
        ? { ...item, locations: [{ ...item.locations[0]!, ledger_total: 5 }, item.locations[1]!] }
        : item,
    );
    expect(failed({ ...input, reconciliations })).toEqual(['ledger_sums_to_on_hand']);
    const startingStock = input.startingStock.map((start) =>
      start.sku === 'A' ? { ...start, onHand: 5, locations: { paris: 5 } } : start,
    );
    expect(failed({ ...input, startingStock })).toEqual(['ledger_sums_to_on_hand']);
    expect(failed({ ...input, reconciliations: input.reconciliations.slice(1) })).toContain(
      'ledger_sums_to_on_hand',
    );
  });

  it('catches reserved stock that no open order or live hold explains', () => {
    const input = cleanInput();
    const reconciliations = input.reconciliations.map((item) =>
      item.sku === 'B'
        ? { ...item, locations: [item.locations[0]!, { ...item.locations[1]!, reserved: 2 }] }
        : item,
    );
    expect(failed({ ...input, reconciliations })).toEqual(['reserved_matches_owners']);
    // Listed open orders must hold what the reservations by orders say.
    const listing = input.listing.map((order) =>
      order.id === 'ord_2'
        ? {
            ...order,
            lines: [
              { sku: 'A', quantity: 1 },
              { sku: 'B', quantity: 2 },
            ],
          }
        : order,
    );
    expect(failed({ ...input, listing, reads: new Map() })).toEqual(['reserved_matches_owners']);
  });

  it('catches a cancellation that did not stick', () => {
    const input = cleanInput();
    const listing = input.listing.map((order) =>
      order.id === 'ord_3' ? { ...order, status: 'placed' } : order,
    );
    expect(failed({ ...input, listing })).toContain('cancellations_applied');
    expect(failed({ ...input, cancelled: [] })).toEqual(['cancellations_applied']);
  });

  it('accepts either status for an order whose cancelling got no answer', () => {
    const input = cleanInput();
    // The cancel timed out: the server cancelled it, or not.
    expect(audit({ ...input, cancelled: [], cancelUnanswered: ['ord_3'] }).passed).toBe(true);
    const stillPlaced = input.listing.map((order) =>
      order.id === 'ord_3' ? { ...order, status: 'placed' } : order,
    );
    expect(
      failed({ ...input, cancelled: [], cancelUnanswered: ['ord_3'], listing: stillPlaced }),
    ).not.toContain('cancellations_applied');
  });

  it('adds the advent checks only when the scenario opened the door, and fails on their breaches', () => {
    const input = cleanInput();
    const kept = {
      season: 'rh',
      day: '2025-12-01',
      customer: 'player-0@rehearsal.example.com',
      opened_at: '2025-12-01T08:00:00.000Z',
      reward: { kind: 'promo_code' as const, code: 'RH-ADVENT-1' },
    };
    const advent = {
      codes: 1,
      batch: ['RH-ADVENT-1'],
      door: {
        day: '2025-12-01',
        status: 'open' as const,
        opens_at: '2025-11-30T23:00:00.000Z',
        closes_at: '2025-12-01T23:00:00.000Z',
        reward: { kind: 'promo_code' as const, batch: 'RH-ADVENT', count: 1 },
        players: 1,
        given: 1,
        remaining: 0,
        drawn_at: null,
      },
      plays: [kept],
      answers: [{ player: 0, customer: kept.customer, arrival: 0, via: 'device' as const, play: kept }],
    };
    expect(audit(input).advent).toBeNull();
    const verdict = audit({ ...input, advent });
    expect(verdict.passed).toBe(true);
    expect(verdict.checks.map((item) => item.name).slice(6)).toEqual([
      'advent_one_result_per_player',
      'advent_codes_within_door',
      'advent_answers_are_kept_plays',
    ]);
    expect(verdict.advent).toMatchObject({ players: 1, given: 1, codes: 1 });
    expect(failed({ ...input, advent: { ...advent, door: { ...advent.door, given: 2 } } })).toEqual([
      'advent_codes_within_door',
    ]);
  });
});
