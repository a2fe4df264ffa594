/** The contract of the shipping-savings report: its TypeBox schema, the one definition of its answer. */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { Currency, Nullable } from '../../platform/http/schemas.js';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });
const Minor = (description: string) =>
  Type.Integer({ description: `${description}, in minor units of \`currency\`` });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const ShippingCosts = Type.Object({
  box: Minor('What the boxes cost'),
  shipping: Minor('What the services charge'),
  total: Minor('Boxes and services'),
});

/** The same orders shipped the smart way and the baseline way. */
const comparison = {
  orders: Count('Orders shipped both ways'),
  smart: {
    ...ShippingCosts,
    description: 'The smallest box that fits, with the cheapest service to its zone',
  },
  baseline: { ...ShippingCosts, description: 'Always the baseline box and service' },
  saved: Minor('Baseline total less smart total; negative when the smart choice cost more'),
  saved_bp: Type.Integer({
    description: '`saved` over the baseline total, in basis points (2861 is 28.61 %)',
  }),
};

export const ShippingSavings = Type.Object({
  since: { ...LocalDate, description: 'The first day of the period, on the shop’s clock' },
  until: { ...LocalDate, description: 'The last day of the period, included' },
  channel: Nullable(Type.String({ description: 'The one channel counted; null: all' })),
  currency: Currency,
  notice: Nullable(
    Type.String({
      description:
        'What the prices are when any service is priced with sample data (public counter prices, never a quote); null when none is',
    }),
  ),
  baseline: Type.Object(
    {
      box: Type.Object({
        code: Type.String(),
        name: Type.String(),
        default: Type.Boolean({ description: 'true: not named, so the largest packaging' }),
      }),
      service: Type.Object({
        carrier: Type.String(),
        code: Type.String(),
        name: Type.String(),
        default: Type.Boolean({
          description:
            'true: not named, so the service that could carry the most of the period’s orders in the baseline box',
        }),
      }),
    },
    { description: 'What every order is compared against: always this box, always this service' },
  ),
  orders: Type.Object(
    {
      read: Count('Orders created in the period, cancelled ones left out'),
      compared: Count('Shipped both ways: `totals` and the breakdowns are over these'),
      unmeasured: Count('Left apart: a SKU has no size or weight, and none is guessed'),
      no_box: Count('Left apart: no packaging holds them (or too many units for one parcel)'),
      no_service: Count('Left apart: boxed, but no service carries the parcel to its zone'),
      baseline_impossible: Count(
        'Left apart: shippable the smart way, but the baseline box does not hold them or the baseline service cannot carry the parcel',
      ),
    },
    { description: 'Each order read is in exactly one of the five groups after `read`' },
  ),
  unmeasured_skus: Type.Array(Type.Object({ sku: Type.String(), orders: Count('Orders it kept out') }), {
    description: `The SKUs to measure, the most frequent first (at most ${limits.savingsUnmeasuredSkusShownMax})`,
  }),
  totals: Type.Object(comparison, { description: 'Over every compared order' }),
  by_service: Type.Array(
    Type.Object({
      carrier: Type.String(),
      code: Type.String(),
      name: Type.String(),
      ...comparison,
    }),
    { description: 'The compared orders by the service the smart choice took, the most orders first' },
  ),
  by_box: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...comparison }), {
    description: 'The compared orders by the box the smart choice took, the most orders first',
  }),
});
export type ShippingSavings = Static<typeof ShippingSavings>;
