/**
 * The demo shop's incoming stock, as of today: a restock of its best seller due next week, sold
 * ahead as a backorder on the web shop; another best seller's purchase order two days late, which
 * the Incoming page and the operations room show late; and a book-like pre-order on the third,
 * released in ten days.
 */
import { createPurchaseOrder, putBackorderTerms } from '../inventory/index.js';
import type { AppContext } from '../platform/context.js';
import { shopDate } from '../platform/shop-date.js';
import { expectOk } from './write-use-cases.js';

const dayMs = 24 * 60 * 60 * 1000;

export async function seedIncoming(ctx: AppContext, bestSellers: readonly string[]): Promise<void> {
  const [first, second, third] = bestSellers;
  if (first === undefined || second === undefined || third === undefined)
    throw new Error('demo plan broken: the incoming stock needs three best sellers');
  const day = (days: number) => shopDate(ctx.clock.now() + days * dayMs);
  expectOk(
    await createPurchaseOrder(ctx, {
      supplier: 'Atelier Dupont',
      reference: 'AD-2026-118',
      location: 'paris',
      expected_on: day(6),
      lines: [{ sku: first, quantity: 120 }],
    }),
    'purchase order',
  );
  expectOk(
    await createPurchaseOrder(ctx, {
      supplier: 'Céramiques du Rhône',
      location: 'lyon',
      expected_on: day(-2),
      lines: [
        { sku: second, quantity: 60 },
        { sku: third, quantity: 40 },
      ],
    }),
    'late purchase order',
  );
  expectOk(await putBackorderTerms(ctx, first, 'web', { mode: 'backorder', limit: 40 }), 'backorder terms');
  expectOk(
    await putBackorderTerms(ctx, third, 'web', { mode: 'preorder', limit: 100, release_on: day(10) }),
    'pre-order terms',
  );
}
