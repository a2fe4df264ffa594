/** The return process table walked move by move, what may still be returned, and the checks of an authorisation and a receipt. */
import { describe, expect, it } from 'vitest';
import {
  type AuthorisationFacts,
  checkAuthorisation,
  checkReceipt,
  checkReturnMove,
  defaultReturnPolicy,
  type HeldLine,
  initialReturnStatus,
  isReturnStatus,
  orderStatusAfterReceipts,
  returnableUnits,
  returnStatuses,
  shopFaultReasons,
} from './return-process.js';

// The process written out by hand, so that a change to the table has to be made twice, on purpose.
const expectedMoves = [
  'authorised→received',
  'authorised→cancelled',
  'received→received',
  'received→refunded',
];

const allPairs = returnStatuses.flatMap((from) => returnStatuses.map((to) => [from, to] as const));

describe('return transitions', () => {
  it('allows exactly the moves of the process, and starts every return authorised', () => {
    const allowed = allPairs
      .filter(([from, to]) => checkReturnMove(from, to).ok)
      .map(([f, t]) => `${f}→${t}`);
    expect(allowed.sort()).toEqual([...expectedMoves].sort());
    expect(initialReturnStatus).toBe('authorised');
  });

  it('refuses each other move with the code of where it was going', () => {
    const codes = {
      authorised: 'invalid_transition',
      received: 'return_not_receivable',
      refunded: 'return_not_refundable',
      cancelled: 'invalid_transition',
    };
    for (const [from, to] of allPairs) {
      const result = checkReturnMove(from, to);
      if (result.ok) continue;
      expect(result.code).toBe(codes[to]);
      expect(result.details).toMatchObject({ from, to });
      expect(result.message.length).toBeGreaterThan(0);
    }
    const early = checkReturnMove('authorised', 'refunded');
    expect(early.ok || early.message).toMatch(/Nothing of this return was received/);
  });

  it('recognises status names and rejects anything else', () => {
    for (const status of returnStatuses) expect(isReturnStatus(status)).toBe(true);
    for (const value of ['', 'Received', 'returned', 'toString']) expect(isReturnStatus(value)).toBe(false);
  });

  it('defaults to the EU’s 14 days, the shipping refunded for a whole order or a fault of the shop', () => {
    expect(defaultReturnPolicy).toEqual({
      windowDays: 14,
      shippingRefund: { wholeOrder: true, shopFault: true },
      locationCode: null,
    });
    expect(shopFaultReasons).not.toContain('changed_mind');
    expect(shopFaultReasons).toContain('defective');
  });
});

describe('returnable units', () => {
  const delivered = [
    { sku: 'MUG', quantity: 3 },
    { sku: 'TEE', quantity: 2 },
    { sku: 'MUG', quantity: 1 },
  ];
  const held = (status: HeldLine['status'], sku: string, quantity: number, received = 0): HeldLine => ({
    status,
    sku,
    quantity,
    received,
  });

  it('sums a SKU over its lines, less what open returns authorised and refunded ones got back', () => {
    const returnable = returnableUnits(delivered, [
      held('authorised', 'MUG', 1),
      held('received', 'MUG', 1, 1),
      held('refunded', 'TEE', 2, 1),
      held('cancelled', 'TEE', 1),
    ]);
    expect([...returnable.values()]).toEqual([
      { sku: 'MUG', delivered: 4, held: 2, returnable: 2 },
      { sku: 'TEE', delivered: 2, held: 1, returnable: 1 },
    ]);
  });

  it('treats returns holding more than was delivered as a bug', () => {
    expect(() => returnableUnits(delivered, [held('authorised', 'TEE', 3)])).toThrow(/3 of 2 TEE/);
  });
});

