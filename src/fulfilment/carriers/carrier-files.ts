/**
 * A carriers import read from its two CSV files: `limits.csv`, one service per row (its weight and
 * size limits, its transit time), and `rates.csv`, one weight band of a price card per row. Every row
 * is checked and every error named by file, line and field in one go; money and sizes become exact
 * integers (cents from the digits, never through a float; centimetres × 10 to millimetres).
 *
 * How a rate row finds the service it prices, the two files naming services each in their own way:
 * 1. the service of the same carrier with the same code;
 * 2. else the one service of that carrier whose code starts with the rate's code and `_`: the shared
 *    data prices Colissimo `point_retrait` and limits `point_retrait_relais`, one service;
 * 3. else the row is not imported, with a warning: no service has limits for it, or the prefix fits
 *    several (Colissimo `domicile`: with or without signature?) and the file must name one in full.
 */
import { parse } from 'csv-parse/sync';
import { limits } from '../../platform/core/limits.js';
import type { SizeFormula } from '../core/carrier-choice.js';
import { workingDaysToAddMax } from '../core/working-days.js';

export const ratesFile = 'rates.csv';
export const limitsFile = 'limits.csv';
export type CarrierFileName = typeof ratesFile | typeof limitsFile;

/** The currency of every price: the rates column is `price_eur_incl_vat`. */
export const ratesCurrency = 'EUR';

/** An error or a warning where a person finds it: the file, the line a row ends on (1 is the header), the column. */
export interface FileProblem {
  readonly file: CarrierFileName;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface ServiceRow {
  readonly carrier: string;
  readonly code: string;
  readonly maxWeightG: number;
  readonly maxLengthMm: number | null;
  readonly maxSizeMm: number | null;
  readonly sizeFormula: SizeFormula | null;
  /** Both null when the file gives none: the service is kept but can promise no date. */
  readonly transitDaysMin: number | null;
  readonly transitDaysMax: number | null;
  readonly cutoffMinutes: number;
  /** Sample prices (public counter prices), to be labelled as such wherever shown. */
  readonly sample: boolean;
  readonly sourceUrl: string | null;
  readonly note: string | null;
}

export interface RateRow {
  readonly carrier: string;
  /** The code of the service it is attached to, which may be longer than the one in `rates.csv`. */
  readonly code: string;
  readonly zone: string;
  /** The local date the card applies from, `YYYY-MM-DD`. */
  readonly validFrom: string;
  /** The band's upper limit: a parcel of weight w takes the first band with `maxWeightG >= w`. */
  readonly maxWeightG: number;
  /** VAT included, in cents. */
  readonly priceMinor: number;
  readonly currency: string;
  readonly sourceUrl: string | null;
  readonly note: string | null;
}

export interface CarrierFilesOptions {
  /** Local minutes since midnight, 0 to 1439. */
  readonly cutoffMinutes: number;
  readonly sample: boolean;
}

/** The rows to import, or every error; warnings either way. */
export type CarrierFiles =
  | {
      readonly ok: true;
      readonly services: readonly ServiceRow[];
      readonly rates: readonly RateRow[];
      readonly warnings: readonly FileProblem[];
    }
  | {
      readonly ok: false;
      readonly errors: readonly FileProblem[];
      readonly warnings: readonly FileProblem[];
    };

const limitsColumns = [
  'carrier',
  'service',
  'max_weight_g',
  'max_length_cm',
  'max_size_cm',
  'size_formula',
  'transit_days',
] as const;
const ratesColumns = [
  'carrier',
  'service',
  'zone',
  'max_weight_g',
  'price_eur_incl_vat',
  'valid_from',
] as const;
/** Where a figure comes from: either file may carry them, or not. */
const optionalColumns = ['source_url', 'note'] as const;

/** A map, not an object: a cell reading `constructor` must find nothing. */
const sizeFormulas: ReadonlyMap<string, SizeFormula> = new Map([
  ['L+l+h', 'sum'],
  ['L+2h+2l', 'girth'],
]);
/** The shared schemas' identifier (`Code`): what a service code or a zone may be. */
const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A lone surrogate half (the `u` flag reads a pair as one character), which the engines store differently. */
const loneSurrogate = /[\uD800-\uDFFF]/u;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real `YYYY-MM-DD` civil date: 2025-02-30 is not one. */
export function isCivilDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(year, month - 1, day));
  // The round trip refuses days past the month's end (rolled over) and years 0–99 (mapped to 19xx).
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
}

