/** The contract of segments and selections: the TypeBox schemas of their bodies and answers, the one definition of their shape. */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { Code, Currency, Instant, Name, Nullable } from '../../platform/http/schemas.js';

const closed = { additionalProperties: false } as const;
const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const SpendMinor = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Minor units of the currency',
});

export const SegmentCondition = Type.Union([
  Type.Object(
    { kind: Type.Literal('new') },
    { ...closed, description: 'No order yet (cancelled orders do not count)' },
  ),
  Type.Object(
    { kind: Type.Literal('returning') },
    { ...closed, description: 'At least one order not cancelled' },
  ),
  Type.Object(
    { kind: Type.Literal('orders'), min: Type.Optional(Count), max: Type.Optional(Count) },
    { ...closed, description: 'Orders not cancelled, from min to max included' },
  ),
  Type.Object(
    {
      kind: Type.Literal('spend'),
      currency: Currency,
      min_minor: Type.Optional(SpendMinor),
      max_minor: Type.Optional(SpendMinor),
    },
    {
      ...closed,
      description:
        'The totals of the orders not cancelled in this currency, from min_minor to max_minor included',
    },
  ),
  Type.Object(
    {
      kind: Type.Literal('channels'),
      channels: Type.Array(Code, { minItems: 1, maxItems: limits.channelsMax, uniqueItems: true }),
    },
    { ...closed, description: 'Has ordered on at least one of these channels' },
  ),
  Type.Object(
    {
      kind: Type.Literal('ordered_within_days'),
      days: Type.Integer({ minimum: 1, maximum: limits.segmentWithinDaysMax }),
    },
    { ...closed, description: 'The last order not cancelled is at most this many days old' },
  ),
]);
export type SegmentCondition = Static<typeof SegmentCondition>;

export const SegmentInput = Type.Object(
  {
    name: Name,
    conditions: Type.Array(SegmentCondition, {
      minItems: 1,
      maxItems: limits.segmentConditionsMax,
      description: 'All must hold',
    }),
  },
  closed,
);
export type SegmentInput = Static<typeof SegmentInput>;

export const Segment = Type.Object({
  code: Type.String(),
  name: Type.String(),
  conditions: Type.Array(SegmentCondition),
  created_at: Instant,
  updated_at: Instant,
});
export type Segment = Static<typeof Segment>;

export const SegmentWithCount = Type.Composite([
  Segment,
  Type.Object({
    customers: Type.Integer({ description: 'Customers (by email, with at least one order) it holds now' }),
  }),
]);
export type SegmentWithCount = Static<typeof SegmentWithCount>;

export const CustomerSegments = Type.Object({
  email: Type.String({ description: 'Trimmed and lower-cased: how customers are known' }),
  orders: Type.Integer({ description: 'Orders not cancelled' }),
  spend: Type.Record(Type.String(), Type.Integer(), {
    description: 'Currency → the totals of those orders, in minor units',
  }),
  channels: Type.Array(Type.String()),
  last_order_at: Nullable(Instant),
  segments: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});
export type CustomerSegments = Static<typeof CustomerSegments>;

const EntrySegment = Type.Optional({
  ...Code,
  description: 'The segment it is for; absent: the default entry',
});
const EntryLimit = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: limits.selectionSkusMax,
    description: `SKUs answered at most (default: a list's length, ${limits.selectionSkusDefault} for a rule)`,
  }),
);

export const RuleEntry = Type.Object(
  {
    segment: EntrySegment,
    best_sellers: Type.Optional(
      Type.Object(
        { days: Type.Integer({ minimum: 1, maximum: limits.selectionDaysMax }) },
        { ...closed, description: 'Sold on the channel in the last `days` days, most units first' },
      ),
    ),
    category: Type.Optional({ ...Name, description: "The SKUs' category, matched exactly" }),
    in_stock_above: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: limits.stockQuantityMax,
        description: 'More than this many units available on the channel',
      }),
    ),
    limit: EntryLimit,
  },
  {
    ...closed,
    description:
      'A rule: SKUs passing every criterion given (at least one), best sellers first or else in code order',
  },
);

export const ListEntry = Type.Object(
  {
    segment: EntrySegment,
    skus: Type.Array(Code, { minItems: 1, maxItems: limits.selectionSkusMax, uniqueItems: true }),
    limit: EntryLimit,
  },
  { ...closed, description: 'A hand-picked list, answered in its order' },
);

export const SelectionEntry = Type.Union([ListEntry, RuleEntry]);
export type SelectionEntry = Static<typeof SelectionEntry>;

export const SelectionInput = Type.Object(
  {
    name: Name,
    channel: Code,
    entries: Type.Array(SelectionEntry, {
      minItems: 1,
      maxItems: limits.selectionEntriesMax,
      description: 'One per segment, and at most one default (without `segment`)',
    }),
  },
  closed,
);
export type SelectionInput = Static<typeof SelectionInput>;

export const Selection = Type.Object({
  code: Type.String(),
  name: Type.String(),
  channel: Type.String(),
  entries: Type.Array(SelectionEntry),
  created_at: Instant,
  updated_at: Instant,
});
export type Selection = Static<typeof Selection>;

export const SelectedSku = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  price: Type.Integer({ description: 'The price in force now on the channel, in minor units' }),
  available: Type.Integer({ description: 'Units available on the channel now, buffers and freezes applied' }),
});
export type SelectedSku = Static<typeof SelectedSku>;

export const SelectionAnswer = Type.Object({
  code: Type.String(),
  name: Type.String(),
  channel: Type.String(),
  currency: Type.String(),
  segment: Nullable(
    Type.String({ description: 'The segment whose entry answered; null: the default entry, or none' }),
  ),
  skus: Type.Array(SelectedSku),
  computed_at: Instant,
});
export type SelectionAnswer = Static<typeof SelectionAnswer>;
