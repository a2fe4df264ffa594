/** The contract of order sources: channels whose orders are pulled, and what each run did. */
import { type Static, Type } from '@sinclair/typebox';
import { Code, Instant, literals, Nullable, Text } from '../../platform/http/schemas.js';
import { closed, WebhookUrl } from '../webhooks/contract.js';

const Path = Type.String({
  maxLength: 200,
  description: 'A dot path in the JSON (`data.orders`, `buyer.email`)',
});
const IntervalS = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 86_400, description: 'Seconds between runs (default 60)' }),
);

const FolderSource = Type.Object(
  {
    kind: Type.Literal('folder'),
    channel: Code,
    dir: Text(1000),
    interval_s: IntervalS,
    enabled: Type.Optional(Type.Boolean()),
  },
  { ...closed, description: 'A directory where order files (CSV or JSON Lines) appear' },
);

const HttpSource = Type.Object(
  {
    kind: Type.Literal('http'),
    channel: Code,
    url: WebhookUrl,
    headers: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]+$', maxLength: 100 }), Text(2000)),
    ),
    cursor_param: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', maxLength: 100 }),
    items_path: Path,
    next_cursor_path: Path,
    mapping: Type.Object(
      {
        fields: Type.Record(Type.String({ pattern: '^[a-z_]+(\\.[a-z_0-9]+)*$', maxLength: 100 }), Path, {
          description:
            'Order body field (`external_id`, `customer.email`, `shipping_address.city`…) → path in the item',
        }),
        lines: Type.Object({ from: Path, sku: Path, quantity: Path }, closed),
      },
      closed,
    ),
    interval_s: IntervalS,
    enabled: Type.Optional(Type.Boolean()),
  },
  { ...closed, description: 'A JSON endpoint read page by page with a cursor' },
);

export const OrderSourceInput = Type.Union([FolderSource, HttpSource]);
export type OrderSourceInput = Static<typeof OrderSourceInput>;

export const PullRun = Type.Object({
  at: Instant,
  orders: Type.Integer(),
  placed: Type.Integer(),
  already_placed: Type.Integer({
    description: 'Orders of this channel placed before: answered, not placed again',
  }),
  refused_total: Type.Integer(),
  refused: Type.Array(
    Type.Object({
      ref: Type.String({ description: 'Where it was: a file and line, or a page and item' }),
      external_id: Nullable(Type.String()),
      code: Type.String(),
      message: Type.String(),
    }),
  ),
  error: Nullable(
    Type.String({ description: 'Why the run stopped short: a file unreadable, the endpoint down' }),
  ),
  files: Type.Optional(
    Type.Array(
      Type.Object({
        file: Type.String(),
        moved_to: literals(['done', 'failed'] as const),
        placed: Type.Integer(),
        already_placed: Type.Integer(),
        refused: Type.Integer(),
        error: Nullable(Type.String()),
      }),
    ),
  ),
  pages: Type.Optional(Type.Integer()),
});
export type PullRun = Static<typeof PullRun>;

export const OrderSource = Type.Object({
  name: Type.String(),
  kind: literals(['folder', 'http'] as const),
  channel: Type.String(),
  settings: Type.Unknown({ description: 'As put: the folder, or the endpoint, its paths and mapping' }),
  interval_s: Type.Integer(),
  enabled: Type.Boolean(),
  cursor: Nullable(Type.String()),
  last_run: Nullable(PullRun),
  created_at: Instant,
  updated_at: Instant,
});
export type OrderSource = Static<typeof OrderSource>;
