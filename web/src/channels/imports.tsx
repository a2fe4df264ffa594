/**
 * Imports: the catalogue, stock counts or channel buffers from a file picked on the page and sent as
 * itself (the browser streams it; the page never reads it), followed as a job to its end with a
 * progress bar, then its report: what was written (or, dry, would be), the notes, the encoding and
 * every error by line and field. The session's last jobs stay listed, each a click from its report.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type {
  ImportFormat,
  ImportKind,
  importFormats,
  importKinds,
} from '../../../src/channels/core/import-rows.js';
import type { ImportJob, ImportReport } from '../../../src/channels/imports/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import { ApiError, api, authorization, errorOf, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { Link } from '../components/link.js';
import { dateTime, figure } from '../format.js';
import { navigate } from '../router.js';
import { currentKey, signOut } from '../session.js';

/** How often a running job is asked how far it is: a bar that moves, two small reads a second. */
const jobPollIntervalMs = 500;
/** Jobs of the session kept listed, newest first: the last few reports a click away, no more held. */
const jobsListedMax = 10;
/** The server's largest upload, copied: a larger file is refused here, before its bytes are sent. */
const uploadBytesMax: (typeof serverLimits)['importBodyBytesMax'] = 64 * 1024 * 1024;
/** The server's kinds and formats, copied: typed by its tables, so a copy that differs does not compile. */
const kindList: typeof importKinds = ['catalog', 'stock', 'buffers'];
const formatList: typeof importFormats = ['csv', 'jsonl'];

const formatLabels: Record<ImportFormat, string> = { csv: 'CSV', jsonl: 'JSON Lines' };
/** The media type each format is sent as (the route reads the format from the query all the same). */
const mediaTypes: Record<ImportFormat, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson' };
const encodingLabels: Record<ImportReport['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Latin-1)',
};
const phaseLabels: Record<ImportJob['progress']['phase'], string> = {
  reading: 'Reading the file',
  checking: 'Checking the rows against the store',
  writing: 'Writing the rows',
};

/** What each kind takes, as the route's description says it. */
const kindGuides: Record<
  ImportKind,
  { label: string; required: string[]; optional: string[]; says: string; example: string }
> = {
  catalog: {
    label: 'Catalogue',
    required: ['sku', 'name'],
    optional: [
      'weight_g',
      'length_mm',
      'width_mm',
      'height_mm',
      'gtin',
      'tax_class',
      'perishable',
      'price:<channel>',
    ],
    says: 'A SKU a row, created or updated. A column left out leaves that field as stored; an empty cell clears it (an empty price stops selling the SKU on that channel). Prices are in minor units: 1999 for 19.99; in JSON Lines, "prices": {"web": 1999}.',
    example: 'sku,name,weight_g,price:web\nMUG-GREY,Grey mug,300,1500',
  },
  stock: {
    label: 'Stock counts',
    required: ['sku', 'location', 'on_hand'],
    optional: [],
    says: 'The units counted: on hand becomes the count, an adjustment with reason counted in the ledger. A count below the units reserved there for orders and holds is refused: it would oversell.',
    example: 'sku,location,on_hand\nMUG-GREY,paris,24',
  },
  buffers: {
    label: 'Channel buffers',
    required: ['channel', 'sku', 'buffer'],
    optional: [],
    says: 'The units of a SKU the channel may not sell.',
    example: 'channel,sku,buffer\nmarketplace,MUG-GREY,2',
  },
};

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A file's size the way a person reads it: "812 B", "12.3 KiB", "50 MiB". */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KiB`;
  return `${sizeFormat.format(bytes / 1024 / 1024)} MiB`;
}

function plural(count: number, one: string, many: string): string {
  return `${figure(count)} ${count === 1 ? one : many}`;
}

/** The format a file's name says: JSON Lines for .jsonl and .ndjson, CSV otherwise. */
function formatOfName(name: string): ImportFormat {
  return /\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : 'csv';
}

function jobPath(id: string): string {
  return `/v1/imports/${encodeURIComponent(id)}`;
}

