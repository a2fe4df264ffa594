/** Carriers' services and rate cards over HTTP: read with the cards in force on a date, imported from their CSV files. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors } from '../../platform/http/schemas.js';
import { defaultCutoffMinutes, minutesOfClock } from '../core/cutoff.js';
import { importCarriers, listCarriers, shopTimeZone } from './carriers.js';
import { CarrierList, CarriersImported, CarriersRefused } from './contract.js';

const closed = { additionalProperties: false } as const;

export const carrierRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['fulfilment'];

  app.get(
    '/carriers',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listCarriers',
        summary: 'Carriers’ services with their limits and the rate cards in force on a date',
        description: `Every service imported: its weight and size limits (g, mm), its transit time in working days (null: none known, so it is never chosen), its cut-off (HH:MM, local) and, per zone, the card in force on \`on\` (default: today in ${shopTimeZone}), the one with the latest \`valid_from\` on or before it. Prices are VAT included, in minor units of the card's currency. \`sample: true\` marks sample prices (public counter prices for consumers), which must never be shown to a customer as a quote; \`notice\` says so whenever one is. A date that does not exist is refused (400 \`validation_failed\`).`,
        querystring: Type.Object(
          {
            on: Type.Optional(
              Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' }),
            ),
          },
          closed,
        ),
        response: { 200: CarrierList, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await listCarriers(ctx, request.query.on);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/carriers/import',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'importCarriers',
        summary: 'Import carriers’ services and rate cards from their two CSV files, replacing all',
        description: `\`limits_csv\`: \`carrier,service,max_weight_g,max_length_cm,max_size_cm,size_formula,transit_days[,source_url,note]\`, one service a row (\`size_formula\` \`L+l+h\` or \`L+2h+2l\`; \`transit_days\` \`2\` or \`3-5\`). \`rates_csv\`: \`carrier,service,zone,max_weight_g,price_eur_incl_vat,valid_from[,source_url,note]\`, one weight band a row, in EUR with at most 2 decimals, from a YYYY-MM-DD date. A rate row prices the service of its carrier with its code, else the one whose code starts with its code and \`_\` (\`point_retrait\` prices \`point_retrait_relais\`); a row that prices none is left out with a warning. The import replaces every service and rate stored, in one transaction. Every row is checked and every error named (file, line, field); with any, nothing is written (422 \`validation_failed\`, the errors in \`details.errors\`). \`sample\` (default true) marks the prices as sample data; \`cutoff\` (default 15:00) is the local time from which a parcel leaves the next working day, the shop's own pickup time. With \`dry_run\`, nothing is written. Up to ${limits.carrierImportRowsMax} rows in both files.`,
        body: Type.Object(
          {
            rates_csv: Type.String({ minLength: 1, description: 'The text of rates.csv' }),
            limits_csv: Type.String({ minLength: 1, description: 'The text of limits.csv' }),
            dry_run: Type.Optional(Type.Boolean({ description: 'Check everything, write nothing' })),
            sample: Type.Optional(
              Type.Boolean({
                description: 'The prices are sample data, to be labelled as such (default true)',
              }),
            ),
            cutoff: Type.Optional(
              Type.String({
                pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
                description: 'Local HH:MM for every service (default 15:00)',
              }),
            ),
          },
          closed,
        ),
        response: { 200: CarriersImported, 422: CarriersRefused, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { rates_csv, limits_csv, dry_run, sample, cutoff } = request.body;
      const result = await importCarriers(
        ctx,
        { ratesCsv: rates_csv, limitsCsv: limits_csv },
        {
          dryRun: dry_run === true,
          sample: sample ?? true,
          // The schema's pattern admits only a clock time.
          cutoffMinutes: cutoff === undefined ? defaultCutoffMinutes : minutesOfClock(cutoff)!,
        },
      );
      if (result.ok) return result.imported;
      const refused: CarriersRefused = {
        error: {
          code: 'validation_failed',
          message: `${result.errors.length} error(s) in the files: nothing was imported.`,
          details: { errors: [...result.errors], warnings: [...result.warnings] },
        },
      };
      return reply.code(422).send(refused);
    },
  );
};
