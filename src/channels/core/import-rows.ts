/**
 * The rows of a bulk import, pure: the columns (CSV) or fields (JSON Lines) each kind takes, each
 * row read into what it asks or into problems named by line and field, and rows given twice. Only
 * what a row says by itself is checked here; what needs the store (an unknown SKU, units reserved)
 * is the use case's.
 *
 * - catalog: `sku,name` and any of `weight_g,length_mm,width_mm,height_mm,gtin,tax_class,perishable`
 *   and `price:<channel>` (minor units). A column left out leaves that field as stored; an empty
 *   cell clears it (a weight or size becomes unknown, an empty price stops selling on the channel).
 *   JSON Lines: the same names, prices as `"prices": {"web": 1290, "b2b": null}`.
 * - stock: `sku,location,on_hand`: the units counted there (an absolute count).
 * - buffers: `channel,sku,buffer`: the units the channel may not sell.
 */

import { isValidGtin13 } from '../../catalog/core/gtin.js';
import type { SkuPatch } from '../../catalog/core/sku-patch.js';
import { limits } from '../../platform/core/limits.js';
import { taxClasses } from '../../pricing/core/vat.js';

export const importKinds = ['catalog', 'stock', 'buffers'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importFormats = ['csv', 'jsonl'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** What is wrong, where: `line` is the file's line (the header is 1), `field` a column, `header`, `row` or `file`. */
export interface RowProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** A SKU as a catalogue file gives it: a field left undefined stays as stored. */
export type CatalogRow = SkuPatch;

/** Units counted of a SKU at a location. */
export interface StockCountRow {
  readonly sku: string;
  readonly location: string;
  readonly on_hand: number;
}

/** Units of a SKU a channel may not sell. */
export interface BufferRow {
  readonly channel: string;
  readonly sku: string;
  readonly buffer: number;
}

export interface RowOf {
  catalog: CatalogRow;
  stock: StockCountRow;
  buffers: BufferRow;
}

type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };
const parsed = (value: unknown): Parsed => ({ ok: true, value });
const refused = (message: string): Parsed => ({ ok: false, message });

/** One field: how its CSV cell and its JSON value are read. An empty cell is `''`. */
interface Field {
  readonly name: string;
  readonly required: boolean;
  csv(cell: string): Parsed;
  json(value: unknown): Parsed;
}

const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function isCode(value: string): boolean {
  return value.length <= limits.codeLengthMax && codePattern.test(value);
}

function codeField(name: string, what: string): Field {
  const read = (value: string) =>
    isCode(value)
      ? parsed(value)
      : refused(
          `${value} is not ${what}: letters, digits, ".", "-" or "_", starting with a letter or digit, up to ${limits.codeLengthMax} characters.`,
        );
  return {
    name,
    required: true,
    csv: (cell) => (cell === '' ? refused(`${what} is required.`) : read(cell)),
    json: (value) => (typeof value === 'string' ? read(value) : refused(`${what} is required, as a string.`)),
  };
}

/** Free text as people type it: any character but NUL and lone surrogate halves, as the API's `Text`. */
const isText = (value: string) => !value.includes('\u0000') && !/[\uD800-\uDFFF]/u.test(value);

const nameField: Field = {
  name: 'name',
  required: true,
  csv: (cell) => nameField.json(cell),
  json: (value) => {
    if (typeof value !== 'string' || value.trim() === '') return refused('A name is required.');
    if (value.length > limits.nameLengthMax)
      return refused(`A name is at most ${limits.nameLengthMax} characters; this one has ${value.length}.`);
    if (!isText(value)) return refused('A name may not hold a NUL or a broken character.');
    return parsed(value.trim());
  },
};

/** A whole number from `min` to `max`; `nullable` fields take an empty cell or null as "unknown". */
function integerField(
  name: string,
  options: { min: number; max: number; unit: string; required: boolean; nullable: boolean },
): Field {
  const range = `a whole number of ${options.unit} from ${options.min.toLocaleString('en-US')} to ${options.max.toLocaleString('en-US')}`;
  const check = (value: number) =>
    Number.isSafeInteger(value) && value >= options.min && value <= options.max
      ? parsed(value)
      : refused(`${value} is out of range: ${range}.`);
  return {
    name,
    required: options.required,
    csv: (cell) => {
      if (cell === '') return options.nullable ? parsed(null) : refused(`${name} is required: ${range}.`);
      if (/^-?\d+$/.test(cell)) return check(Number(cell));
      return refused(`${cell} is not ${range}.`);
    },
    json: (value) => {
      if (value === null && options.nullable) return parsed(null);
      if (typeof value === 'number' && Number.isInteger(value)) return check(value);
      return refused(`${JSON.stringify(value) ?? 'nothing'} is not ${range}.`);
    },
  };
}

const gtinField: Field = {
  name: 'gtin',
  required: false,
  csv: (cell) => (cell === '' ? parsed(null) : gtinField.json(cell)),
  json: (value) => {
    if (value === null) return parsed(null);
    if (typeof value !== 'string' || !/^\d{13}$/.test(value))
      return refused(
        `${String(value)} is not a GTIN-13 (13 digits); a spreadsheet that shows 1.23457E+12 turned it into a number: format the column as text.`,
      );
    return isValidGtin13(value)
      ? parsed(value)
      : refused(`The GTIN ${value} fails its check digit: a digit is mistyped.`);
  },
};

const taxClassField: Field = {
  name: 'tax_class',
  required: false,
  csv: (cell) => (cell === '' ? parsed('standard') : taxClassField.json(cell)),
  json: (value) =>
    typeof value === 'string' && (taxClasses as readonly string[]).includes(value)
      ? parsed(value)
      : refused(`${String(value)} is not a VAT class: one of ${taxClasses.join(', ')}.`),
};

const yes = ['true', 'yes', '1'];
const no = ['false', 'no', '0', ''];
const perishableField: Field = {
  name: 'perishable',
  required: false,
  csv: (cell) => {
    const word = cell.toLowerCase();
    if (yes.includes(word)) return parsed(true);
    if (no.includes(word)) return parsed(false);
    return refused(`${cell} is not yes or no (true, false, 1, 0; empty is no).`);
  },
  json: (value) => (typeof value === 'boolean' ? parsed(value) : refused('perishable is true or false.')),
};

const price = integerField('price', {
  min: 0,
  max: limits.unitPriceMinorMax,
  unit: 'minor units (cents: 1999 for 19.99)',
  required: false,
  nullable: true,
});

const sideMmMax = 3_000;
const side = (name: string) =>
  integerField(name, { min: 1, max: sideMmMax, unit: 'millimetres', required: false, nullable: true });
const sizeFields = ['length_mm', 'width_mm', 'height_mm'] as const;

const fieldsByKind: Record<ImportKind, readonly Field[]> = {
  catalog: [
    codeField('sku', 'a SKU code'),
    nameField,
    integerField('weight_g', { min: 0, max: 1_000_000, unit: 'grams', required: false, nullable: true }),
    side('length_mm'),
    side('width_mm'),
    side('height_mm'),
    gtinField,
    taxClassField,
    perishableField,
  ],
  stock: [
    codeField('sku', 'a SKU code'),
    codeField('location', 'a location code'),
    integerField('on_hand', {
      min: 0,
      max: limits.stockQuantityMax,
      unit: 'units counted',
      required: true,
      nullable: false,
    }),
  ],
  buffers: [
    codeField('channel', 'a channel code'),
    codeField('sku', 'a SKU code'),
    integerField('buffer', {
      min: 0,
      max: limits.stockQuantityMax,
      unit: 'units held back',
      required: true,
      nullable: false,
    }),
  ],
};

const pricePrefix = 'price:';

/** The columns a CSV file of `kind` may have, as its header would name them. */
export function columnsOf(kind: ImportKind): string[] {
  const names = fieldsByKind[kind].map((field) => field.name);
  return kind === 'catalog' ? [...names, `${pricePrefix}<channel>`] : names;
}

/** What each column of a CSV file is: a field, or the price on a channel. */
export type Column = { readonly field: string } | { readonly priceOn: string };

export type HeaderRead =
  | { readonly ok: true; readonly columns: readonly Column[] }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

/** Reads the header (line 1): every required column named, none unknown, none twice. */
export function readCsvHeader(kind: ImportKind, cells: readonly string[]): HeaderRead {
  const fields = fieldsByKind[kind];
  const problems: string[] = [];
  const columns: Column[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    const name = cell.trim();
    const lower = name.toLowerCase();
    let key = lower;
    if (kind === 'catalog' && lower.startsWith(pricePrefix)) {
      // Channel codes keep their case: `price:Web` prices the channel `Web`.
      const channel = name.slice(pricePrefix.length).trim();
      if (!isCode(channel)) problems.push(`${name} does not name a channel code after "${pricePrefix}".`);
      columns.push({ priceOn: channel });
      key = `${pricePrefix}${channel}`;
    } else if (fields.some((field) => field.name === lower)) {
      columns.push({ field: lower });
    } else {
      unknown.push(name === '' ? '(an empty name)' : name);
      columns.push({ field: '' });
    }
    if (seen.has(key)) problems.push(`${name} is named twice.`);
    seen.add(key);
  }
  const named = new Set(columns.flatMap((column) => ('field' in column ? [column.field] : [])));
  const missing = fields.filter((field) => field.required && !named.has(field.name)).map((f) => f.name);
  if (missing.length > 0) problems.unshift(`Missing column(s) ${missing.join(', ')}.`);
  if (unknown.length > 0)
    problems.push(
      `Unknown column(s) ${unknown.join(', ')}; a ${kind} file takes ${columnsOf(kind).join(', ')}.`,
    );
  const sizes = sizeFields.filter((size) => named.has(size));
  if (sizes.length !== 0 && sizes.length !== sizeFields.length)
    problems.push(`${sizeFields.join(', ')} go together: a size is all three or none.`);
  if (problems.length > 0)
    return { ok: false, problems: [{ line: 1, field: 'header', message: problems.join(' ') }] };
  return { ok: true, columns };
}

export type RowRead<K extends ImportKind> =
  | { readonly ok: true; readonly row: RowOf[K] }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

/** What a row of a catalogue says of sizes: all three sides or none, per row. */
function sizeProblem(values: Record<string, unknown>, line: number, field: string): RowProblem | undefined {
  const given = sizeFields.filter((size) => values[size] !== undefined);
  if (given.length === 0) return undefined;
  const known = given.filter((size) => values[size] !== null);
  if (given.length === sizeFields.length && (known.length === 0 || known.length === sizeFields.length))
    return undefined;
  return { line, field, message: 'A size is length_mm, width_mm and height_mm together, or none.' };
}

/** Reads one CSV record of cells against the header's columns. */
export function readCsvRow<K extends ImportKind>(
  kind: K,
  columns: readonly Column[],
  cells: readonly string[],
  line: number,
): RowRead<K> {
  if (cells.length !== columns.length)
    return {
      ok: false,
      problems: [
        {
          line,
          field: 'row',
          message: `${cells.length} values where the header names ${columns.length} columns: is a value holding the separator without quotes around it?`,
        },
      ],
    };
  const fields = fieldsByKind[kind];
  const values: Record<string, unknown> = {};
  const prices: Record<string, number | null> = {};
  const problems: RowProblem[] = [];
  columns.forEach((column, index) => {
    const cell = cells[index]!.trim();
    if ('priceOn' in column) {
      const read = price.csv(cell);
      if (read.ok) prices[column.priceOn] = read.value as number | null;
      else problems.push({ line, field: `${pricePrefix}${column.priceOn}`, message: read.message });
      return;
    }
    const field = fields.find((candidate) => candidate.name === column.field)!;
    const read = field.csv(cell);
    if (read.ok) values[field.name] = read.value;
    else problems.push({ line, field: field.name, message: read.message });
  });
  if (kind === 'catalog') {
    if (columns.some((column) => 'priceOn' in column)) values.prices = prices;
    const size = problems.length === 0 ? sizeProblem(values, line, 'length_mm') : undefined;
    if (size !== undefined) problems.push(size);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, row: values as unknown as RowOf[K] };
}

/** Reads one JSON Lines value: an object of the kind's fields, nothing else. */
export function readJsonRow<K extends ImportKind>(kind: K, value: unknown, line: number): RowRead<K> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      ok: false,
      problems: [
        { line, field: 'row', message: 'A line holds one JSON object, such as {"sku": "MUG-RED", …}.' },
      ],
    };
  const fields = fieldsByKind[kind];
  const given = value as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const [name, item] of Object.entries(given)) {
    if (kind === 'catalog' && name === 'prices') {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push({ line, field: 'prices', message: 'prices is an object: {"web": 1290, "b2b": null}.' });
        continue;
      }
      const prices: Record<string, number | null> = {};
      for (const [channel, amount] of Object.entries(item)) {
        const read = isCode(channel) ? price.json(amount) : refused(`${channel} is not a channel code.`);
        if (read.ok) prices[channel] = read.value as number | null;
        else problems.push({ line, field: `prices.${channel}`, message: read.message });
      }
      values.prices = prices;
      continue;
    }
    const field = fields.find((candidate) => candidate.name === name);
    if (field === undefined) {
      const known = kind === 'catalog' ? [...fields.map((f) => f.name), 'prices'] : fields.map((f) => f.name);
      problems.push({
        line,
        field: name,
        message: `Not a field of a ${kind} row; known: ${known.join(', ')}.`,
      });
      continue;
    }
    const read = field.json(item);
    if (read.ok) values[name] = read.value;
    else problems.push({ line, field: name, message: read.message });
  }
  for (const field of fields)
    if (field.required && !(field.name in given))
      problems.push({ line, field: field.name, message: `${field.name} is required.` });
  if (kind === 'catalog' && problems.length === 0) {
    const size = sizeProblem(
      Object.fromEntries(sizeFields.map((size) => [size, size in given ? values[size] : undefined])),
      line,
      'length_mm',
    );
    if (size !== undefined) problems.push(size);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, row: values as unknown as RowOf[K] };
}