function reportPage(id: string): string {
  return `/imports${query({ job: id })}`;
}

// The session's imports live here, outside the page: leaving the page and coming back keeps them,
// and a job keeps being followed to its end.

interface Followed {
  readonly job: ImportJob;
  /** The file's name, or null for a job opened from its id (a link, a reload). */
  readonly fileName: string | null;
  /** Why following it stopped, when it did before its end. */
  readonly error?: Error;
}

interface Sending {
  readonly fileName: string;
  readonly bytesSent: number;
  readonly bytesTotal: number;
}

interface ImportsState {
  /** The key the jobs were started with: another key signed in starts another session. */
  readonly key: string | null;
  readonly sending: Sending | null;
  readonly sendError: Error | null;
  readonly followed: readonly Followed[];
}

let state: ImportsState = { key: null, sending: null, sendError: null, followed: [] };
const listeners = new Set<() => void>();
/** Ids of the jobs being polled now: one poll loop a job. */
const polled = new Set<string>();

function current(): ImportsState {
  const key = currentKey();
  if (state.key !== key) state = { key, sending: null, sendError: null, followed: [] };
  return state;
}

function change(next: Partial<ImportsState>): void {
  state = { ...current(), ...next };
  for (const listener of listeners) listener();
}

function entryOf(id: string): Followed | undefined {
  return current().followed.find((entry) => entry.job.id === id);
}

/** Lists a job first if new (the oldest beyond the maximum dropped), or updates it in its place. */
function keep(job: ImportJob, fileName: string | null): void {
  const followed = current().followed;
  if (followed.some((entry) => entry.job.id === job.id))
    change({ followed: followed.map((entry) => (entry.job.id === job.id ? { ...entry, job } : entry)) });
  else change({ followed: [{ job, fileName }, ...followed].slice(0, jobsListedMax) });
}

function setFollowError(id: string, error: Error | undefined): void {
  change({
    followed: current().followed.map((entry) => (entry.job.id === id ? { ...entry, error } : entry)),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls a job until it ends (or leaves the list, or a read fails: the error is kept on its entry). */
async function follow(id: string): Promise<void> {
  if (polled.has(id)) return;
  polled.add(id);
  try {
    for (;;) {
      const entry = entryOf(id);
      if (entry === undefined || entry.job.status !== 'running') return;
      await sleep(jobPollIntervalMs);
      const job = await api<ImportJob>('GET', jobPath(id));
      if (entryOf(id) === undefined) return;
      keep(job, null);
      if (entryOf(id)?.error !== undefined) setFollowError(id, undefined);
    }
  } catch (failure) {
    setFollowError(id, failure instanceof Error ? failure : new Error(String(failure)));
  } finally {
    polled.delete(id);
  }
}

/** The session's imports, re-rendering on each change. */
function useImports(): ImportsState {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const changed = () => setVersion((version) => version + 1);
    listeners.add(changed);
    return () => {
      listeners.delete(changed);
    };
  }, []);
  return current();
}

interface UploadChoice {
  readonly file: File;
  readonly kind: ImportKind;
  readonly format: ImportFormat;
  readonly dryRun: boolean;
  readonly partial: boolean;
}

/**
 * Sends the file as the request's body, the browser reading it from disk as it goes (a 50 MB file is
 * never a string here), with its upload's progress; answers the job started (202).
 */
function sendFile(choice: UploadChoice, onProgress: (bytesSent: number) => void): Promise<ImportJob> {
  const key = currentKey();
  if (key === null)
    return Promise.reject(new ApiError(401, 'unauthorized', 'Sign in with an admin key first.'));
  const path = `/v1/imports/file${query({
    kind: choice.kind,
    format: choice.format,
    dry_run: choice.dryRun ? 'true' : null,
    partial: choice.partial ? 'true' : null,
  })}`;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    for (const [name, value] of Object.entries(authorization(key))) request.setRequestHeader(name, value);
    request.setRequestHeader('content-type', mediaTypes[choice.format]);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onerror = () =>
      reject(new Error(`${choice.file.name} could not be sent: the connection to the server failed.`));
    request.onload = async () => {
      if (request.status === 202) {
        resolve(JSON.parse(request.responseText) as ImportJob);
        return;
      }
      if (request.status < 400) {
        reject(new Error(`The server answered ${request.status} ${request.statusText}.`));
        return;
      }
      const error = await errorOf(
        new Response(request.responseText, { status: request.status, statusText: request.statusText }),
      );
      if (request.status === 401 && key === currentKey()) signOut(error.message);
      reject(error);
    };
    request.send(choice.file);
  });
}

