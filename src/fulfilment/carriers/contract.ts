/** The contract of carriers' services and rate cards: the TypeBox schemas of their answers, the one definition of their shape. */
import { type Static, Type } from '@sinclair/typebox';
import { Currency, literals, Nullable } from '../../platform/http/schemas.js';

const Grams = (description: string) => Type.Integer({ minimum: 1, description: `${description}, in grams` });
const Millimetres = (description: string) =>
  Nullable(Type.Integer({ minimum: 1, description: `${description}, in millimetres; null: none known` }));
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });

export const Band = Type.Object({
  max_weight_g: Grams('The band’s upper limit: a parcel takes the first band it does not exceed'),
  price_minor: Type.Integer({
    minimum: 0,
    description: 'VAT included, in minor units of the card’s currency',
  }),
});

export const Card = Type.Object(
  {
    zone: Type.String({ description: 'e.g. FR_METRO, metropolitan France' }),
    valid_from: { ...LocalDate, description: 'The date this card applies from' },
    currency: Currency,
    bands: Type.Array(Band, { description: 'Lightest first' }),
  },
  {
    description:
      'The card of one zone in force on the date asked: the one with the latest valid_from on or before it',
  },
);

export const CarrierServiceView = Type.Object({
  carrier: Type.String(),
  code: Type.String(),
  name: Type.String({ description: 'Carrier and code, as a person reads them' }),
  sample: Type.Boolean({
    description:
      'true: sample prices (public counter prices for consumers), never to be shown to a customer as a quote',
  }),
  max_weight_g: Grams('The heaviest parcel it takes'),
  max_length_mm: Millimetres('The longest side it takes'),
  max_size_mm: Millimetres('What `size_formula` may reach'),
  size_formula: Type.Union([Type.Literal('sum'), Type.Literal('girth'), Type.Null()], {
    description: '`sum`: L + l + h; `girth`: L + 2h + 2l; null with `max_size_mm`',
  }),
  max_thickness_mm: Millimetres('The smallest side it takes (letters)'),
  transit_days: Type.Union(
    [Type.Object({ min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) }), Type.Null()],
    {
      description:
        'Working days from departure, the usual promise, not a guarantee; null: none known, so the service is never chosen',
    },
  ),
  cutoff: Type.String({
    pattern: '^\\d{2}:\\d{2}$',
    description: 'Local time (HH:MM) from which a parcel leaves the next working day',
  }),
  source_url: Nullable(Type.String()),
  note: Nullable(Type.String()),
  zones: Type.Array(Card, {
    description: 'The card in force per zone; a zone whose first card starts later is absent',
  }),
});
export type CarrierServiceView = Static<typeof CarrierServiceView>;

export const CarrierList = Type.Object({
  on: { ...LocalDate, description: 'The date the cards are in force on' },
  notice: Type.Union([Type.String(), Type.Null()], {
    description: 'What the prices are when any is sample data; null when none is',
  }),
  data: Type.Array(CarrierServiceView),
});
export type CarrierList = Static<typeof CarrierList>;

export const FileProblem = Type.Object({
  file: literals(['rates.csv', 'limits.csv'] as const),
  line: Type.Integer({ minimum: 1, description: 'The line the row ends on; 1 is the header' }),
  field: Type.String({ description: 'The column, or `header` or `file`' }),
  message: Type.String(),
});
export type FileProblem = Static<typeof FileProblem>;

export const CarriersImported = Type.Object({
  services: Type.Integer({ minimum: 0, description: 'Services written; with `dry_run`, that would be' }),
  rates: Type.Integer({
    minimum: 0,
    description: 'Rate rows (weight bands) written; with `dry_run`, that would be',
  }),
  warnings: Type.Array(FileProblem, {
    description: 'What is kept but cannot serve, and the rate rows left out (attached to no service)',
  }),
  dry_run: Type.Boolean(),
});
export type CarriersImported = Static<typeof CarriersImported>;

export const CarriersRefused = Type.Object({
  error: Type.Object({
    code: Type.Literal('validation_failed'),
    message: Type.String(),
    details: Type.Object({ errors: Type.Array(FileProblem), warnings: Type.Array(FileProblem) }),
  }),
});
export type CarriersRefused = Static<typeof CarriersRefused>;
