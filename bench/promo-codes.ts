/**
 * `npm run bench:promo-codes [-- --engine sqlite|postgres] [-- --runs 3]`: what a promo code costs
 * the order path. Saturated orders into a fresh `affluence serve` (see `ab.ts`) naming no code,
 * against the same naming one code every order uses — the peak's worst case: one row every batch
 * locks, its usage limit and per-customer limit checked, its uses counted, its discount spread.
 */
import { compare } from './ab.js';
import { expectStatus } from './api.js';

await compare(
  { name: 'no code' },
  {
    name: 'one code on every order',
    async prepare(admin) {
      await expectStatus(
        admin('POST', '/v1/promo-codes', {
          code: 'BENCH10',
          kind: 'percent',
          value: 10,
          channels: ['web'],
          usage_limit: 100_000_000,
          per_customer_limit: 1,
          stacks_with_sales: true,
        }),
        201,
        'promo code',
      );
    },
    orderExtra: () => ({ promo_codes: ['BENCH10'] }),
  },
);