/**
 * `9.55` with at most `decimals` digits after the dot, as an integer of 10^-decimals units (955),
 * built from the digits: `Number('955')`, never `9.55 * 100` (which is 955.0000000000001).
 */
function scaledInteger(text: string, decimals: number): number | 'not_a_number' | 'too_many_decimals' {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return 'not_a_number';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return 'too_many_decimals';
  return Number(`${match[1]}${fraction.padEnd(decimals, '0')}`);
}

/** `12,345` from 12345, whatever the machine's locale. */
function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** Reads one row's cells, recording an error for each wrong one; a reader gives null for a wrong cell. */
class Cells {
  private clean = true;

  constructor(
    private readonly file: CarrierFileName,
    private readonly row: CsvRow,
    private readonly errors: FileProblem[],
  ) {}

  get line(): number {
    return this.row.line;
  }

  /** No cell of the row was wrong so far. */
  get isClean(): boolean {
    return this.clean;
  }

  error(field: string, message: string): null {
    this.clean = false;
    this.errors.push({ file: this.file, line: this.row.line, field, message });
    return null;
  }

  isEmpty(field: string): boolean {
    return this.cell(field) === '';
  }

  private cell(field: string): string {
    return this.row.cells[field] ?? '';
  }

  code(field: string): string | null {
    const text = this.cell(field);
    if (text === '') return this.error(field, 'is empty.');
    if (text.length > limits.codeLengthMax || !codePattern.test(text))
      return this.error(
        field,
        `${JSON.stringify(text)} is not a code: letters, digits, dot, dash and underscore, at most ${limits.codeLengthMax}.`,
      );
    return text;
  }

  name(field: string): string | null {
    const text = this.cell(field);
    if (text === '') return this.error(field, 'is empty.');
    if (text.length > limits.codeLengthMax)
      return this.error(field, `is over ${limits.codeLengthMax} characters.`);
    return text;
  }

  /** Free text; null when empty. */
  text(field: string): string | null {
    const text = this.cell(field);
    if (text.length > limits.carrierTextLengthMax)
      return this.error(field, `is over ${grouped(limits.carrierTextLengthMax)} characters.`);
    return text === '' ? null : text;
  }

  /** An http(s) URL; null when empty. */
  url(field: string): string | null {
    const text = this.text(field);
    if (text === null) return null;
    const protocol = URL.canParse(text) ? new URL(text).protocol : '';
    if (protocol !== 'http:' && protocol !== 'https:')
      return this.error(field, `${JSON.stringify(text)} is not an http(s) URL.`);
    return text;
  }

  grams(field: string): number | null {
    const text = this.cell(field);
    const grams = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(grams >= 1 && grams <= limits.carrierWeightGMax))
      return this.error(
        field,
        `${JSON.stringify(text)} is not a weight: whole grams from 1 to ${grouped(limits.carrierWeightGMax)}.`,
      );
    return grams;
  }

  /** Centimetres, whole or to the millimetre (`12.5`), as millimetres; null when empty. */
  millimetres(field: string): number | null {
    const text = this.cell(field);
    if (text === '') return null;
    const mm = scaledInteger(text, 1);
    if (typeof mm !== 'number' || mm < 1 || mm > limits.carrierSizeCmMax * 10)
      return this.error(
        field,
        `${JSON.stringify(text)} is not a length: centimetres, whole or with one decimal, above 0 and up to ${grouped(limits.carrierSizeCmMax)}.`,
      );
    return mm;
  }

  /** Euros with at most two decimals, as cents. */
  cents(field: string): number | null {
    const text = this.cell(field);
    const cents = scaledInteger(text, 2);
    if (cents === 'too_many_decimals')
      return this.error(field, `${text} has more than 2 decimals: a price is in whole cents.`);
    if (cents === 'not_a_number')
      return this.error(
        field,
        `${JSON.stringify(text)} is not a price: euros with a dot and at most 2 decimals, such as 9.55.`,
      );
    if (cents > limits.unitPriceMinorMax)
      return this.error(
        field,
        `${text} is over the largest price, ${grouped(limits.unitPriceMinorMax)} cents.`,
      );
    return cents;
  }

  date(field: string): string | null {
    const text = this.cell(field);
    return isCivilDate(text) ? text : this.error(field, `${JSON.stringify(text)} is not a YYYY-MM-DD date.`);
  }

  /** `2` gives 2 and 2, `3-5` gives 3 and 5, in working days; null when empty. */
  transitDays(field: string): { readonly min: number; readonly max: number } | null {
    const text = this.cell(field);
    if (text === '') return null;
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    const min = Number(match?.[1]);
    const max = Number(match?.[2] ?? match?.[1]);
    if (match === null || min > max || max > workingDaysToAddMax)
      return this.error(
        field,
        `${JSON.stringify(text)} is not a transit time: working days, one figure (2) or a range (3-5), at most ${workingDaysToAddMax}.`,
      );
    return { min, max };
  }

  /** What `max_size_cm` limits; null when empty, as `max_size_cm` must then be. */
  sizeFormula(sizeField: string, formulaField: string): SizeFormula | null {
    const text = this.cell(formulaField);
    const formula = sizeFormulas.get(text);
    if (text !== '' && formula === undefined)
      return this.error(
        formulaField,
        `${JSON.stringify(text)} is not a size rule: L+l+h (the three sides added) or L+2h+2l (the length plus the girth).`,
      );
    if (this.isEmpty(sizeField) !== (text === ''))
      return this.error(
        text === '' ? formulaField : sizeField,
        `${sizeField} and ${formulaField} go together: a size limit says what it limits (L+l+h or L+2h+2l).`,
      );
    return formula ?? null;
  }
}

