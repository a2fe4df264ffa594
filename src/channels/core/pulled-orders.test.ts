/** Pulled orders: a channel's JSON mapped by data, and an order file's rows gathered into orders. */
import { describe, expect, it } from 'vitest';
import { mapOrder, ordersFromRows, valueAt } from './pulled-orders.js';

describe('orders pulled from channels', () => {
  const mapping = {
    fields: {
      external_id: 'id',
      'customer.email': 'buyer.email',
      'customer.name': 'buyer.name',
      'shipping_address.name': 'ship_to.name',
      'shipping_address.line1': 'ship_to.street',
      'shipping_address.city': 'ship_to.city',
      'shipping_address.postal_code': 'ship_to.zip',
      'shipping_address.country': 'ship_to.country',
    },
    lines: { from: 'items', sku: 'sku', quantity: 'qty' },
  };

  it('reads dot paths through objects and arrays', () => {
    const value = { a: { b: [{ c: 1 }, { c: 2 }] } };
    expect(valueAt(value, 'a.b.1.c')).toBe(2);
    expect(valueAt(value, 'a.x.c')).toBeUndefined();
    expect(valueAt(value, 'a.b.5.c')).toBeUndefined();
  });

  it('maps an item to an order body by the mapping, quantities in strings made numbers', () => {
    const item = {
      id: 4021,
      buyer: { email: 'ana@example.es', name: 'Ana' },
      ship_to: { name: 'Ana', street: 'Calle Mayor 1', city: 'Madrid', zip: '28013', country: 'ES' },
      items: [
        { sku: 'MUG-BLUE', qty: '2' },
        { sku: 'TEE-M', qty: 1 },
      ],
    };
    expect(mapOrder(item, mapping, 'marketplace')).toEqual({
      channel: 'marketplace',
      external_id: '4021',
      customer: { email: 'ana@example.es', name: 'Ana' },
      shipping_address: {
        name: 'Ana',
        line1: 'Calle Mayor 1',
        city: 'Madrid',
        postal_code: '28013',
        country: 'ES',
      },
      lines: [
        { sku: 'MUG-BLUE', quantity: 2 },
        { sku: 'TEE-M', quantity: 1 },
      ],
    });
    // What is missing stays missing, for the order's check to name.
    expect(mapOrder({ id: 'x' }, mapping, 'marketplace')).toEqual({
      channel: 'marketplace',
      external_id: 'x',
      lines: undefined,
    });
  });

  it('gathers an order file’s rows into orders by external id, wherever they are in the file', () => {
    const row = (external_id: string, sku: string, quantity: string) => ({
      external_id,
      email: `${external_id}@example.fr`,
      name: 'Léa',
      address_line1: '3 rue Neuve',
      city: 'Lyon',
      postal_code: '69001',
      country: 'FR',
      sku,
      quantity,
    });
    const orders = ordersFromRows(
      [
        { line: 2, record: row('A1', 'MUG-BLUE', '1') },
        { line: 3, record: row('B7', 'TEE-M', '2') },
        { line: 4, record: row('A1', 'TEE-M', '3') },
      ],
      'web',
    );
    expect(orders.map((order) => [order.line, order.body.external_id, order.body.lines])).toEqual([
      [
        2,
        'A1',
        [
          { sku: 'MUG-BLUE', quantity: 1 },
          { sku: 'TEE-M', quantity: 3 },
        ],
      ],
      [3, 'B7', [{ sku: 'TEE-M', quantity: 2 }]],
    ]);
    expect(orders[0]!.body.shipping_address).toEqual({
      name: 'Léa',
      line1: '3 rue Neuve',
      city: 'Lyon',
      postal_code: '69001',
      country: 'FR',
    });
  });
});