/** What makes two rows the same: a file may give each once. */
export function rowKey<K extends ImportKind>(
  kind: K,
  row: RowOf[K],
): { key: string; field: string; said: string } {
  if (kind === 'stock') {
    const { sku, location } = row as StockCountRow;
    return { key: `${sku}\u0000${location}`, field: 'sku', said: `SKU ${sku} at ${location}` };
  }
  if (kind === 'buffers') {
    const { channel, sku } = row as BufferRow;
    return { key: `${channel}\u0000${sku}`, field: 'sku', said: `SKU ${sku} on ${channel}` };
  }
  const { sku } = row as CatalogRow;
  return { key: sku, field: 'sku', said: `SKU ${sku}` };
}

/**
 * Rows given twice: each later one is refused naming the first line, and the first is refused too
 * (which of them is right, the file does not say).
 */
export class DuplicateRows {
  private readonly first = new Map<string, { line: number; index: number; told: boolean }>();

  /** The problems of the row at `index`, and the index of an earlier row now refused with it. */
  see(
    identity: { key: string; field: string; said: string },
    line: number,
    index: number,
  ): { problems: RowProblem[]; earlierIndex?: number } {
    const earlier = this.first.get(identity.key);
    if (earlier === undefined) {
      this.first.set(identity.key, { line, index, told: false });
      return { problems: [] };
    }
    const problems: RowProblem[] = [];
    const message = (first: number, again: number) =>
      `${identity.said} is on lines ${first} and ${again}: give it once.`;
    if (!earlier.told)
      problems.push({ line: earlier.line, field: identity.field, message: message(earlier.line, line) });
    problems.push({ line, field: identity.field, message: message(earlier.line, line) });
    const earlierIndex = earlier.told ? undefined : earlier.index;
    earlier.told = true;
    return { problems, earlierIndex };
  }
}

/**
 * The problems of an import, as many as they come, of which the first `listedMax` by line are kept:
 * a wrong file errs on every row, and its report must stay readable and small.
 */
export class ImportProblems {
  private kept: RowProblem[] = [];
  private counted = 0;

  constructor(private readonly listedMax: number) {}

  add(...problems: readonly RowProblem[]): void {
    this.counted += problems.length;
    this.kept.push(...problems);
    // Trimmed now and then, not on each add: problems mostly come in line order.
    if (this.kept.length > 2 * this.listedMax) this.kept = this.listed();
  }

  /** Every problem told so far. */
  get count(): number {
    return this.counted;
  }

  /** The first `listedMax` problems by line (those of one line in the order told). */
  listed(): RowProblem[] {
    return [...this.kept].sort((a, b) => a.line - b.line).slice(0, this.listedMax);
  }
}