/** The rows of one file under its header, less those of a wrong shape; null when the file cannot be read as a whole. */
function rowsOf(
  file: CarrierFileName,
  text: string,
  required: readonly string[],
  errors: FileProblem[],
): CsvRow[] | null {
  const refuse = (line: number, field: string, message: string): null => {
    errors.push({ file, line, field, message });
    return null;
  };
  let header: string[] | undefined;
  let records: { record: Record<string, string>; info: { lines: number; error?: { record: unknown[] } } }[];
  try {
    records = parse(text, {
      columns: (names: string[]) => {
        header = names;
        return names;
      },
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      // A row with too few or too many fields is named with the others, not thrown at the first.
      relax_column_count: true,
    });
  } catch (error) {
    return refuse((error as { lines?: number }).lines ?? 1, 'file', (error as Error).message);
  }
  if (header === undefined)
    return refuse(1, 'file', `is empty: a header naming ${required.join(', ')}, then rows.`);
  const names = header;
  const known: readonly string[] = [...required, ...optionalColumns];
  const problems = [
    ['missing', required.filter((column) => !names.includes(column))],
    ['unknown', names.filter((column) => !known.includes(column))],
    ['named twice', names.filter((column, index) => names.indexOf(column) !== index)],
  ] as const;
  const found = problems.filter(([, columns]) => columns.length > 0);
  if (found.length > 0)
    return refuse(
      1,
      'header',
      `The header names ${required.join(', ')} and may name ${optionalColumns.join(', ')}; ${found
        .map(([what, columns]) => `${what}: ${columns.join(', ')}`)
        .join('; ')}.`,
    );
  if (records.length === 0)
    return refuse(
      1,
      'file',
      'has no rows: an import replaces every service and rate, so it cannot be empty.',
    );
  const rows: CsvRow[] = [];
  for (const { record, info } of records) {
    if (info.error !== undefined) {
      refuse(
        info.lines,
        'file',
        `has ${info.error.record.length} fields where the header has ${names.length}.`,
      );
      continue;
    }
    // NUL is refused by PostgreSQL in text: the shared schemas' `Text` refuses both too.
    const field = Object.keys(record).find(
      (column) => record[column]!.includes('\u0000') || loneSurrogate.test(record[column]!),
    );
    if (field !== undefined) {
      refuse(info.lines, field, 'holds a NUL or a broken character, which the store cannot keep.');
      continue;
    }
    rows.push({ line: info.lines, cells: record });
  }
  return rows;
}

/** The service a rate's code prices among the codes of its carrier's services (the rule at the top of this file). */
function attach(
  carrier: string,
  code: string,
  codes: readonly string[],
): { code: string } | { problem: string } {
  if (codes.includes(code)) return { code };
  const longer = codes.filter((candidate) => candidate.startsWith(`${code}_`)).sort();
  if (longer.length === 1) return { code: longer[0]! };
  if (longer.length === 0)
    return {
      problem: `not imported: no limits for it (${limitsFile} has no ${carrier} service ${code}, nor one ${code}_…).`,
    };
  return {
    problem: `not imported: ${carrier} ${code} could be ${longer.join(' or ')}; name the service in full.`,
  };
}

const keyOf = (...parts: readonly (string | number)[]) => parts.join('\u0000');

