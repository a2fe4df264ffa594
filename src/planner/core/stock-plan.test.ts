import { describe, expect, it } from 'vitest';
import { checkCapacity } from './capacity.js';
import { adviseStock } from './stock-plan.js';

const need = { sku: 'MUG', unitsBeforeWindow: 40, unitsAtServiceLevel: 260 };

describe('stock to order', () => {
  it('orders what the need leaves after stock free and on order, a lead time before the window', () => {
    // 300 needed, 120 free, 100 coming: 80 to order, 21 days before 1 November.
    expect(
      adviseStock(need, { available: 120, onOrder: 100, leadTimeDays: 21 }, '2026-11-01', '2026-09-15'),
    ).toEqual({
      need: 300,
      toOrder: 80,
      orderBy: '2026-10-11',
      late: false,
    });
  });

  it('orders nothing when stock covers the need, and says when ordering now is too late', () => {
    expect(
      adviseStock(need, { available: 350, onOrder: 0, leadTimeDays: 21 }, '2026-11-01', '2026-10-30'),
    ).toEqual({
      need: 300,
      toOrder: 0,
      orderBy: null,
      late: false,
    });
    expect(
      adviseStock(need, { available: 0, onOrder: 0, leadTimeDays: 21 }, '2026-11-01', '2026-10-12'),
    ).toMatchObject({
      toOrder: 300,
      orderBy: '2026-10-11',
      late: true,
    });
  });

  it('counts units sold beyond stock (negative free stock) as none, not as a debt twice', () => {
    expect(
      adviseStock(need, { available: -30, onOrder: 0, leadTimeDays: 0 }, '2026-11-01', '2026-10-01').toOrder,
    ).toBe(300);
  });

  it('refuses a lead time that is no whole number of days', () => {
    expect(() =>
      adviseStock(need, { available: 0, onOrder: 0, leadTimeDays: 2.5 }, '2026-11-01', '2026-10-01'),
    ).toThrow(RangeError);
  });
});

describe('the site’s headroom', () => {
  it('weighs the busiest minute of the busiest day against the capacity measured', () => {
    // 12,000 orders, 1 % of them in the busiest minute: 120 a minute, 2 a second; 1,400/s is 700×.
    expect(checkCapacity(12_000, 0.01, 1_400)).toEqual({
      peakOrdersPerS: 2,
      capacityOrdersPerS: 1_400,
      headroom: 700,
      enough: true,
    });
    expect(checkCapacity(12_000, 0.01, 5).enough).toBe(false);
    expect(checkCapacity(12_000, 0.01, null)).toMatchObject({ headroom: null, enough: null });
    expect(checkCapacity(0, 0.01, 5)).toMatchObject({ headroom: null, enough: true });
    expect(() => checkCapacity(10, 1.5, 5)).toThrow(RangeError);
  });
});
