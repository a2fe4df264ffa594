/**
 * Imports sent to the API run as jobs in the background of the process that took them: its row is
 * written as it starts, its progress now and then while it reads and checks, and its end with the
 * report. The process running a job answers from memory; any other process from the row.
 */

import type { Selectable } from 'kysely';
import { type AppContext, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { ImportJobTable } from '../../platform/store/schema.js';
import type { ImportFormat, ImportKind } from '../core/import-rows.js';
import type { ImportJob, ImportProgress, ImportReport } from './contract.js';
import { type ImportRequest, runImport } from './imports.js';

export interface JobRequest extends Omit<ImportRequest, 'id'> {
  /** Runs once the job ended, whatever its end (a temporary file removed). */
  readonly cleanUp?: () => Promise<void>;
}

function jobOf(row: Selectable<ImportJobTable>, nowMs: number): ImportJob {
  const stale = row.status === 'running' && nowMs - row.updated_at > limits.importJobStaleMs;
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    format: row.format as ImportFormat,
    dry_run: row.dry_run === 1,
    partial: row.partial === 1,
    status: stale ? 'failed' : (row.status as ImportJob['status']),
    progress: {
      phase: row.phase as ImportProgress['phase'],
      rows_done: row.rows_done,
      rows_total: row.rows_total,
      bytes_read: row.bytes_read,
      bytes_total: row.bytes_total,
    },
    report: row.report === null ? null : (JSON.parse(row.report) as ImportReport),
    error: stale
      ? `No progress for ${limits.importJobStaleMs / 60_000} minutes: the process running it stopped, and nothing of it was written.`
      : row.error,
    created_at: toIso(row.created_at),
    finished_at: row.finished_at === null ? null : toIso(row.finished_at),
  };
}

export class ImportJobs {
  /** Jobs running in this process, as they are now. */
  private readonly running = new Map<string, { job: ImportJob; ended: Promise<void> }>();

  /** @param log where a job that fails past its own handling is told (the server's logger) */
  constructor(
    private readonly ctx: AppContext,
    private readonly log: (error: unknown, message: string) => void,
  ) {}

  /** Starts an import in the background; answers its job as it starts. */
  async start(request: JobRequest, apiKeyId: string): Promise<Result<ImportJob>> {
    if (this.running.size >= limits.importJobsRunningMax) {
      await request.cleanUp?.();
      return fail(
        'limit_reached',
        `${limits.importJobsRunningMax} imports are running in this process already: send this one once one has finished.`,
        { running: [...this.running.keys()] },
      );
    }
    const id = this.ctx.newId('imp');
    const now = this.ctx.clock.now();
    const progress: ImportProgress = {
      phase: 'reading',
      rows_done: 0,
      rows_total: null,
      bytes_read: 0,
      bytes_total: request.source.bytes,
    };
    await this.ctx.store.transaction((tx) =>
      tx.imports.insert({
        id,
        kind: request.kind,
        format: request.format,
        dry_run: request.dryRun ? 1 : 0,
        partial: request.partial ? 1 : 0,
        status: 'running',
        ...progress,
        report: null,
        error: null,
        api_key_id: apiKeyId,
        created_at: now,
        updated_at: now,
        finished_at: null,
      }),
    );
    const job: ImportJob = {
      id,
      kind: request.kind,
      format: request.format,
      dry_run: request.dryRun,
      partial: request.partial,
      status: 'running',
      progress,
      report: null,
      error: null,
      created_at: toIso(now),
      finished_at: null,
    };
    const ended = this.run(job, request)
      .finally(async () => {
        this.running.delete(id);
        await request.cleanUp?.();
      })
      .catch((error: unknown) => this.log(error, `import ${id} could not record its end`));
    this.running.set(id, { job, ended });
    return ok({ ...job });
  }

  private async run(job: ImportJob, request: JobRequest): Promise<void> {
    let writtenAtMs = this.ctx.clock.now();
    const end = async (status: 'done' | 'failed', report: ImportReport | null, error: string | null) => {
      const now = this.ctx.clock.now();
      Object.assign(job, { status, report, error, finished_at: toIso(now) });
      await this.ctx.store.transaction((tx) =>
        tx.imports.finish(
          job.id,
          { status, progress: job.progress, report: report === null ? null : JSON.stringify(report), error },
          now,
        ),
      );
    };
    try {
      const { report, failed } = await runImport(
        this.ctx,
        { ...request, id: job.id },
        {
          onProgress: (progress) => {
            job.progress = progress;
            const now = this.ctx.clock.now();
            if (now - writtenAtMs < limits.importProgressWriteIntervalMs) return;
            writtenAtMs = now;
            // Not awaited: on SQLite it waits for the import's own transaction to end, and a
            // progress that could not be written is not the import's failure.
            void this.ctx.store
              .transaction((tx) => tx.imports.progress(job.id, progress, now))
              .catch(() => undefined);
          },
          // A job whose rows are written is done in the same transaction: never one without the other.
          onWritten: async (tx, report) => {
            await tx.imports.finish(
              job.id,
              { status: 'done', progress: job.progress, report: JSON.stringify(report), error: null },
              this.ctx.clock.now(),
            );
          },
        },
      );
      if (report.applied)
        Object.assign(job, { status: 'done', report, finished_at: toIso(this.ctx.clock.now()) });
      else await end(failed ? 'failed' : 'done', report, null);
    } catch (error) {
      await end(
        'failed',
        null,
        `The import stopped, and nothing of it was written: ${(error as Error).message}`,
      );
    }
  }

  /** A job as it is now: from memory if it runs here, else from its row. */
  async get(id: string): Promise<Result<ImportJob>> {
    const here = this.running.get(id);
    if (here !== undefined) return ok({ ...here.job });
    const row = await this.ctx.store.read.imports.get(id);
    return row === undefined ? notFound('import', id) : ok(jobOf(row, this.ctx.clock.now()));
  }

  /** Waits for every job running here to end: the server closes after them, not under them. */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((entry) => entry.ended));
  }
}
