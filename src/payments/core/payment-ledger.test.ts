import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitPayment,
  type PaymentFact,
  type PaymentKind,
  paymentKinds,
  paymentTotals,
} from './payment-ledger.js';

const order = (status = 'placed') => ({ totalMinor: 10_000, status });
const totalsOf = (payments: PaymentFact[], cancelled = false) => paymentTotals(payments, 10_000, cancelled);
const fact = (kind: PaymentKind, amountMinor: number): PaymentFact => ({ kind, amountMinor });

describe('payment totals', () => {
  it('sums each kind, and says what is still owed and what must go back', () => {
    const payments = [
      fact('authorisation', 10_000),
      fact('capture', 6_000),
      fact('failure', 4_000),
      fact('refund', 1_000),
    ];
    expect(totalsOf(payments)).toEqual({
      authorisedMinor: 10_000,
      capturedMinor: 6_000,
      refundedMinor: 1_000,
      failures: 1,
      outstandingMinor: 4_000,
      refundDueMinor: 0,
    });
    // Cancelled, the order owes nothing back to the shop, and the shop owes back what it kept.
    expect(totalsOf(payments, true).refundDueMinor).toBe(5_000);
  });

  it('refuses to add up a ledger where more was refunded than captured', () => {
    expect(() => totalsOf([fact('capture', 100), fact('refund', 200)])).toThrow(/refunded 200 of 100/);
  });
});

describe('admitting a payment', () => {
  it('makes a placed order paid when the captures reach its total, not before', () => {
    const first = admitPayment(fact('capture', 4_000), totalsOf([]), order());
    expect(first).toEqual({ ok: true, value: { effect: 'none' } });
    const second = admitPayment(fact('capture', 6_000), totalsOf([fact('capture', 4_000)]), order());
    expect(second).toEqual({ ok: true, value: { effect: 'paid' } });
  });

  it('records a capture on a cancelled order without moving it', () => {
    expect(admitPayment(fact('capture', 10_000), totalsOf([], true), order('cancelled'))).toEqual({
      ok: true,
      value: { effect: 'none' },
    });
  });

  it('refuses what cannot have happened: capturing past the total, refunding more than was kept', () => {
    const over = admitPayment(fact('capture', 2_000), totalsOf([fact('capture', 9_000)]), order());
    expect(over.ok || over.code).toBe('payment_exceeds_order');
    const refund = admitPayment(
      fact('refund', 600),
      totalsOf([fact('capture', 1_000), fact('refund', 500)]),
      order('paid'),
    );
    expect(refund.ok || refund.code).toBe('refund_exceeds_captured');
    const authorisation = admitPayment(fact('authorisation', 10_001), totalsOf([]), order());
    expect(authorisation.ok || authorisation.code).toBe('payment_exceeds_order');
  });

  it('treats an amount that is not a positive integer as a bug', () => {
    expect(() => admitPayment(fact('capture', 0), totalsOf([]), order())).toThrow(/amount of 0/);
    expect(() => admitPayment(fact('capture', 1.5), totalsOf([]), order())).toThrow(/amount of 1.5/);
  });

  it('never lets the captures pass the total, or the refunds pass the captures, whatever the sequence', () => {
    const payment = fc.record({
      kind: fc.constantFrom(...paymentKinds),
      amountMinor: fc.integer({ min: 1, max: 12_000 }),
    });
    fc.assert(
      fc.property(fc.array(payment, { maxLength: 30 }), (attempts) => {
        const recorded: PaymentFact[] = [];
        let status = 'placed';
        for (const attempt of attempts) {
          const admitted = admitPayment(attempt, totalsOf(recorded), order(status));
          if (!admitted.ok) continue;
          recorded.push(attempt);
          if (admitted.value.effect === 'paid') status = 'paid';
        }
        const totals = totalsOf(recorded);
        expect(totals.capturedMinor).toBeLessThanOrEqual(10_000);
        expect(totals.refundedMinor).toBeLessThanOrEqual(totals.capturedMinor);
        expect(status === 'paid').toBe(totals.capturedMinor === 10_000);
      }),
    );
  });
});
