/** The advent calendar over HTTP: set by the back office, its doors opened by storefronts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors } from '../../platform/http/schemas.js';
import {
  deleteAdventCalendar,
  getAdventCalendar,
  listAdventCalendars,
  putAdventCalendar,
} from './calendars.js';
import { AdventCalendar, AdventCalendars, AdventInput, Day, OpenInput, Play, Plays } from './contract.js';
import { listPlays, openDoor } from './openings.js';

const noQuery = Type.Object({}, { additionalProperties: false });
const SeasonParams = Type.Object({ season: Code });
const DayParams = Type.Object({ season: Code, day: Day });

export const adventRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['campaigns'];

  app.put(
    '/advent/:season',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'putAdventCalendar',
        summary: 'Set a season’s advent calendar: a door per day, each with its reward',
        description: `Days run from \`first_day\` to \`last_day\` in \`time_zone\` (default Europe/Paris; a season named by its year runs 1–24 December by default), at most ${limits.adventDaysMax}, each with exactly one door opening at \`opens_at\` (local, default 00:00) until midnight. A reward is \`promo_code\` (\`count\` unused single-use codes of a batch set aside for the door, one to each of its first players: 422 \`unknown_promo_code\` when \`batch\` is not a batch, 409 \`limit_reached\` when it has too few codes left), \`offer\` (a SKU at a price for the day: a sale must give that price on the channel from the door’s opening to midnight, else 422 \`offer_price_not_in_force\`) or \`draw\` (\`winners\` of the day’s players drawn at random once the day is over, sent out as the event \`advent.door.drawn\`). Putting it again replaces it, but a door someone opened keeps its reward: changing or removing it answers 409 \`advent_door_played\`. 201 when created, 200 when replaced.`,
        params: SeasonParams,
        querystring: noQuery,
        body: AdventInput,
        response: { 200: AdventCalendar, 201: AdventCalendar, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await putAdventCalendar(ctx, request.params.season, request.body);
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.calendar);
    },
  );

  app.get(
    '/advent',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listAdventCalendars',
        summary: 'Every advent calendar, latest season first, with each door’s figures',
        description: `Up to ${limits.adventCalendarsMax} calendars, each as \`GET /v1/advent/{season}\` answers it.`,
        querystring: noQuery,
        response: { 200: AdventCalendars, ...errors(401, 403) },
      },
    },
    () => listAdventCalendars(ctx),
  );

  app.get(
    '/advent/:season',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getAdventCalendar',
        summary: 'A season’s calendar: each door’s status, players, rewards given and left',
        description:
          'A door is `upcoming` before its opening, `open` on its day from its opening to midnight, then `closed`, or `late` when the calendar allows late opening. `given` counts codes given or winners drawn; `remaining` what is left of them (null for an offer).',
        params: SeasonParams,
        querystring: noQuery,
        response: { 200: AdventCalendar, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getAdventCalendar(ctx, request.params.season);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/advent/:season',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'deleteAdventCalendar',
        summary: 'Remove a season’s calendar, with who opened its doors',
        description:
          'Its doors and plays go with it, as a rehearsal removes its own when it ends. The codes its doors gave stay valid promo codes; those set aside and not given are free for another door.',
        params: SeasonParams,
        querystring: noQuery,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteAdventCalendar(ctx, request.params.season);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.post(
    '/advent/:season/open',
    {
      config: { scope: 'storefront' },
      schema: {
        tags,
        operationId: 'openAdventDoor',
        summary: 'Open today’s door for a customer: once a day, the same result on every try',
        description:
          'The customer is their email, case and `+tag` ignored. Their first opening of the day’s door gets its reward: the next code set aside (`code` null once they are all given), the day’s offer, or a place in the draw. Every later try that day, from any device and at the same instant too, answers that same play. `day` opens a past day’s door when the calendar allows late opening. A door not open answers 409 `advent_door_closed` with `details.reason`: `not_yet_open`, `past` or `not_in_season`.',
        params: SeasonParams,
        querystring: noQuery,
        body: OpenInput,
        response: { 200: Play, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await openDoor(ctx, request.params.season, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/advent/:season/days/:day/plays',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listAdventPlays',
        summary: 'Who opened a day’s door, and what each got',
        description: `By customer, up to ${limits.adventPlaysPageMax} a page.`,
        params: DayParams,
        querystring: Type.Object(
          {
            limit: Type.Integer({
              minimum: 1,
              maximum: limits.adventPlaysPageMax,
              default: limits.pageSizeDefault,
            }),
            cursor: Type.Optional(Type.String({ maxLength: limits.nameLengthMax })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Plays, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await listPlays(ctx, request.params.season, request.params.day, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
