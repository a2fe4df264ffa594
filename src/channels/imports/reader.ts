/**
 * Reads an import file as a stream, never whole: its bytes decoded, its rows parsed and checked one
 * by one (the pure rules of `core/import-rows.ts`), and rows given twice found. What it keeps is the
 * well-formed rows with their line, for the use case to check against the store and write.
 *
 * Encoding: UTF-8, with or without its BOM; UTF-16 with its BOM; a file that is not valid UTF-8 is
 * read again, whole, as Windows-1252 (the Latin-1 of spreadsheets saved on Windows and older Macs),
 * and the report says so. Line ends: LF, CRLF or CR. CSV (csv-parse) takes `,`, `;` or a tab between
 * values, whichever the header line uses most; JSON Lines takes one object a line.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { CsvError, parse } from 'csv-parse';
import { limits } from '../../platform/core/limits.js';
import {
  type Column,
  DuplicateRows,
  type ImportFormat,
  type ImportKind,
  ImportProblems,
  type RowOf,
  type RowRead,
  readCsvHeader,
  readCsvRow,
  readJsonRow,
  rowKey,
} from '../core/import-rows.js';
import type { importEncodings } from './contract.js';

/** Where an import's bytes come from: opened again if the file must be read a second time. */
export interface ImportSource {
  open(): Readable;
  /** Its size, when known: how far reading is. */
  readonly bytes: number | null;
}

/** A text already decoded (a JSON body's `content`) as a source of UTF-8 bytes, a slice at a time. */
export function textSource(text: string): ImportSource {
  const sliceChars = 64 * 1024;
  return {
    bytes: Buffer.byteLength(text),
    open: () =>
      Readable.from(
        (function* () {
          let start = 0;
          while (start < text.length) {
            let end = Math.min(start + sliceChars, text.length);
            // A slice never ends between the two halves of a character outside the BMP.
            if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end += 1;
            yield Buffer.from(text.slice(start, end));
            start = end;
          }
        })(),
      ),
  };
}

export type Encoding = (typeof importEncodings)[number];

export interface FileRows<K extends ImportKind> {
  readonly encoding: Encoding;
  /** Rows read whole and well formed, with their line, in file order. */
  readonly rows: { readonly row: RowOf[K]; readonly line: number }[];
  /** Indexes into `rows` of those given twice: refused. */
  readonly duplicates: ReadonlySet<number>;
  /** Data rows read, well formed or not. */
  readonly rowsRead: number;
  /** Rows refused while reading: malformed, or given twice. */
  readonly rowsRefused: number;
  /** The file could not be read to its end, or its header is wrong: nothing of it may be written. */
  readonly unreadable: boolean;
  /** Every problem found so far, by line and field; the use case adds those the store finds. */
  readonly problems: ImportProblems;
}

/** Thrown by the decoder at the first byte that is not UTF-8: the file is read again as Windows-1252. */
class NotUtf8 extends Error {}

/** Thrown to stop reading: the problem is told already. */
class StopReading extends Error {}

/**
 * Text of the source, decoded, with every line end made LF (csv-parse counts a CRLF inside quotes
 * as two lines, and a lone CR as none).
 */
async function* decodedText(
  source: ImportSource,
  fallback: boolean,
  found: (encoding: Encoding) => void,
  counted: (bytes: number) => void,
  notUtf8: () => void,
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let start = Buffer.alloc(0);
  // A CR ending one chunk may be the first half of a CRLF.
  let heldCr = false;
  const decode = (bytes: Uint8Array | undefined) => {
    let text: string;
    try {
      text = bytes === undefined ? decoder!.decode() : decoder!.decode(bytes, { stream: true });
    } catch {
      notUtf8();
      throw new NotUtf8();
    }
    if (heldCr) text = `\r${text}`;
    heldCr = bytes !== undefined && text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  };
  const choose = (first: Buffer) => {
    const [a, b, c] = first;
    const utf8Bom = a === 0xef && b === 0xbb && c === 0xbf;
    const encoding: Encoding = fallback
      ? 'windows-1252'
      : a === 0xff && b === 0xfe
        ? 'utf-16le'
        : a === 0xfe && b === 0xff
          ? 'utf-16be'
          : 'utf-8';
    found(encoding);
    // The UTF-8 and UTF-16 decoders drop their BOM; read as Windows-1252 it would be three letters.
    decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    return fallback && utf8Bom ? first.subarray(3) : first;
  };
  for await (const chunk of source.open()) {
    const bytes = chunk as Buffer;
    counted(bytes.length);
    if (decoder === undefined) {
      start = Buffer.concat([start, bytes]);
      if (start.length < 3) continue;
      yield decode(choose(start));
    } else {
      yield decode(bytes);
    }
  }
  if (decoder === undefined) yield decode(choose(start));
  yield decode(undefined);
}