/** Sends a file, then lists its job, shows its report and follows it. */
async function startImport(choice: UploadChoice): Promise<boolean> {
  const { file } = choice;
  if (file.size > uploadBytesMax) {
    change({
      sendError: new Error(
        `${file.name} is ${size(file.size)}; an import file is at most ${size(uploadBytesMax)}: split it.`,
      ),
    });
    return false;
  }
  change({ sending: { fileName: file.name, bytesSent: 0, bytesTotal: file.size }, sendError: null });
  try {
    const job = await sendFile(choice, (bytesSent) =>
      change({ sending: { fileName: file.name, bytesSent, bytesTotal: file.size } }),
    );
    change({ sending: null });
    keep(job, file.name);
    navigate(reportPage(job.id));
    void follow(job.id);
    return true;
  } catch (failure) {
    change({ sending: null, sendError: failure instanceof Error ? failure : new Error(String(failure)) });
    return false;
  }
}

function KindGuide({ kind, id }: { kind: ImportKind; id: string }) {
  const guide = kindGuides[kind];
  return (
    <div id={id} class="muted" data-kind-guide={kind}>
      <p>
        Columns:{' '}
        {guide.required.map((column) => (
          <code key={column}>{column} </code>
        ))}
        {guide.optional.length > 0 && (
          <>
            and any of{' '}
            {guide.optional.map((column) => (
              <code key={column}>{column} </code>
            ))}
          </>
        )}
      </p>
      <p>{guide.says}</p>
      <p>
        For example: <code class="payload">{guide.example}</code>
      </p>
    </div>
  );
}

function SendingProgress({ sending }: { sending: Sending }) {
  const id = useId();
  return (
    <div class="field" data-sending>
      <label for={id}>
        Sending {sending.fileName}: {size(sending.bytesSent)} of {size(sending.bytesTotal)}
      </label>
      <progress
        id={id}
        max={Math.max(1, sending.bytesTotal)}
        value={sending.bytesSent}
        style={{ width: '100%' }}
      />
    </div>
  );
}

