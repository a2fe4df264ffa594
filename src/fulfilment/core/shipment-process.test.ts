import { describe, expect, it } from 'vitest';
import { unreachableStates } from '../../platform/core/state-table.js';
import {
  checkShipmentMove,
  initialShipmentStatus,
  orderStatusOfShipments,
  shipmentStatuses,
  shipmentTransitions,
} from './shipment-process.js';

describe('the shipment process', () => {
  it('reaches every status from label_created', () => {
    expect(unreachableStates(shipmentStatuses, shipmentTransitions, initialShipmentStatus)).toEqual([]);
  });

  it('takes the units out of on hand on the move that hands the parcel over, once', () => {
    expect(checkShipmentMove('packed', 'handed_over', false)).toEqual({
      ok: true,
      value: { shipsStock: true },
    });
    expect(checkShipmentMove('handed_over', 'in_transit', true)).toEqual({
      ok: true,
      value: { shipsStock: false },
    });
    // Damaged on the packing table: still in the building; sent on later, its units leave then.
    expect(checkShipmentMove('packed', 'exception', false)).toEqual({
      ok: true,
      value: { shipsStock: false },
    });
    expect(checkShipmentMove('exception', 'in_transit', false)).toEqual({
      ok: true,
      value: { shipsStock: true },
    });
    expect(checkShipmentMove('exception', 'delivered', true)).toEqual({
      ok: true,
      value: { shipsStock: false },
    });
  });

  it('refuses a move the table does not allow, naming the moves allowed', () => {
    const skipped = checkShipmentMove('label_created', 'handed_over', false);
    expect(skipped).toMatchObject({
      ok: false,
      code: 'invalid_transition',
      details: { allowed: ['packed', 'exception'] },
    });
    expect(checkShipmentMove('delivered', 'exception', true).ok).toBe(false);
  });

  it('makes the order shipped once every parcel has left, delivered once every one arrived', () => {
    expect(orderStatusOfShipments([])).toBeNull();
    expect(
      orderStatusOfShipments([
        { status: 'in_transit', handedOver: true },
        { status: 'packed', handedOver: false },
      ]),
    ).toBeNull();
    expect(
      orderStatusOfShipments([
        { status: 'delivered', handedOver: true },
        { status: 'exception', handedOver: true },
      ]),
    ).toBe('shipped');
    expect(
      orderStatusOfShipments([
        { status: 'delivered', handedOver: true },
        { status: 'delivered', handedOver: true },
      ]),
    ).toBe('delivered');
  });
});