/** Refuses an import past its rows' maximum: true when it is. */
function overCount(
  limitRows: readonly CsvRow[],
  rateRows: readonly CsvRow[],
  errors: FileProblem[],
): boolean {
  const max = limits.carrierImportRowsMax;
  if (limitRows.length + rateRows.length <= max) return false;
  const [file, row]: [CarrierFileName, CsvRow] =
    limitRows.length > max ? [limitsFile, limitRows[max]!] : [ratesFile, rateRows[max - limitRows.length]!];
  errors.push({
    file,
    line: row.line,
    field: 'file',
    message: `One import takes at most ${grouped(max)} rows in both files; this is one more.`,
  });
  return true;
}

/**
 * A card replaces the one before it whole: warns where a later card of a service and zone stops at a
 * lighter band than the one before, so that heavier parcels lose their price from its date.
 */
function shrinkingCards(rates: readonly RateRow[], lines: ReadonlyMap<RateRow, number>): FileProblem[] {
  const tops = new Map<string, Map<string, RateRow>>();
  for (const rate of rates) {
    const key = keyOf(rate.carrier, rate.code, rate.zone);
    const cards = tops.get(key) ?? new Map<string, RateRow>();
    const top = cards.get(rate.validFrom);
    if (top === undefined || top.maxWeightG < rate.maxWeightG) cards.set(rate.validFrom, rate);
    tops.set(key, cards);
  }
  const warnings: FileProblem[] = [];
  for (const cards of tops.values()) {
    const byDate = [...cards.values()].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
    byDate.forEach((top, index) => {
      const before = byDate[index - 1];
      if (before === undefined || top.maxWeightG >= before.maxWeightG) return;
      warnings.push({
        file: ratesFile,
        line: lines.get(top)!,
        field: 'max_weight_g',
        message: `The ${top.zone} card of ${top.carrier} ${top.code} from ${top.validFrom} stops at ${grouped(top.maxWeightG)} g where the card before it went to ${grouped(before.maxWeightG)} g: a card replaces the one before whole, so from ${top.validFrom} a heavier parcel has no price.`,
      });
    });
  }
  return warnings;
}

/** Where each problem goes: the errors that block the import and the warnings listed with it. */
interface Problems {
  readonly errors: FileProblem[];
  readonly warnings: FileProblem[];
}

/** The services of `limits.csv`, each with the line it is on. */
interface ServicesRead {
  readonly services: ServiceRow[];
  readonly lines: Map<string, number>;
  /** Every code a row names per carrier, even one with a wrong cell: rates attach to the file as meant. */
  readonly codesByCarrier: Map<string, string[]>;
}

function readServices(
  rows: readonly CsvRow[],
  options: CarrierFilesOptions,
  problems: Problems,
): ServicesRead {
  const read: ServicesRead = { services: [], lines: new Map(), codesByCarrier: new Map() };
  for (const row of rows) {
    const cells = new Cells(limitsFile, row, problems.errors);
    const carrier = cells.name('carrier');
    const code = cells.code('service');
    const maxWeightG = cells.grams('max_weight_g');
    const maxLengthMm = cells.millimetres('max_length_cm');
    const maxSizeMm = cells.millimetres('max_size_cm');
    const sizeFormula = cells.sizeFormula('max_size_cm', 'size_formula');
    const transit = cells.transitDays('transit_days');
    const sourceUrl = cells.url('source_url');
    const note = cells.text('note');
    if (carrier === null || code === null) continue;
    const key = keyOf(carrier, code);
    const firstLine = read.lines.get(key);
    if (firstLine !== undefined) {
      cells.error('service', `${carrier} ${code} is already on line ${firstLine}.`);
      continue;
    }
    read.lines.set(key, row.line);
    read.codesByCarrier.set(carrier, [...(read.codesByCarrier.get(carrier) ?? []), code]);
    if (!cells.isClean || maxWeightG === null) continue;
    if (transit === null)
      problems.warnings.push({
        file: limitsFile,
        line: row.line,
        field: 'transit_days',
        message: `is empty: ${carrier} ${code} is imported but can never be chosen, having no transit time to promise a date with.`,
      });
    read.services.push({
      carrier,
      code,
      maxWeightG,
      maxLengthMm,
      maxSizeMm,
      sizeFormula,
      transitDaysMin: transit?.min ?? null,
      transitDaysMax: transit?.max ?? null,
      cutoffMinutes: options.cutoffMinutes,
      sample: options.sample,
      sourceUrl,
      note,
    });
  }
  return read;
}