/**
 * A whole file's text, decoded as an import file is (its BOM, UTF-16, Windows-1252 when it is not
 * UTF-8), line ends made LF: for files small enough to hold, as order files are.
 */
export async function decodeWhole(source: ImportSource): Promise<{ text: string; encoding: Encoding }> {
  for (const fallback of [false, true]) {
    let encoding: Encoding = 'utf-8';
    const parts: string[] = [];
    try {
      const found = (chosen: Encoding) => {
        encoding = chosen;
      };
      for await (const text of decodedText(
        source,
        fallback,
        found,
        () => {},
        () => {},
      ))
        parts.push(text);
      return { text: parts.join(''), encoding };
    } catch (error) {
      if (!(error instanceof NotUtf8)) throw error;
    }
  }
  throw new Error('a file read as Windows-1252 cannot fail to decode');
}

/** The separator the header line uses most: `,`, `;` (spreadsheets in French and other locales) or a tab. */
export function separatorOf(headerLine: string): string {
  const counts = [',', ';', '\t'].map((separator) => ({
    separator,
    count: headerLine.split(separator).length - 1,
  }));
  return counts.reduce((best, next) => (next.count > best.count ? next : best)).separator;
}

/** The text's iterator with its first line read ahead (for the separator), then the rest. */
async function firstLineAhead(
  text: AsyncGenerator<string>,
): Promise<{ firstLine: string; text: AsyncIterable<string> }> {
  let ahead = '';
  let done = false;
  // A first line longer than any row is no header: the parser tells so.
  while (!ahead.includes('\n') && !done && ahead.length <= limits.importLineCharsMax) {
    const next = await text.next();
    if (next.done) done = true;
    else ahead += next.value;
  }
  const firstLine = ahead.slice(0, ahead.includes('\n') ? ahead.indexOf('\n') : undefined);
  return {
    firstLine,
    text: (async function* () {
      yield ahead;
      if (!done) yield* text;
    })(),
  };
}

/** What the reading keeps while it goes: the rows, their duplicates and counts. */
class Collected<K extends ImportKind> {
  readonly rows: { row: RowOf[K]; line: number }[] = [];
  readonly duplicates = new Set<number>();
  private readonly seen = new DuplicateRows();
  rowsRead = 0;
  rowsRefused = 0;

  constructor(
    private readonly kind: K,
    private readonly problems: ImportProblems,
  ) {}

  /** One data row read: kept, or refused with its problems; past the most rows an import takes, reading stops. */
  take(read: RowRead<K>, line: number): void {
    this.rowsRead += 1;
    if (this.rowsRead > limits.importRowsMax) {
      this.problems.add({
        line,
        field: 'file',
        message: `More than ${limits.importRowsMax.toLocaleString('en-US')} rows: split the file, and import each part.`,
      });
      throw new StopReading();
    }
    if (!read.ok) {
      this.rowsRefused += 1;
      this.problems.add(...read.problems);
      return;
    }
    const index = this.rows.length;
    this.rows.push({ row: read.row, line });
    const twice = this.seen.see(rowKey(this.kind, read.row), line, index);
    if (twice.problems.length === 0) return;
    this.problems.add(...twice.problems);
    this.duplicates.add(index);
    this.rowsRefused += 1;
    if (twice.earlierIndex !== undefined) {
      this.duplicates.add(twice.earlierIndex);
      this.rowsRefused += 1;
    }
  }
}

