/** Import jobs: each import sent to the API, how far it got, and its report once finished. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, ImportJobTable } from '../../platform/store/schema.js';

export interface JobProgressRow {
  readonly phase: string;
  readonly rows_done: number;
  readonly rows_total: number | null;
  readonly bytes_read: number;
  readonly bytes_total: number | null;
}

export class ImportRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<ImportJobTable>): Promise<void> {
    await this.db.insertInto('import_jobs').values(row).execute();
  }

  /** Moves a running job's progress; a job already finished keeps its end. */
  async progress(id: string, progress: JobProgressRow, now: number): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({ ...progress, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async finish(
    id: string,
    end: { status: 'done' | 'failed'; progress: JobProgressRow; report: string | null; error: string | null },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({
        ...end.progress,
        status: end.status,
        report: end.report,
        error: end.error,
        updated_at: now,
        finished_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  get(id: string) {
    return this.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly imports: ImportRepo;
  }
}