/**
 * The rates of `rates.csv`, each attached to its service, with the line it is on. Without the
 * services (`limits.csv` unreadable) the rows are only checked: attaching them would leave out every
 * one, and the limits file's own error says why.
 */
function readRates(
  rows: readonly CsvRow[],
  codesByCarrier: ReadonlyMap<string, readonly string[]> | null,
  problems: Problems,
): Map<RateRow, number> {
  const lines = new Map<RateRow, number>();
  const linesInFile = new Map<string, number>();
  const linesAttached = new Map<string, number>();
  for (const row of rows) {
    const cells = new Cells(ratesFile, row, problems.errors);
    const carrier = cells.name('carrier');
    const code = cells.code('service');
    const zone = cells.code('zone');
    const maxWeightG = cells.grams('max_weight_g');
    const priceMinor = cells.cents('price_eur_incl_vat');
    const validFrom = cells.date('valid_from');
    const sourceUrl = cells.url('source_url');
    const note = cells.text('note');
    if (
      !cells.isClean ||
      carrier === null ||
      code === null ||
      zone === null ||
      maxWeightG === null ||
      priceMinor === null ||
      validFrom === null
    )
      continue;
    const firstLine = linesInFile.get(keyOf(carrier, code, zone, validFrom, maxWeightG));
    if (firstLine !== undefined) {
      cells.error(
        'max_weight_g',
        `repeats line ${firstLine}: the same carrier, service, zone, valid_from and band.`,
      );
      continue;
    }
    linesInFile.set(keyOf(carrier, code, zone, validFrom, maxWeightG), row.line);
    if (codesByCarrier === null) continue;
    const attached = attach(carrier, code, codesByCarrier.get(carrier) ?? []);
    if ('problem' in attached) {
      problems.warnings.push({
        file: ratesFile,
        line: row.line,
        field: 'service',
        message: attached.problem,
      });
      continue;
    }
    const key = keyOf(carrier, attached.code, zone, validFrom, maxWeightG);
    const pricedOn = linesAttached.get(key);
    if (pricedOn !== undefined) {
      cells.error(
        'service',
        `${code} prices ${attached.code}, whose ${zone} band of ${grouped(maxWeightG)} g from ${validFrom} line ${pricedOn} prices already.`,
      );
      continue;
    }
    linesAttached.set(key, row.line);
    const rate = {
      carrier,
      code: attached.code,
      zone,
      validFrom,
      maxWeightG,
      priceMinor,
      currency: ratesCurrency,
      sourceUrl,
      note,
    };
    lines.set(rate, row.line);
  }
  return lines;
}

/**
 * Reads both files: the services and the rates to import, or every error found. Warnings name what
 * is kept but cannot serve (a service without a transit time or a price, a card that prices less
 * than the one before) and the rate rows left out (attached to no service).
 */
export function readCarrierFiles(
  texts: { readonly ratesCsv: string; readonly limitsCsv: string },
  options: CarrierFilesOptions,
): CarrierFiles {
  if (
    !Number.isSafeInteger(options.cutoffMinutes) ||
    options.cutoffMinutes < 0 ||
    options.cutoffMinutes >= 24 * 60
  )
    throw new Error(`carrier files invariant broken: a cut-off of ${options.cutoffMinutes} minutes`);
  const problems: Problems = { errors: [], warnings: [] };
  const { errors, warnings } = problems;
  const limitRows = rowsOf(limitsFile, texts.limitsCsv, limitsColumns, errors);
  const rateRows = rowsOf(ratesFile, texts.ratesCsv, ratesColumns, errors);
  if (overCount(limitRows ?? [], rateRows ?? [], errors)) return { ok: false, errors, warnings };

  const { services, lines, codesByCarrier } = readServices(limitRows ?? [], options, problems);
  const rateLines = readRates(rateRows ?? [], limitRows === null ? null : codesByCarrier, problems);
  const rates = [...rateLines.keys()];
  const priced = new Set(rates.map((rate) => keyOf(rate.carrier, rate.code)));
  for (const service of services) {
    if (priced.has(keyOf(service.carrier, service.code))) continue;
    warnings.push({
      file: limitsFile,
      line: lines.get(keyOf(service.carrier, service.code))!,
      field: 'service',
      message: `${service.carrier} ${service.code} has no price in ${ratesFile}: it is imported but can never be chosen.`,
    });
  }
  warnings.push(...shrinkingCards(rates, rateLines));

  const byPlace = (a: FileProblem, b: FileProblem) =>
    a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
  warnings.sort(byPlace);
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPlace), warnings };
  return { ok: true, services, rates, warnings };
}