async function readCsv<K extends ImportKind>(
  kind: K,
  text: AsyncGenerator<string>,
  collected: Collected<K>,
  problems: ImportProblems,
) {
  const { firstLine, text: all } = await firstLineAhead(text);
  let columns: readonly Column[] | undefined;
  const parser = parse({
    delimiter: separatorOf(firstLine),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: limits.importLineCharsMax,
  });
  // The pipeline may reject with the abort its own stop caused: what stopped it is kept here.
  let stopped: StopReading | undefined;
  try {
    await pipeline(
      Readable.from(all),
      parser,
      async (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) => {
        for await (const { record, info } of records) {
          if (columns === undefined) {
            const header = readCsvHeader(kind, record);
            if (!header.ok) {
              problems.add(...header.problems);
              stopped = new StopReading();
              throw stopped;
            }
            columns = header.columns;
            continue;
          }
          // Spreadsheets save rows left empty as separators alone.
          if (record.every((cell) => cell.trim() === '')) continue;
          try {
            collected.take(readCsvRow(kind, columns, record, info.lines), info.lines);
          } catch (error) {
            if (error instanceof StopReading) stopped = error;
            throw error;
          }
        }
      },
    );
  } catch (error) {
    throw stopped ?? error;
  }
  if (columns === undefined) {
    problems.add({
      line: 1,
      field: 'file',
      message: `The file is empty: a ${kind} file starts with its header.`,
    });
    throw new StopReading();
  }
}

async function readJsonLines<K extends ImportKind>(
  kind: K,
  text: AsyncGenerator<string>,
  collected: Collected<K>,
  problems: ImportProblems,
) {
  let pending = '';
  let line = 0;
  const readLine = (content: string) => {
    line += 1;
    if (content.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      collected.take(
        { ok: false, problems: [{ line, field: 'row', message: `Not JSON: ${(error as Error).message}.` }] },
        line,
      );
      return;
    }
    collected.take(readJsonRow(kind, value, line), line);
  };
  for await (const chunk of text) {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const content of lines) readLine(content);
    if (pending.length > limits.importLineCharsMax) {
      problems.add({
        line: line + 1,
        field: 'row',
        message: `A line of more than ${limits.importLineCharsMax.toLocaleString('en-US')} characters is not a row: is this file JSON Lines?`,
      });
      throw new StopReading();
    }
  }
  readLine(pending);
}

/**
 * Reads the whole file, every row checked by itself; what needs the store is checked after. A file
 * that turns out not to be UTF-8 is read again from its start as Windows-1252.
 */
export async function readImportFile<K extends ImportKind>(
  kind: K,
  format: ImportFormat,
  source: ImportSource,
  onProgress?: (bytesRead: number, rowsRead: number) => void,
): Promise<FileRows<K>> {
  for (const fallback of [false, true]) {
    const problems = new ImportProblems(limits.importErrorsListedMax);
    const collected = new Collected(kind, problems);
    let encoding: Encoding = 'utf-8';
    let bytesRead = 0;
    // Told by the decoder itself: the error that reaches here may be a stream's abort instead.
    let notUtf8 = false;
    const text = decodedText(
      source,
      fallback,
      (found) => {
        encoding = found;
      },
      (bytes) => {
        bytesRead += bytes;
        onProgress?.(bytesRead, collected.rowsRead);
      },
      () => {
        notUtf8 = true;
      },
    );
    let unreadable = false;
    try {
      if (format === 'csv') await readCsv(kind, text, collected, problems);
      else await readJsonLines(kind, text, collected, problems);
    } catch (error) {
      if (notUtf8 && !fallback) continue;
      if (error instanceof CsvError) {
        const line = (error as CsvError & { lines?: number }).lines ?? collected.rowsRead + 1;
        problems.add({
          line,
          field: 'file',
          message: `${error.message}: the rest of the file cannot be read.`,
        });
      } else if (!(error instanceof StopReading)) {
        throw error;
      }
      unreadable = true;
    }
    return {
      encoding,
      rows: collected.rows,
      duplicates: collected.duplicates,
      rowsRead: collected.rowsRead,
      rowsRefused: collected.rowsRefused,
      unreadable,
      problems,
    };
  }
  throw new Error('unreachable: the Windows-1252 reading decodes every byte');
}
