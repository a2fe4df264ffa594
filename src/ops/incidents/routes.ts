/** Incidents: opening one (from an alert or by hand), moving it along, its timeline and runbook. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Id, Limit, literals, Name } from '../../platform/http/schemas.js';
import { entryKinds } from '../core/incidents.js';
import { Entry, Incident, IncidentDetail, IncidentId, LongText, Severity, Status } from './contract.js';
import { addTimelineEntry, getIncident, listIncidents, openIncident, updateIncident } from './incidents.js';

export const incidentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // The team handles incidents in read-only mode too: that is when it needs them most.
  const config = { scope: 'admin', readOnlyExempt: true } as const;

  app.post(
    '/incidents',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'openIncident',
        summary: 'Open an incident; from an alert it takes the alert’s title and severity unless given',
        description:
          'Opens an incident by hand, or from an alert (`alert_id`), which then points back to it; answers the incident with its timeline. An alert that already has an incident answers 409 `alert_has_incident` with that incident’s id.',
        body: Type.Object(
          {
            title: Type.Optional(Name),
            severity: Type.Optional(Severity),
            owner: Type.Optional(Name),
            alert_id: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: IncidentDetail, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await openIncident(ctx, request.body, await actorOf(ctx, callerOf(request).apiKeyId));
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/incidents',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'listIncidents',
        summary: 'Incidents, newest first: open (not yet resolved), closed (resolved), or all',
        description:
          'Incidents newest first, without their timelines, for the team’s list of what is going on and what went on.',
        querystring: Type.Object(
          { status: Type.Optional(literals(['open', 'closed'] as const)), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(Incident) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => listIncidents(ctx, request.query),
  );

  app.get(
    '/incidents/:id',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'getIncident',
        summary: 'An incident, its timeline, and the runbook of its alert’s rule',
        description:
          'The incident with its whole timeline (changes, notes, actions, alerts of its rule, switches flipped while it was open) and, when an alert opened it, the runbook of that alert’s rule.',
        params: IncidentId,
        response: { 200: IncidentDetail, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getIncident(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.patch(
    '/incidents/:id',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'updateIncident',
        summary:
          'Move an incident along (open → investigating → mitigated → resolved), or change its owner or severity',
        description:
          'Any state before `resolved` may go straight to it; resolving needs a `summary`, the closing note. `resolved` is final. Each change is written on the timeline.',
        params: IncidentId,
        body: Type.Object(
          {
            status: Type.Optional(Status),
            owner: Type.Optional(Name),
            severity: Type.Optional(Severity),
            summary: Type.Optional(LongText),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: IncidentDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await updateIncident(
        ctx,
        request.params.id,
        request.body,
        await actorOf(ctx, callerOf(request).apiKeyId),
      );
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/incidents/:id/timeline',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'addIncidentTimelineEntry',
        summary: 'Write a note or an action on an incident’s timeline',
        description:
          'Adds a `note` or an `action` to the incident’s timeline, signed with the name of the caller’s key, and answers the entry. It may still be written after resolution, for the post-mortem.',
        params: IncidentId,
        body: Type.Object({ kind: literals(entryKinds), text: LongText }, { additionalProperties: false }),
        response: { 201: Entry, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await addTimelineEntry(
        ctx,
        request.params.id,
        request.body,
        await actorOf(ctx, callerOf(request).apiKeyId),
      );
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );
};
