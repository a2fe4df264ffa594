/** Bulk imports over HTTP: a file sent as JSON or as itself, run as a job in the background, followed by its id. */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { fail } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Id, literals } from '../../platform/http/schemas.js';
import { type ImportFormat, importFormats, importKinds } from '../core/import-rows.js';
import { ImportJob } from './contract.js';
import { ImportJobs } from './jobs.js';
import { textSource } from './reader.js';

const closed = { additionalProperties: false } as const;

const formats = `Formats, by kind (CSV header names; JSON Lines takes the same names, one object a line):
- \`catalog\`: \`sku,name\` and any of \`weight_g,length_mm,width_mm,height_mm,gtin,tax_class,perishable\` and \`price:<channel>\` (a price in minor units: 1999 for 19.99). A column left out leaves that field as stored; an empty cell clears it (an empty price stops selling the SKU on that channel). In JSON Lines, prices are \`"prices": {"web": 1999, "b2b": null}\`.
- \`stock\`: \`sku,location,on_hand\`: the units counted. On hand becomes the count, written as an \`adjustment\` with reason \`counted\` in the ledger; a count below the units reserved there for orders and holds is refused (it would oversell).
- \`buffers\`: \`channel,sku,buffer\`: the units the channel may not sell.

The file is read as a stream, UTF-8 with or without a BOM (UTF-16 with its BOM); a file that is not valid UTF-8 is read as Windows-1252 (Latin-1) and the report says so. Lines end in LF or CRLF; CSV values are separated by \`,\`, \`;\` or a tab, as the header is. Every row is checked (the report names each error's line, the header being 1, and field; a row given twice is refused on both lines). All or nothing: with any row refused nothing is written, unless \`partial\`, which writes the others. With \`dry_run\`, nothing is written and the counts say what would be. Up to ${limits.importRowsMax.toLocaleString('en-US')} rows. Each change writes its event (\`sku.created\`, \`sku.updated\`, \`stock.adjusted\`, \`buffer.set\`) and the import its entry in the audit log. Follow the job with \`GET /v1/imports/{id}\`.`;

const Options = {
  dry_run: Type.Optional(Type.Boolean({ description: 'Check every row, write nothing' })),
  partial: Type.Optional(
    Type.Boolean({ description: 'Write the rows that are good, leaving out those refused' }),
  ),
};

/** The body of an upload, written to a file as it comes (never held whole), up to the limit. */
async function saveUpload(body: Readable, path: string): Promise<number | 'too_large'> {
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limits.importBodyBytesMax ? new RangeError('too large') : null, chunk);
    },
  });
  try {
    await pipeline(body, counted, createWriteStream(path, { flags: 'wx' }));
    return bytes;
  } catch (error) {
    await rm(path, { force: true });
    if (error instanceof RangeError) return 'too_large';
    throw error;
  }
}

export const importRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['channels'];
  const jobs = new ImportJobs(ctx, (err, message) => app.log.error({ err }, message));
  // The server closes once the imports running here have ended, not under them.
  app.addHook('onClose', () => jobs.settled());

  app.post(
    '/imports',
    {
      config: { scope: 'admin' },
      bodyLimit: limits.importBodyBytesMax,
      schema: {
        tags,
        operationId: 'startImport',
        summary: 'Import the catalogue, stock counts or channel buffers from a file’s text',
        description: `Starts an import in the background and answers its job (202): follow it with \`GET /v1/imports/{id}\`. \`content\` is the file's text; to send the file itself, see \`POST /v1/imports/file\`. ${formats}`,
        body: Type.Object(
          {
            kind: literals(importKinds),
            format: Type.Optional(literals(importFormats)),
            content: Type.String({ description: 'The file’s text: CSV (default) or JSON Lines' }),
            ...Options,
          },
          closed,
        ),
        response: { 202: ImportJob, ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { kind, format, content, dry_run, partial } = request.body;
      const started = await jobs.start(
        {
          kind,
          format: format ?? 'csv',
          source: textSource(content),
          dryRun: dry_run === true,
          partial: partial === true,
          actor: await actorOf(ctx, callerOf(request).apiKeyId),
          origin: 'POST /v1/imports',
        },
        callerOf(request).apiKeyId,
      );
      return started.ok ? reply.code(202).send(started.value) : sendFailure(reply, started);
    },
  );

  await app.register(uploadRoute, { ctx, jobs });

  app.get(
    '/imports/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getImport',
        summary: 'An import’s job: its status, its progress and, once finished, its report',
        description:
          '`running` with its progress (the phase, rows done of the total when known, bytes read of the file); then `done` (written, or on a dry run checked; rows refused left out when partial) or `failed` (nothing written: see the report’s errors, or `error` when the job stopped), with the report: rows read, created, updated, unchanged and refused, and each error by line and field.',
        params: Type.Object({ id: Id }),
        response: { 200: ImportJob, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const job = await jobs.get(request.params.id);
      return job.ok ? job.value : sendFailure(reply, job);
    },
  );
};

/** The upload, in a scope of its own: its body is the file's bytes, streamed to a temporary file, whatever its media type. */
const uploadRoute: FastifyPluginAsyncTypebox<{ ctx: AppContext; jobs: ImportJobs }> = async (
  raw,
  { ctx, jobs },
) => {
  raw.removeAllContentTypeParsers();
  raw.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const FileBody = Type.Unknown({ description: 'The file’s bytes' });
  raw.post(
    '/imports/file',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['channels'],
        operationId: 'uploadImport',
        summary: 'Import the catalogue, stock counts or channel buffers from a file sent as the body',
        description: `The file itself as the body (\`curl --data-binary @stock.csv -H 'content-type: text/csv'\`), up to ${limits.importBodyBytesMax / 1024 / 1024} MiB, read as a stream; otherwise as \`POST /v1/imports\`. The format is \`format\`, else JSON Lines for \`application/x-ndjson\` or \`application/jsonl\`, else CSV. ${formats}`,
        querystring: Type.Object(
          { kind: literals(importKinds), format: Type.Optional(literals(importFormats)), ...Options },
          closed,
        ),
        body: {
          content: {
            'text/csv': { schema: FileBody },
            'application/x-ndjson': { schema: FileBody },
          },
        },
        response: { 202: ImportJob, ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { kind, format, dry_run, partial } = request.query;
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const path = join(tmpdir(), `affluence-import-${randomUUID()}`);
      // A request without a body is an empty file, which the import refuses as such.
      const body = request.body instanceof Readable ? request.body : Readable.from([]);
      const bytes = await saveUpload(body, path);
      if (bytes === 'too_large')
        return sendFailure(
          reply,
          fail(
            'payload_too_large',
            `An import file is at most ${limits.importBodyBytesMax} bytes: split it.`,
            {
              bytes_max: limits.importBodyBytesMax,
            },
          ),
        );
      const started = await jobs.start(
        {
          kind,
          format: format ?? defaultFormat(mediaType),
          source: { bytes, open: () => createReadStream(path) },
          dryRun: dry_run === true,
          partial: partial === true,
          actor: await actorOf(ctx, callerOf(request).apiKeyId),
          origin: 'POST /v1/imports/file',
          cleanUp: () => rm(path, { force: true }),
        },
        callerOf(request).apiKeyId,
      );
      return started.ok ? reply.code(202).send(started.value) : sendFailure(reply, started);
    },
  );
};

function defaultFormat(mediaType: string): ImportFormat {
  return mediaType === 'application/x-ndjson' || mediaType === 'application/jsonl' ? 'jsonl' : 'csv';
}
