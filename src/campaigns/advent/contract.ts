/** The contract of the advent calendar: the one definition of its requests' bodies and its answers. */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import {
  AmountMinor,
  Code,
  Instant,
  literals,
  Name,
  Nullable,
  page,
  Text,
} from '../../platform/http/schemas.js';
import { PromoCode } from '../../pricing/promo-codes/contract.js';
import { type DoorStatus, rewardKinds } from '../core/advent.js';

const closed = { additionalProperties: false };

export const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A date of the calendar’s time zone, YYYY-MM-DD',
});

export const Reward = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('promo_code'),
      batch: { ...PromoCode, description: 'A code made into a batch (`POST /v1/promo-codes/{code}/batch`)' },
      count: Type.Integer({
        minimum: 1,
        maximum: limits.promoCodeBatchMax,
        description:
          'Single-use codes of the batch set aside for this door: one to each of its first players',
      }),
    },
    closed,
  ),
  Type.Object(
    {
      kind: Type.Literal('offer'),
      sku: Code,
      channel: Code,
      price: {
        ...AmountMinor,
        description:
          'The day’s price, in minor units of the channel: a sale must give it from the door’s opening to the day’s end',
      },
    },
    closed,
  ),
  Type.Object(
    {
      kind: Type.Literal('draw'),
      winners: Type.Integer({ minimum: 1, maximum: limits.adventWinnersMax }),
      prize: Text(limits.nameLengthMax),
    },
    closed,
  ),
]);
export type Reward = Static<typeof Reward>;

export const AdventInput = Type.Object(
  {
    name: Type.Optional(Name),
    time_zone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'IANA; default Europe/Paris' }),
    ),
    first_day: Type.Optional(Day),
    last_day: Type.Optional(Day),
    opens_at: Type.Optional(
      Type.String({
        pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
        description: 'The local time each door opens on its day, HH:MM; default 00:00',
      }),
    ),
    late_opening: Type.Optional(
      Type.Boolean({ description: 'Whether a past day’s door may still be opened; default false' }),
    ),
    doors: Type.Array(Type.Object({ day: Day, reward: Reward }, closed), {
      minItems: 1,
      maxItems: limits.adventDaysMax,
      description: 'One door per day of the season, each with its reward',
    }),
  },
  closed,
);
export type AdventInput = Static<typeof AdventInput>;

const doorStatuses: readonly DoorStatus[] = ['upcoming', 'open', 'closed', 'late'];

export const DoorView = Type.Object({
  day: Day,
  status: literals(doorStatuses),
  opens_at: Instant,
  closes_at: Instant,
  reward: Reward,
  players: Type.Integer({ description: 'Customers who opened it' }),
  given: Type.Integer({ description: 'Codes given, or winners drawn' }),
  remaining: Nullable(
    Type.Integer({ description: 'Codes left, or winners still to draw; null when unlimited' }),
  ),
  drawn_at: Nullable(Instant),
});
export type DoorView = Static<typeof DoorView>;

export const AdventCalendar = Type.Object({
  season: Type.String(),
  name: Type.String(),
  time_zone: Type.String(),
  first_day: Day,
  last_day: Day,
  opens_at: Type.String(),
  late_opening: Type.Boolean(),
  today: Nullable({ ...Day, description: 'The day it is in the calendar’s time zone, when in the season' }),
  players: Type.Integer({ description: 'Openings over every day' }),
  doors: Type.Array(DoorView),
  created_at: Instant,
  updated_at: Instant,
});
export type AdventCalendar = Static<typeof AdventCalendar>;

export const AdventCalendars = Type.Object({ data: Type.Array(AdventCalendar) });
export type AdventCalendars = Static<typeof AdventCalendars>;

export const OpenInput = Type.Object(
  {
    customer: Type.String({
      format: 'email',
      maxLength: limits.nameLengthMax,
      description: 'The customer’s email: case and `+tag` ignored, so one customer is one player',
    }),
    day: Type.Optional({
      ...Day,
      description: 'A past day, when the calendar allows late opening; default today',
    }),
  },
  closed,
);
export type OpenInput = Static<typeof OpenInput>;

export const PlayReward = Type.Union([
  Type.Object({
    kind: Type.Literal('promo_code'),
    code: Nullable(Type.String({ description: 'The code given; null when the door’s codes were all given' })),
  }),
  Type.Object({
    kind: Type.Literal('offer'),
    sku: Type.String(),
    channel: Type.String(),
    price: Type.Integer(),
  }),
  Type.Object({
    kind: Type.Literal('draw'),
    prize: Type.String(),
    entered: Type.Boolean({ description: 'Whether this opening takes part in the draw' }),
    drawn: Type.Boolean(),
    won: Nullable(Type.Boolean({ description: 'Once drawn, whether this player won' })),
  }),
]);

export const Play = Type.Object({
  season: Type.String(),
  day: Day,
  customer: Type.String({ description: 'The customer as one player: lower case, `+tag` dropped' }),
  opened_at: Instant,
  reward: PlayReward,
});
export type Play = Static<typeof Play>;

export const Plays = page(Play);
export type Plays = Static<typeof Plays>;

/** What the operations room shows of the calendar in season: who opened each day's door. */
export const AdventParticipation = Type.Object({
  season: Type.String(),
  name: Type.String(),
  today: Day,
  days: Type.Array(
    Type.Object({
      day: Day,
      status: literals(doorStatuses),
      kind: literals(rewardKinds),
      players: Type.Integer(),
      given: Type.Integer(),
      remaining: Nullable(Type.Integer()),
    }),
  ),
});
export type AdventParticipation = Static<typeof AdventParticipation>;
