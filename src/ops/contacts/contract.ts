/** The contract of customer contacts: the TypeBox schemas of their answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { Id, Instant, literals, Nullable, Text } from '../../platform/http/schemas.js';
import { contactChannels } from '../core/contacts.js';

export const ContactChannel = literals(contactChannels);
export const Topic = Text(limits.contactTopicLengthMax);

export const Contact = Type.Object({
  id: Type.String(),
  channel: ContactChannel,
  topic: Nullable(Type.String({ description: "The help desk's subject or tag: what the contact is about" })),
  order_id: Nullable(Type.String({ description: 'The order it is about, if the customer named one' })),
  created_at: Instant,
});
export type Contact = Static<typeof Contact>;

export const ContactInput = Type.Object(
  {
    channel: ContactChannel,
    topic: Type.Optional(Topic),
    order_id: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ContactInput = Static<typeof ContactInput>;

const Count = Type.Integer({ minimum: 0 });

export const ContactsByChannel = Type.Object(
  { phone: Count, email: Count, chat: Count, social: Count },
  { description: 'Contacts by the channel they came by' },
);
export type ContactsByChannel = Static<typeof ContactsByChannel>;

export const ContactCount = Type.Object({ contacts: Count, by_channel: ContactsByChannel });
export type ContactCount = Static<typeof ContactCount>;

export const ContactMinute = Type.Object({
  at: Instant,
  contacts: Count,
  by_channel: ContactsByChannel,
});
export type ContactMinute = Static<typeof ContactMinute>;

/** What the operations room shows of contacts: the last minute, and the last hour minute by minute. */
export const ContactsRoom = Type.Object(
  {
    last_minute: {
      ...ContactCount,
      description: 'The last 60 seconds, sliding: it does not drop to 0 as a minute starts',
    },
    last_hour: { ...ContactCount, description: 'The 60 minutes of `per_minute`' },
    per_minute: Type.Array(ContactMinute, {
      description:
        'The last 60 minutes, oldest first, quiet ones included; the last is the current, partial one',
    }),
    top_topics: Type.Array(Type.Object({ topic: Type.String(), contacts: Count }), {
      description: `The topics of the last hour, most frequent first, up to ${limits.contactsRoomTopicsMax}`,
    }),
  },
  { description: 'Customer contacts: where a delivery or payment problem shows first' },
);
export type ContactsRoom = Static<typeof ContactsRoom>;

export const ContactRate = Type.Object({
  contacts: Type.Integer({ minimum: 0, description: 'Contacts of the period, every channel' }),
  orders: Type.Integer({ minimum: 0, description: 'Orders placed in the period, every channel and status' }),
  contacts_per_order: Nullable(
    Type.Number({ minimum: 0, description: 'contacts / orders; null without any order' }),
  ),
});
export type ContactRate = Static<typeof ContactRate>;
