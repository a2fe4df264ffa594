/** The campaign calendar over HTTP: campaigns and their items planned, read by window, moved, and their conflicts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Id } from '../../platform/http/schemas.js';
import { cancelCampaign, createCampaign, moveCampaign, patchCampaign } from './campaigns.js';
import { listConflicts } from './conflicts.js';
import {
  Calendar,
  CampaignDetail,
  CampaignInput,
  CampaignPatch,
  CancelInput,
  Conflicts,
  ConflictWindow,
  ItemInput,
  ItemPatch,
  MoveInput,
  WindowQuery,
} from './contract.js';
import { addItem, patchItem, removeItem } from './items.js';
import { checkWindow, getCampaign, readCalendar } from './reads.js';

const noQuery = Type.Object({}, { additionalProperties: false });
const noParams = Type.Object({});
const CampaignParams = Type.Object({ id: Id });
const ItemParams = Type.Object({ id: Id, itemId: Id });

const windowRule = `A window is at most ${limits.campaignWindowDaysMax} days; \`to\` after \`from\`.`;
const editRule =
  'Only a draft is edited: any other status answers 409 `invalid_transition` (move it back to draft first, if nothing went out).';

export const campaignRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const config = { scope: 'admin' as const };
  const tags = ['campaigns'];

  app.post(
    '/campaigns',
    {
      config,
      schema: {
        tags,
        operationId: 'createCampaign',
        summary: 'Plan a campaign, as a draft, with its content items',
        description: `A campaign (name, owner, and the sale it launches if any) and its items: each a banner, mailing, social post or product selection on a site, channel and segment from \`starts_at\` to \`ends_at\`, with the payload its tool is sent at publication, the SKUs it promotes and the prices it announces. Up to ${limits.campaignItemsMax} items. Unknown channels, SKUs or sale answer 422 \`unknown_channel\`, \`unknown_sku\`, \`unknown_sale\`. The answer is the campaign with the conflicts its items already take part in.`,
        params: noParams,
        querystring: noQuery,
        body: CampaignInput,
        response: { 201: CampaignDetail, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await createCampaign(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/campaigns',
    {
      config,
      schema: {
        tags,
        operationId: 'listCampaigns',
        summary: 'The calendar: campaigns with items in a window, filtered',
        description: `Campaigns with at least one item overlapping [\`from\`, \`to\`) on the filters (an item's site, channel and segment; the campaign's status), each with those items only, soonest first: what a month or week of the calendar shows. ${windowRule} Up to ${limits.campaignsPerWindowMax} campaigns; \`truncated\` says when more matched.`,
        params: noParams,
        querystring: WindowQuery,
        response: { 200: Calendar, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await readCalendar(ctx, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/campaigns/conflicts',
    {
      config,
      schema: {
        tags,
        operationId: 'listCampaignConflicts',
        summary: 'What clashes in the plan of a window, before it happens',
        description: `The conflicts among the items of campaigns from draft to published overlapping [\`from\`, \`to\`), soonest first: two campaigns on the same segment and channel at once (\`segment_overlap\`); a promoted SKU that sells out before the item ends at the last ${limits.campaignSalesRateDays} days' sales rate (\`sku_runs_out\`); an announced price that the prices in force, sales included, do not give for the whole of the item's window (\`price_not_provided\`). ${windowRule} Up to ${limits.campaignConflictsListedMax} are listed; \`total\` counts them all.`,
        params: noParams,
        querystring: ConflictWindow,
        response: { 200: Conflicts, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const window = checkWindow(request.query.from, request.query.to);
      if (!window.ok) return sendFailure(reply, window);
      return listConflicts(ctx, window.value.fromMs, window.value.toMs);
    },
  );

  app.get(
    '/campaigns/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getCampaign',
        summary: 'A campaign with all its items and their conflicts',
        description:
          'Each item shows its status and, once out, when it was published and the outbox event that carried it (its deliveries are listed by `GET /v1/webhooks/{id}/deliveries`).',
        params: CampaignParams,
        querystring: noQuery,
        response: { 200: CampaignDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getCampaign(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.patch(
    '/campaigns/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'updateCampaign',
        summary: 'Change a draft campaign’s name, owner or sale',
        description: `${editRule} \`sale_id\` null unlinks the sale.`,
        params: CampaignParams,
        querystring: noQuery,
        body: CampaignPatch,
        response: { 200: CampaignDetail, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await patchCampaign(ctx, request.params.id, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/campaigns/:id/items',
    {
      config,
      schema: {
        tags,
        operationId: 'addCampaignItem',
        summary: 'Add a content item to a draft campaign',
        description: `${editRule} Up to ${limits.campaignItemsMax} items per campaign (409 \`limit_reached\`). The item's owner is the campaign's unless given.`,
        params: CampaignParams,
        querystring: noQuery,
        body: ItemInput,
        response: { 201: CampaignDetail, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await addItem(ctx, request.params.id, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.patch(
    '/campaigns/:id/items/:itemId',
    {
      config,
      schema: {
        tags,
        operationId: 'updateCampaignItem',
        summary: 'Change a content item of a draft campaign',
        description: `${editRule} The fields given replace the item's (\`skus\` and \`announced_prices\` whole; \`selection\` null clears it), and the item is checked again as a new one is.`,
        params: ItemParams,
        querystring: noQuery,
        body: ItemPatch,
        response: { 200: CampaignDetail, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await patchItem(ctx, request.params.id, request.params.itemId, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/campaigns/:id/items/:itemId',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteCampaignItem',
        summary: 'Remove a content item from a draft campaign',
        description: `${editRule} The answer is the campaign without it.`,
        params: ItemParams,
        querystring: noQuery,
        response: { 200: CampaignDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await removeItem(ctx, request.params.id, request.params.itemId);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/campaigns/:id/transitions',
    {
      config,
      schema: {
        tags,
        operationId: 'moveCampaign',
        summary: 'Move a campaign along draft → approved → scheduled, or back',
        description:
          'Moves the campaign and its items to `to`: `approved` (from draft, with at least one item), `scheduled` (from approved, with no item already over: each item is then published at its start and done at its end, by the clock), or back to `approved` (from scheduled, before anything went out) or `draft` (from approved). Published and done are the clock’s moves; cancelling is `POST /v1/campaigns/{id}/cancel`. A move the process does not allow answers 409 `invalid_transition` with the moves allowed or the reason.',
        params: CampaignParams,
        querystring: noQuery,
        body: MoveInput,
        response: { 200: CampaignDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await moveCampaign(ctx, request.params.id, request.body.to);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/campaigns/:id/cancel',
    {
      config: { ...config, ownAuditEntry: true },
      schema: {
        tags,
        operationId: 'cancelCampaign',
        summary: 'Cancel a campaign, with a reason (in the audit log)',
        description:
          'Cancels the campaign from any status but done or cancelled (409 `invalid_transition`): items not yet out are cancelled and never published; items already published went out and end at their end. Recorded in the audit log with its reason, and on the timeline of any open incident.',
        params: CampaignParams,
        querystring: noQuery,
        body: CancelInput,
        response: { 200: CampaignDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(ctx, callerOf(request).apiKeyId);
      const result = await cancelCampaign(ctx, request.params.id, request.body.reason, actor);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
