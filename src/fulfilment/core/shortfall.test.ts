import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Claim, planShortfall, type ShortfallInput } from './shortfall.js';

const channels = new Map([['web', ['lyon', 'paris']]]);
const claim = (
  ownerId: string,
  quantity: number,
  status: string,
  createdAtMs: number,
  kind: Claim['kind'] = 'order',
): Claim => ({
  kind,
  ownerId,
  quantity,
  channel: 'web',
  status,
  createdAtMs,
});

describe('a location going short', () => {
  it('takes free units first, and touches no reservation while they suffice', () => {
    const plan = planShortfall({
      sku: 'A',
      location: 'paris',
      quantity: 2,
      rows: [{ sku: 'A', locationCode: 'paris', onHand: 5, reserved: 3 }],
      claims: [claim('ord_1', 3, 'paid', 1)],
      locationsByChannel: channels,
    });
    expect(plan).toMatchObject({ ok: true, value: { taken: [], moved: [], short: [] } });
    expect(plan.ok && plan.value.deltas).toEqual([
      { sku: 'A', locationCode: 'paris', onHandDelta: -2, reservedDelta: 0 },
    ]);
  });

  it('releases holds, then the newest unshipped order, moves it where stock is free, and flags what cannot move', () => {
    const plan = planShortfall({
      sku: 'A',
      location: 'paris',
      quantity: 5,
      rows: [
        { sku: 'A', locationCode: 'paris', onHand: 5, reserved: 5 },
        { sku: 'A', locationCode: 'lyon', onHand: 2, reserved: 0 },
      ],
      claims: [
        claim('ord_old', 1, 'paid', 1),
        claim('hold_1', 1, 'active', 5, 'hold'),
        claim('ord_new', 2, 'placed', 3),
        claim('ord_parcel', 1, 'fulfilling', 4),
      ],
      locationsByChannel: channels,
    });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.value.taken).toEqual([
      { kind: 'hold', ownerId: 'hold_1', quantity: 1 },
      { kind: 'order', ownerId: 'ord_new', quantity: 2 },
      { kind: 'order', ownerId: 'ord_old', quantity: 1 },
      { kind: 'order', ownerId: 'ord_parcel', quantity: 1 },
    ]);
    expect(plan.value.moved).toEqual([
      { ownerId: 'ord_new', allocations: [{ sku: 'A', locationCode: 'lyon', quantity: 2 }] },
    ]);
    expect(plan.value.short).toEqual([
      { kind: 'hold', ownerId: 'hold_1', quantity: 1 },
      { kind: 'order', ownerId: 'ord_old', quantity: 1 },
      { kind: 'parcel', ownerId: 'ord_parcel', quantity: 1 },
    ]);
  });

  it('refuses to lose more than is on hand', () => {
    const plan = planShortfall({
      sku: 'A',
      location: 'paris',
      quantity: 6,
      rows: [{ sku: 'A', locationCode: 'paris', onHand: 5, reserved: 0 }],
      claims: [],
      locationsByChannel: channels,
    });
    expect(plan).toMatchObject({ ok: false, code: 'insufficient_stock' });
  });

  it('never leaves more reserved than on hand anywhere, and accounts for every unit taken', () => {
    const arbitraryInput = fc
      .record({
        parisOnHand: fc.integer({ min: 0, max: 20 }),
        lyonOnHand: fc.integer({ min: 0, max: 20 }),
        lyonReserved: fc.integer({ min: 0, max: 20 }),
        claims: fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 5 }),
            status: fc.constantFrom('placed', 'paid', 'fulfilling', 'active'),
            createdAtMs: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 6 },
        ),
        lost: fc.integer({ min: 1, max: 25 }),
      })
      .filter(({ parisOnHand, lyonOnHand, lyonReserved, claims }) => {
        const reserved = claims.reduce((sum, entry) => sum + entry.quantity, 0);
        return reserved <= parisOnHand && lyonReserved <= lyonOnHand;
      });
    fc.assert(
      fc.property(arbitraryInput, (world) => {
        const claims = world.claims.map((entry, index) =>
          claim(
            `own_${index}`,
            entry.quantity,
            entry.status,
            entry.createdAtMs,
            entry.status === 'active' ? 'hold' : 'order',
          ),
        );
        const input: ShortfallInput = {
          sku: 'A',
          location: 'paris',
          quantity: world.lost,
          rows: [
            {
              sku: 'A',
              locationCode: 'paris',
              onHand: world.parisOnHand,
              reserved: claims.reduce((sum, c) => sum + c.quantity, 0),
            },
            { sku: 'A', locationCode: 'lyon', onHand: world.lyonOnHand, reserved: world.lyonReserved },
          ],
          claims,
          locationsByChannel: channels,
        };
        const plan = planShortfall(input);
        if (!plan.ok) {
          expect(world.lost).toBeGreaterThan(world.parisOnHand);
          return;
        }
        const after = new Map(input.rows.map((row) => [row.locationCode, { ...row }]));
        for (const delta of plan.value.deltas) {
          const row = after.get(delta.locationCode)!;
          row.onHand += delta.onHandDelta;
          row.reserved += delta.reservedDelta;
        }
        for (const row of after.values()) {
          expect(row.reserved).toBeGreaterThanOrEqual(0);
          expect(row.reserved).toBeLessThanOrEqual(row.onHand);
        }
        expect(after.get('paris')!.onHand).toBe(world.parisOnHand - world.lost);
        const takenUnits = plan.value.taken.reduce((sum, entry) => sum + entry.quantity, 0);
        const movedUnits = plan.value.moved
          .flatMap((entry) => entry.allocations)
          .reduce((sum, a) => sum + a.quantity, 0);
        const shortUnits = plan.value.short.reduce((sum, entry) => sum + entry.quantity, 0);
        expect(movedUnits + shortUnits).toBe(takenUnits);
        expect(after.get('lyon')!.reserved).toBe(world.lyonReserved + movedUnits);
      }),
    );
  });
});
