/** Customer contacts over HTTP: recorded by the help desk or social listening, listed, counted per minute and per order. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Id, Instant, Limit, page } from '../../platform/http/schemas.js';
import { contactRate, contactsPerMinute, listContacts, recordContact } from './contacts.js';
import { Contact, ContactChannel, ContactInput, ContactMinute, ContactRate } from './contract.js';

export const contactRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['operations'];
  // `admin`, as every route of the operations room. The keys have two scopes: `storefront` sells
  // and sees only the orders it placed, while a help desk reports contacts about any order, and a
  // storefront's key must not be able to raise the room's alerts. A narrower scope for the help
  // desk's integration would be better than an admin key in a third party's hands; until the
  // kernel has one, the help desk gets an admin key of its own, revocable alone.
  const config = { scope: 'admin' } as const;

  app.post(
    '/contacts',
    {
      config,
      schema: {
        tags,
        operationId: 'recordContact',
        summary: 'Record a customer contact: a call, a mail, a chat or a social post',
        description: `From the help desk or social listening, as each contact comes: its \`channel\`, the \`topic\` (a subject or tag, at most ${limits.contactTopicLengthMax} characters, never the customer's message) and the \`order_id\` it is about, if any. The server stamps \`created_at\`. An \`order_id\` that names no order answers 404 \`not_found\`, and nothing is recorded. The same \`Idempotency-Key\` again from the same key answers the contact it recorded (200), or 422 \`idempotency_key_reused\` if the report differs: a help desk retrying its webhook counts no customer twice.`,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({ minLength: 1, maxLength: limits.idempotencyKeyLengthMax }),
          ),
        }),
        body: ContactInput,
        response: { 200: Contact, 201: Contact, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const result = await recordContact(
        ctx,
        request.body,
        callerOf(request).apiKeyId,
        request.headers['idempotency-key'],
      );
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.contact);
    },
  );

  app.get(
    '/contacts',
    {
      config,
      schema: {
        tags,
        operationId: 'listContacts',
        summary: 'Customer contacts, newest first: of a period, of one channel, or all',
        description:
          'Contacts created from `from` (included) to `to` (excluded), of one `channel` or all, newest first. Pass `next_cursor` back as `cursor` for older ones.',
        querystring: Type.Object(
          {
            from: Type.Optional(Instant),
            to: Type.Optional(Instant),
            channel: Type.Optional(ContactChannel),
            cursor: Type.Optional(Id),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: page(Contact), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await listContacts(ctx, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/contacts/per-minute',
    {
      config,
      schema: {
        tags,
        operationId: 'listContactsPerMinute',
        summary: 'Customer contacts per minute, by channel',
        description: `One point per minute from \`from\` to \`to\` (by default the last 60 minutes, this one last and partial), quiet minutes included: the contacts of every channel and of each. A span of more than ${limits.seriesMinutesMax} minutes answers 400.`,
        querystring: Type.Object(
          { from: Type.Optional(Instant), to: Type.Optional(Instant) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(ContactMinute) }), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await contactsPerMinute(ctx, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/contacts/rate',
    {
      config,
      schema: {
        tags,
        operationId: 'getContactRate',
        summary: 'Customer contacts per order placed over a period',
        description: `Contacts created from \`from\` (included) to \`to\` (excluded), every channel, against the orders placed in the same period, whatever became of them: \`contacts_per_order\` is their ratio, null without any order. The planner sizes a peak's help desk with it. A period of more than ${limits.contactRatePeriodDaysMax} days answers 400.`,
        querystring: Type.Object({ from: Instant, to: Instant }, { additionalProperties: false }),
        response: { 200: ContactRate, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await contactRate(ctx, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
