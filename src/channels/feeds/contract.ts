/** The contract of channels' availability feeds: the one definition of their answers. */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, Nullable, Text } from '../../platform/http/schemas.js';
import { closed, WebhookUrl } from '../webhooks/contract.js';

export const FeedInput = Type.Object(
  {
    url: WebhookUrl,
    secret: Type.Optional(
      Type.String({
        pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
        maxLength: 100,
        description: '`whsec_` and the base64 of 24 to 64 random bytes; generated when not given',
      }),
    ),
  },
  closed,
);
export type FeedInput = Static<typeof FeedInput>;

export const FeedSwitchInput = Type.Object({ reason: Text(500) }, closed);

export const FeedLag = Type.Object(
  {
    changes: Type.Integer({ description: 'Changes acknowledged by the channel over the window' }),
    p50_ms: Nullable(Type.Integer()),
    p99_ms: Nullable(Type.Integer({ description: 'Upper bound of the bucket holding the 99th percentile' })),
    max_ms: Nullable(Type.Integer()),
  },
  {
    description:
      'From a change committed to the channel acknowledging its new figure, over the last 5 minutes',
  },
);
export type FeedLag = Static<typeof FeedLag>;

export const Feed = Type.Object({
  channel: Type.String(),
  url: Type.String(),
  paused: Type.Boolean(),
  paused_reason: Nullable(Type.String()),
  position: Type.Integer({ description: 'The last outbox event whose changes the channel has acknowledged' }),
  backlog: Type.Integer({ description: 'Outbox events not yet looked at for this channel' }),
  resync_due_at: Nullable(Instant),
  resynced_at: Nullable(Instant),
  failures: Type.Integer({ description: 'Pushes failed in a row' }),
  last_push_at: Nullable(Instant),
  last_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  lag: FeedLag,
  created_at: Instant,
  updated_at: Instant,
});
export type Feed = Static<typeof Feed>;

export const CreatedFeed = Type.Composite([
  Feed,
  Type.Object({ secret: Type.String({ description: 'Shown this once: keep it to verify signatures' }) }),
]);
export type CreatedFeed = Static<typeof CreatedFeed>;
