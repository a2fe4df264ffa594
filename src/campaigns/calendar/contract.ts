/** The contract of the campaign calendar: the one definition of its requests' bodies and its answers. */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import {
  AmountMinor,
  Code,
  Id,
  Instant,
  literals,
  Name,
  Nullable,
  Text,
} from '../../platform/http/schemas.js';
import { campaignStatuses, itemKinds, manualMoves } from '../core/calendar.js';

const closed = { additionalProperties: false };

export const CampaignStatus = literals(campaignStatuses);
export const ItemKind = literals(itemKinds);
const Owner = Text(limits.nameLengthMax);

const Payload = Type.Record(Type.String(), Type.Unknown(), {
  description: `A JSON object, sent as it is to the shop's mailing or social tool at publication (${limits.campaignPayloadBytesMax} bytes at most)`,
});
const Skus = Type.Array(Code, {
  maxItems: limits.campaignItemSkusMax,
  uniqueItems: true,
  description: 'The SKUs the item promotes: checked for running out before it ends',
});
const AnnouncedPrices = Type.Array(Type.Object({ sku: Code, price: AmountMinor }, closed), {
  maxItems: limits.campaignItemSkusMax,
  description:
    'Prices the item announces, in minor units of the channel: checked against the prices in force',
});
const Selection = Code;

// The fields an item is written with; its owner defaults to the campaign's.
const itemFields = {
  kind: ItemKind,
  site: Code,
  channel: Code,
  segment: Code,
  starts_at: Instant,
  ends_at: Instant,
  payload: Payload,
};

export const ItemInput = Type.Object(
  {
    ...itemFields,
    owner: Type.Optional(Owner),
    skus: Type.Optional(Skus),
    announced_prices: Type.Optional(AnnouncedPrices),
    selection: Type.Optional(Selection),
  },
  closed,
);
export type ItemInput = Static<typeof ItemInput>;

export const ItemPatch = Type.Object(
  {
    ...Type.Partial(Type.Object(itemFields)).properties,
    owner: Type.Optional(Owner),
    skus: Type.Optional(Skus),
    announced_prices: Type.Optional(AnnouncedPrices),
    selection: Type.Optional(Nullable(Selection)),
  },
  { ...closed, minProperties: 1 },
);
export type ItemPatch = Static<typeof ItemPatch>;

export const CampaignInput = Type.Object(
  {
    name: Name,
    owner: Owner,
    sale_id: Type.Optional(Id),
    items: Type.Optional(Type.Array(ItemInput, { maxItems: limits.campaignItemsMax })),
  },
  closed,
);
export type CampaignInput = Static<typeof CampaignInput>;

export const CampaignPatch = Type.Object(
  { name: Type.Optional(Name), owner: Type.Optional(Owner), sale_id: Type.Optional(Nullable(Id)) },
  { ...closed, minProperties: 1 },
);
export type CampaignPatch = Static<typeof CampaignPatch>;

export const MoveInput = Type.Object({ to: literals(manualMoves) }, closed);
export type MoveInput = Static<typeof MoveInput>;

export const CancelInput = Type.Object({ reason: Text(500) }, closed);

/** The calendar's window and filters. */
export const WindowQuery = Type.Object(
  {
    from: Instant,
    to: Instant,
    site: Type.Optional(Code),
    channel: Type.Optional(Code),
    segment: Type.Optional(Code),
    status: Type.Optional(CampaignStatus),
  },
  closed,
);
export type WindowQuery = Static<typeof WindowQuery>;

export const ConflictWindow = Type.Object({ from: Instant, to: Instant }, closed);

export const CampaignItem = Type.Object({
  id: Type.String(),
  campaign_id: Type.String(),
  kind: ItemKind,
  site: Type.String(),
  channel: Type.String(),
  segment: Type.String(),
  starts_at: Instant,
  ends_at: Instant,
  owner: Type.String(),
  status: CampaignStatus,
  payload: Type.Record(Type.String(), Type.Unknown()),
  skus: Type.Array(Type.String()),
  announced_prices: Type.Array(Type.Object({ sku: Type.String(), price: Type.Integer() })),
  selection: Nullable(Type.String()),
  published_at: Nullable(Instant),
  published_event_id: Nullable(
    Type.Integer({
      description:
        'The outbox event that carried it: its deliveries are in `GET /v1/webhooks/{id}/deliveries`',
    }),
  ),
  done_at: Nullable(Instant),
  created_at: Instant,
  updated_at: Instant,
});
export type CampaignItem = Static<typeof CampaignItem>;

export const Campaign = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  status: CampaignStatus,
  sale_id: Nullable(Type.String()),
  cancel_reason: Nullable(Type.String()),
  starts_at: Nullable(Instant),
  ends_at: Nullable(Instant),
  items: Type.Array(CampaignItem),
  created_at: Instant,
  updated_at: Instant,
});
export type Campaign = Static<typeof Campaign>;

const conflictCommon = {
  channel: Type.String(),
  from: Instant,
  to: Instant,
};

/** A conflict of the plan, with the span of time it bites in. */
export const Conflict = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('segment_overlap'),
      ...conflictCommon,
      segment: Type.String(),
      item_ids: Type.Array(Type.String()),
      campaign_ids: Type.Array(Type.String()),
    },
    { description: 'Two campaigns speak to the same segment on the same channel at once' },
  ),
  Type.Object(
    {
      kind: Type.Literal('sku_runs_out'),
      ...conflictCommon,
      sku: Type.String(),
      item_id: Type.String(),
      campaign_id: Type.String(),
      available: Type.Integer({ description: 'Available to promise on the channel now' }),
      units_sold: Type.Integer({
        description: 'Units sold on every channel over the last `sales_period_days`',
      }),
      sales_period_days: Type.Integer(),
      runs_out_at: Instant,
    },
    { description: 'A promoted SKU sells out before the item ends, at the recent sales rate' },
  ),
  Type.Object(
    {
      kind: Type.Literal('price_not_provided'),
      ...conflictCommon,
      sku: Type.String(),
      item_id: Type.String(),
      campaign_id: Type.String(),
      announced_price: Type.Integer(),
      stretches: Type.Array(
        Type.Object({
          from: Instant,
          to: Instant,
          price: Nullable(Type.Integer({ description: 'The price in force then; null: none' })),
          sale_id: Nullable(Type.String()),
        }),
        { description: 'The parts of the item’s window where the price in force is not the one announced' },
      ),
    },
    { description: 'An announced price that the base price or a sale does not give for the whole window' },
  ),
]);
export type Conflict = Static<typeof Conflict>;

export const CampaignDetail = Type.Composite([
  Campaign,
  Type.Object({
    conflicts: Type.Array(Conflict, { description: 'Conflicts its items take part in, soonest first' }),
  }),
]);
export type CampaignDetail = Static<typeof CampaignDetail>;

export const Calendar = Type.Object({
  from: Instant,
  to: Instant,
  data: Type.Array(Campaign, {
    description: 'Campaigns with items in the window on the filters, each with those items only',
  }),
  truncated: Type.Boolean({
    description: `True when more than ${limits.campaignsPerWindowMax} campaigns matched`,
  }),
});
export type Calendar = Static<typeof Calendar>;

export const Conflicts = Type.Object({
  from: Instant,
  to: Instant,
  data: Type.Array(Conflict),
  total: Type.Integer({
    description: `Conflicts found; ${limits.campaignConflictsListedMax} at most are listed`,
  }),
});
export type Conflicts = Static<typeof Conflicts>;