function UploadForm({ sending, sendError }: { sending: Sending | null; sendError: Error | null }) {
  const [kind, setKind] = useState<ImportKind>('catalog');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [dryRun, setDryRun] = useState(false);
  const [partial, setPartial] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const guideId = useId();
  const kindGroup = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (file === null || sending !== null) return;
    if (await startImport({ file, kind, format, dryRun, partial })) {
      // The next import is of another file, or of this one fixed: picked again.
      setFile(null);
      if (fileInput.current !== null) fileInput.current.value = '';
    }
  };
  return (
    <div class="card">
      <h2 id={headingId}>New import</h2>
      <form class="stacked-form" aria-labelledby={headingId} onSubmit={submit}>
        <fieldset class="checks" aria-describedby={guideId}>
          <legend>The file holds</legend>
          {kindList.map((each) => (
            <label key={each}>
              <input
                type="radio"
                name={kindGroup}
                value={each}
                checked={kind === each}
                onChange={() => setKind(each)}
              />{' '}
              {kindGuides[each].label}
            </label>
          ))}
        </fieldset>
        <KindGuide kind={kind} id={guideId} />
        <Field label="File">
          <input
            ref={fileInput}
            type="file"
            required
            accept=".csv,.tsv,.txt,.jsonl,.ndjson,text/csv,text/plain,application/x-ndjson"
            onChange={(event) => {
              const picked = (event.currentTarget as HTMLInputElement).files?.[0] ?? null;
              setFile(picked);
              if (picked !== null) setFormat(formatOfName(picked.name));
            }}
          />
        </Field>
        {file !== null && (
          <p class="muted" data-file-picked>
            {file.name}, {size(file.size)}
            {file.size > uploadBytesMax &&
              ` (more than the ${size(uploadBytesMax)} an import takes: split it)`}
          </p>
        )}
        <Field label="Format">
          <select value={format} onChange={(event) => setFormat(inputValue(event) as ImportFormat)}>
            {formatList.map((each) => (
              <option key={each} value={each}>
                {formatLabels[each]}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="checks">
          <legend>Options</legend>
          <label>
            <input
              type="checkbox"
              checked={dryRun}
              onChange={(event) => setDryRun((event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            Dry run: check every row, write nothing
          </label>
          <label>
            <input
              type="checkbox"
              checked={partial}
              onChange={(event) => setPartial((event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            Partial: write the good rows, leave out those refused
          </label>
        </fieldset>
        <p class="muted">
          CSV values are separated by <code>,</code> <code>;</code> or a tab, as the header is; UTF-8, or
          Windows-1252 as spreadsheets save it (the report says which). All or nothing: with any row refused
          nothing is written, unless partial. Up to {size(uploadBytesMax)}.
        </p>
        <button type="submit" class="primary" disabled={sending !== null || file === null}>
          {dryRun ? 'Check the file' : 'Import'}
        </button>
      </form>
      {sending !== null && <SendingProgress sending={sending} />}
      <ErrorNote error={sendError} />
    </div>
  );
}

/** How far a job is: bytes while the file is read, rows while they are checked and written. */
function progressOf(job: ImportJob): { label: string; value: number | undefined; max: number } {
  const { phase, rows_done, rows_total, bytes_read, bytes_total } = job.progress;
  if (job.status === 'done') return { label: 'Finished', value: 1, max: 1 };
  if (job.status === 'failed')
    return job.report === null
      ? { label: 'Stopped', value: 0, max: 1 }
      : { label: 'Finished: nothing written', value: 1, max: 1 };
  const step = phaseLabels[phase];
  if (phase === 'reading')
    return bytes_total === null || bytes_total === 0
      ? { label: `${step}: ${plural(rows_done, 'row', 'rows')}`, value: undefined, max: 1 }
      : {
          label: `${step}: ${size(bytes_read)} of ${size(bytes_total)}, ${plural(rows_done, 'row', 'rows')}`,
          value: bytes_read,
          max: bytes_total,
        };
  return rows_total === null || rows_total === 0
    ? { label: `${step}: ${plural(rows_done, 'row', 'rows')}`, value: undefined, max: 1 }
    : {
        label: `${step}: ${figure(rows_done)} of ${plural(rows_total, 'row', 'rows')}`,
        value: rows_done,
        max: rows_total,
      };
}

function JobProgress({ job }: { job: ImportJob }) {
  const id = useId();
  const progress = progressOf(job);
  return (
    <div class="field" data-progress>
      <label for={id}>{progress.label}</label>
      {/* Remounted when it turns indeterminate: a value once set is never taken off an element. */}
      <progress
        key={progress.value === undefined ? 'unknown' : 'known'}
        id={id}
        max={progress.max}
        value={progress.value}
        style={{ width: '100%' }}
      />
    </div>
  );
}

/** Shows as a block: an output is inline of itself. */
const block = { display: 'block' } as const;

/**
 * The one line that says what became of the store. Always the same live region, there from the
 * job's start, so that a screen reader tells its end as it comes.
 */
function Outcome({ job }: { job: ImportJob }) {
  const report = job.report;
  if (job.status === 'running')
    return (
      <output class="muted" style={block}>
        The report follows once the import has ended.
      </output>
    );
  if (report === null)
    return (
      <output class="error-note" style={block} data-outcome="nothing">
        <strong>Nothing was written.</strong> {job.error}
      </output>
    );
  const { created, updated, refused } = report.rows;
  const written = created + updated;
  const rows = (count: number) => plural(count, 'row', 'rows');
  if (report.dry_run)
    return (
      <output class="notice" data-outcome="dry-run">
        <strong>Dry run: nothing written.</strong>{' '}
        {refused === 0
          ? `An import would write ${rows(written)}.`
          : report.partial
            ? `An import would write ${rows(written)} and leave out the ${rows(refused)} refused.`
            : `An import would write nothing: ${rows(refused)} refused.`}
      </output>
    );
  if (report.applied)
    return (
      <output class="notice" data-outcome="written" style={{ borderLeftColor: 'var(--green)' }}>
        <strong>{rows(written)} written.</strong>
        {refused > 0 && ` ${rows(refused)} refused, left out.`}
        {report.rows.unchanged > 0 && ` ${plural(report.rows.unchanged, 'row was', 'rows were')} already so.`}
      </output>
    );
  // What to do next is in the report's notes, just below.
  return (
    <output class="error-note" style={block} data-outcome="nothing">
      <strong>Nothing was written</strong>
      {refused > 0 ? `: ${rows(refused)} refused.` : ': the file cannot be imported as it is.'}
    </output>
  );
}

function Counts({ report }: { report: ImportReport }) {
  const tiles: [keyof ImportReport['rows'], string][] = [
    ['read', 'Read'],
    ['created', 'Created'],
    ['updated', 'Updated'],
    ['unchanged', 'Unchanged'],
    ['refused', 'Refused'],
  ];
  return (
    <>
      <div class="tiles">
        {tiles.map(([name, title]) => (
          <div
            key={name}
            class={`tile ${name === 'refused' && report.rows.refused > 0 ? 'tone-bad' : ''}`}
            data-count={name}
          >
            <h3>{title}</h3>
            <output class="tile-value">{figure(report.rows[name])}</output>
          </div>
        ))}
      </div>
      {!report.applied && (
        <p class="muted">Nothing was written: created, updated and unchanged say what an import would do.</p>
      )}
    </>
  );
}

function Errors({ report }: { report: ImportReport }) {
  if (report.errors_total === 0) return null;
  const more = report.errors_total - report.errors.length;
  return (
    <>
      <table class="rows" data-errors>
        <caption class="muted" style={{ textAlign: 'left' }}>
          {plural(report.errors_total, 'error', 'errors')}, by line (the header is line 1)
        </caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Line
            </th>
            <th scope="col">Field</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {report.errors.map((problem, index) => (
            <tr key={`${problem.line}/${problem.field}/${index}`}>
              <td class="num">{problem.line}</td>
              <td>
                <code>{problem.field}</code>
              </td>
              <td class="bad">{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && (
        <p data-errors-more>
          …and {plural(more, 'more error', 'more errors')}, not listed: fix these and import again to see
          them.
        </p>
      )}
    </>
  );
}

function optionsOf(job: ImportJob): string {
  const options = [job.dry_run && 'dry run', job.partial && 'partial'].filter(Boolean);
  return options.length === 0 ? 'all or nothing' : options.join(', ');
}

function JobReport({ entry }: { entry: Followed }) {
  const { job } = entry;
  const report = job.report;
  return (
    <div class="card" data-import={job.id}>
      <h2>
        {kindGuides[job.kind].label} from {entry.fileName ?? job.id}
        <span class="status">{statusOf(job)}</span>
      </h2>
      <JobProgress job={job} />
      {entry.error !== undefined && (
        <>
          <ErrorNote error={entry.error} />
          <button type="button" class="secondary" onClick={() => void follow(job.id)}>
            Ask again
          </button>
        </>
      )}
      <Outcome job={job} />
      {report !== null && (
        <>
          <Counts report={report} />
          <dl class="facts" style={{ marginTop: '1rem' }}>
            <dt>Import</dt>
            <dd>
              <code>{job.id}</code>
            </dd>
            <dt>Format</dt>
            <dd>{formatLabels[report.format]}</dd>
            <dt>Encoding</dt>
            <dd data-encoding>{encodingLabels[report.encoding]}</dd>
            <dt>Options</dt>
            <dd>{optionsOf(job)}</dd>
            <dt>Started</dt>
            <dd>{dateTime(job.created_at)}</dd>
            <dt>Finished</dt>
            <dd>{dateTime(job.finished_at)}</dd>
          </dl>
          {report.notes.length > 0 && (
            <>
              <h3>Notes</h3>
              <ul data-notes>
                {report.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </>
          )}
          <Errors report={report} />
        </>
      )}
    </div>
  );
}

function statusOf(job: ImportJob): string {
  if (job.status === 'running') return 'running';
  if (job.status === 'failed') return 'failed';
  return job.dry_run ? 'checked' : 'done';
}

/** What a listed job did, in a few words. */
function summaryOf(job: ImportJob): string {
  const report = job.report;
  if (job.status === 'running') return progressOf(job).label;
  if (report === null) return job.error ?? 'stopped';
  const { read, created, updated, refused } = report.rows;
  const written = report.applied ? `${figure(created + updated)} written` : 'nothing written';
  return `${plural(read, 'row', 'rows')} read, ${written}${refused > 0 ? `, ${figure(refused)} refused` : ''}`;
}

function RecentJobs({ followed, shownId }: { followed: readonly Followed[]; shownId: string | null }) {
  return (
    <div class="card">
      <h2>This session’s imports</h2>
      {followed.length === 0 ? (
        <p class="empty">No import yet in this session.</p>
      ) : (
        <table class="rows">
          <caption class="muted" style={{ textAlign: 'left' }}>
            The last {jobsListedMax} at most, newest first, kept while this tab is open
          </caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {followed.map(({ job, fileName }) => (
              <tr
                key={job.id}
                data-listed-import={job.id}
                aria-current={job.id === shownId ? 'true' : undefined}
              >
                <td class="wrap">
                  <Link to={reportPage(job.id)}>{fileName ?? job.id}</Link>
                </td>
                <td>{kindGuides[job.kind].label}</td>
                <td>{dateTime(job.created_at)}</td>
                <td>
                  <span class="status">{statusOf(job)}</span>
                </td>
                <td>{summaryOf(job)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A job shown by its id that the session does not hold (a reload, a shared link): read, then followed. */
function useShownJob(id: string | null): Error | undefined {
  const [error, setError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    setError(undefined);
    if (id === null || entryOf(id) !== undefined) return;
    let still = true;
    api<ImportJob>('GET', jobPath(id)).then(
      (job) => {
        if (!still) return;
        keep(job, null);
        void follow(job.id);
      },
      (failure: Error) => {
        if (still) setError(failure);
      },
    );
    return () => {
      still = false;
    };
  }, [id]);
  return error;
}

export function ImportsPage({ search }: { search: URLSearchParams }) {
  const imports = useImports();
  const shownId = search.get('job');
  const shownError = useShownJob(shownId);
  // Jobs left running while the page was closed, or whose reading failed: followed again.
  useEffect(() => {
    for (const entry of current().followed) if (entry.job.status === 'running') void follow(entry.job.id);
  }, []);
  const shown = shownId === null ? undefined : imports.followed.find((entry) => entry.job.id === shownId);
  return (
    <section>
      <h1>Imports</h1>
      <p class="muted">
        The catalogue, stock counts or channel buffers from a CSV or JSON Lines file: every row checked, each
        error named by line and field, then written in one go, with each change’s event and an entry in the
        audit log. Follow an import here, or through <code>GET /v1/imports/{'{id}'}</code>.
      </p>
      <UploadForm sending={imports.sending} sendError={imports.sendError} />
      <ErrorNote error={shownError} />
      {shown !== undefined && <JobReport entry={shown} />}
      {shownId !== null && shown === undefined && shownError === undefined && (
        <p class="empty">Reading the import…</p>
      )}
      <RecentJobs followed={imports.followed} shownId={shownId} />
    </section>
  );
}
