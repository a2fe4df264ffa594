/** The contract of bulk imports: the TypeBox schemas of their answers, the one definition of their shape. */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../../platform/http/schemas.js';
import { importFormats, importKinds } from '../core/import-rows.js';

export const importStatuses = ['running', 'done', 'failed'] as const;
export const importPhases = ['reading', 'checking', 'writing'] as const;
export const importEncodings = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const ImportProblem = Type.Object({
  line: Type.Integer({
    minimum: 1,
    description: 'The line of the file (the header is 1); for a row on several lines, its last',
  }),
  field: Type.String({ description: 'The column or field, or `header`, `row` or `file`' }),
  message: Type.String(),
});
export type ImportProblem = Static<typeof ImportProblem>;

export const ImportReport = Type.Object({
  id: Type.String({ description: 'The import: the reference of its ledger rows and its audit entry' }),
  kind: literals(importKinds),
  format: literals(importFormats),
  encoding: literals(importEncodings),
  dry_run: Type.Boolean(),
  partial: Type.Boolean(),
  applied: Type.Boolean({ description: 'Whether rows were written' }),
  rows: Type.Object({
    read: Count('Data rows in the file, good or not'),
    created: Count('SKUs, stock rows or buffers new to the store (written, or that would be)'),
    updated: Count('Changed (written, or that would be)'),
    unchanged: Count('Already as the file says: nothing written'),
    refused: Count('Rows with an error: never written'),
  }),
  errors: Type.Array(ImportProblem, { description: 'By line; the first 1,000 when there are more' }),
  errors_total: Count('Every error, listed or not'),
  notes: Type.Array(Type.String(), {
    description: 'What was done and why, in words: the encoding the file was read in, what was written',
  }),
});
export type ImportReport = Static<typeof ImportReport>;

export const ImportProgress = Type.Object({
  phase: literals(importPhases),
  rows_done: Count('Rows read, checked or written in this phase'),
  rows_total: Nullable(Count('Rows of this phase; null while the file is read')),
  bytes_read: Count('Bytes of the file read'),
  bytes_total: Nullable(Count('The file’s size, when known')),
});
export type ImportProgress = Static<typeof ImportProgress>;

export const ImportJob = Type.Object({
  id: Type.String(),
  kind: literals(importKinds),
  format: literals(importFormats),
  dry_run: Type.Boolean(),
  partial: Type.Boolean(),
  status: {
    ...literals(importStatuses),
    description:
      '`running`; `done`: written (or, on a dry run, checked), rows refused left out when partial; `failed`: nothing written (rows refused, a file that cannot be read, or the job stopped: see `report` and `error`)',
  },
  progress: ImportProgress,
  report: Nullable(ImportReport),
  error: Nullable(Type.String({ description: 'Why the job stopped before its end' })),
  created_at: Instant,
  finished_at: Nullable(Instant),
});
export type ImportJob = Static<typeof ImportJob>;
