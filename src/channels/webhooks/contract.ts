/** The contract of webhook subscriptions and their deliveries: the one definition of their answers. */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { Instant, literals, Nullable, Position } from '../../platform/http/schemas.js';

export const closed = { additionalProperties: false } as const;

export const WebhookUrl = Type.String({
  format: 'uri',
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  maxLength: limits.webhookUrlLengthMax,
  description: 'An http(s) URL',
});

const EventTypes = Type.Array(
  Type.String({
    pattern: '^(\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?)$',
    maxLength: 100,
    description: 'An event type (`order.placed`), a family (`order.*`) or `*`',
  }),
  { minItems: 1, maxItems: limits.webhookEventTypesMax, uniqueItems: true },
);

const Secret = Type.String({
  pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
  maxLength: 100,
  description: '`whsec_` and the base64 of 24 to 64 random bytes; generated when not given',
});

export const WebhookInput = Type.Object(
  {
    url: WebhookUrl,
    event_types: EventTypes,
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type WebhookInput = Static<typeof WebhookInput>;

export const WebhookPatch = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    event_types: Type.Optional(EventTypes),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
  },
  { ...closed, minProperties: 1 },
);
export type WebhookPatch = Static<typeof WebhookPatch>;

/** A subscription as the API shows it; its secret only once, in the answer that created it. */
export const WebhookSubscription = Type.Object({
  id: Type.String(),
  url: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  position: Type.Integer({ description: 'The last outbox event looked at for it' }),
  pending: Type.Integer({ description: 'Deliveries waiting to be sent or retried' }),
  dead: Type.Integer({ description: 'Deliveries out of attempts: the dead-letter list' }),
  last_attempt_at: Nullable(Instant),
  last_status: Nullable(Type.Integer({ description: 'null when the last attempt got no answer' })),
  last_error: Nullable(Type.String({ description: 'null when the last attempt succeeded' })),
  created_at: Instant,
  updated_at: Instant,
});
export type WebhookSubscription = Static<typeof WebhookSubscription>;

export const CreatedWebhook = Type.Composite([
  WebhookSubscription,
  Type.Object({ secret: Type.String({ description: 'Shown this once: keep it to verify signatures' }) }),
]);
export type CreatedWebhook = Static<typeof CreatedWebhook>;

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;

export const Delivery = Type.Object({
  event_id: Type.Integer(),
  event_type: Type.String(),
  entity_type: Type.String(),
  entity_id: Type.String(),
  status: literals(deliveryStatuses),
  attempts: Type.Integer({ description: 'Attempts since it was enqueued or last replayed' }),
  next_attempt_at: Nullable(Instant),
  delivered_at: Nullable(Instant),
  created_at: Instant,
  attempt_log: Type.Array(
    Type.Object({
      at: Instant,
      status: Nullable(Type.Integer()),
      error: Nullable(Type.String()),
      duration_ms: Type.Integer(),
    }),
    { description: 'The latest attempts, oldest first' },
  ),
});
export type Delivery = Static<typeof Delivery>;

export const ReplayInput = Type.Object(
  {
    from_event: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'The first event to send again',
    }),
  },
  closed,
);

export const Replay = Type.Object({
  webhook_id: Type.String(),
  from_event: Type.Integer(),
  deliveries_reset: Type.Integer({ description: 'Deliveries from there made due again' }),
  position: Position,
});
export type Replay = Static<typeof Replay>;