describe('authorising a return', () => {
  const day = 24 * 60 * 60 * 1000;
  const facts = (change: Partial<AuthorisationFacts> = {}): AuthorisationFacts => ({
    orderStatus: 'delivered',
    deliveredAtMs: 0,
    windowClosesAtMs: 14 * day,
    nowMs: day,
    returnable: returnableUnits([{ sku: 'MUG', quantity: 2 }], []),
    returnsOfOrder: 0,
    ...change,
  });
  const mug = (quantity = 1) => [{ sku: 'MUG', quantity, reason: 'wrong_size' as const }];

  it('accepts units still returnable, within the window', () => {
    expect(checkAuthorisation(mug(2), facts())).toEqual({ ok: true, value: null });
    expect(checkAuthorisation(mug(), facts({ orderStatus: 'partially_returned' })).ok).toBe(true);
  });

  it('refuses an order not delivered, or all back already', () => {
    for (const orderStatus of ['placed', 'paid', 'shipped', 'cancelled', 'returned']) {
      const result = checkAuthorisation(mug(), facts({ orderStatus }));
      expect(result.ok || [result.code, result.details?.status]).toEqual([
        'order_not_returnable',
        orderStatus,
      ]);
    }
  });

  it('refuses from the instant the window closes', () => {
    expect(checkAuthorisation(mug(), facts({ nowMs: 14 * day - 1 })).ok).toBe(true);
    const closed = checkAuthorisation(mug(), facts({ nowMs: 14 * day }));
    expect(closed.ok || closed.code).toBe('return_window_closed');
  });

  it('refuses more than may still be returned, or a SKU the order does not have, naming each line', () => {
    const result = checkAuthorisation(
      [...mug(3), { sku: 'LAMP', quantity: 1, reason: 'defective' }],
      facts(),
    );
    expect(result.ok || [result.code, result.details]).toEqual([
      'return_quantity_exceeded',
      {
        lines: [
          { sku: 'MUG', requested: 3, delivered: 2, returnable: 2 },
          { sku: 'LAMP', requested: 1, delivered: 0, returnable: 0 },
        ],
      },
    ]);
  });

  it('asks a note of the reason other, one line per SKU, and bounds the returns of an order', () => {
    const other = checkAuthorisation([{ sku: 'MUG', quantity: 1, reason: 'other', note: '  ' }], facts());
    expect(other.ok || [other.code, other.details]).toEqual(['validation_failed', { skus: ['MUG'] }]);
    expect(
      checkAuthorisation([{ sku: 'MUG', quantity: 1, reason: 'other', note: 'Gift duplicate' }], facts()).ok,
    ).toBe(true);
    const twice = checkAuthorisation([...mug(), ...mug()], facts());
    expect(twice.ok || twice.code).toBe('validation_failed');
    const many = checkAuthorisation(mug(), facts({ returnsOfOrder: 50 }));
    expect(many.ok || many.code).toBe('limit_reached');
  });
});

describe('receiving a return', () => {
  const lines = [
    { sku: 'MUG', quantity: 2, received: 1 },
    { sku: 'TEE', quantity: 1, received: 0 },
  ];

  it('accepts what is still due, resellable or damaged with a reason', () => {
    const receipt = [
      { sku: 'MUG', resellable: 0, damaged: 1, damageReason: 'Chipped rim' },
      { sku: 'TEE', resellable: 1, damaged: 0 },
    ];
    expect(checkReceipt('authorised', lines, receipt)).toEqual({ ok: true, value: null });
    expect(checkReceipt('received', lines, receipt).ok).toBe(true);
  });

  it('refuses a refunded or cancelled return', () => {
    for (const status of ['refunded', 'cancelled'] as const) {
      const result = checkReceipt(status, lines, [{ sku: 'TEE', resellable: 1, damaged: 0 }]);
      expect(result.ok || result.code).toBe('return_not_receivable');
    }
  });

  it('refuses more than authorised, a SKU not in the return, an empty line, a damage without reason', () => {
    const over = checkReceipt('received', lines, [
      { sku: 'MUG', resellable: 2, damaged: 0 },
      { sku: 'LAMP', resellable: 1, damaged: 0 },
    ]);
    expect(over.ok || [over.code, over.details]).toEqual([
      'return_quantity_exceeded',
      {
        lines: [
          { sku: 'MUG', receiving: 2, authorised: 2, received: 1 },
          { sku: 'LAMP', receiving: 1, authorised: 0, received: 0 },
        ],
      },
    ]);
    const empty = checkReceipt('authorised', lines, [{ sku: 'TEE', resellable: 0, damaged: 0 }]);
    expect(empty.ok || empty.code).toBe('validation_failed');
    const unexplained = checkReceipt('authorised', lines, [{ sku: 'TEE', resellable: 0, damaged: 1 }]);
    expect(unexplained.ok || [unexplained.code, unexplained.details]).toEqual([
      'validation_failed',
      { skus: ['TEE'] },
    ]);
  });
});

describe('the order after receipts', () => {
  it('is partially returned with its first units back, returned with all of them', () => {
    expect(orderStatusAfterReceipts(3, 0)).toBeNull();
    expect(orderStatusAfterReceipts(3, 1)).toBe('partially_returned');
    expect(orderStatusAfterReceipts(3, 3)).toBe('returned');
    expect(() => orderStatusAfterReceipts(3, 4)).toThrow(/4 of 3/);
  });
});
