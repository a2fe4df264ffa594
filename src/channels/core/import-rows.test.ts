import { describe, expect, it } from 'vitest';
import {
  type Column,
  DuplicateRows,
  ImportProblems,
  readCsvHeader,
  readCsvRow,
  readJsonRow,
  rowKey,
} from './import-rows.js';

function header(kind: 'catalog' | 'stock' | 'buffers', cells: string[]): readonly Column[] {
  const read = readCsvHeader(kind, cells);
  if (!read.ok) throw new Error(read.problems[0]!.message);
  return read.columns;
}

describe('an import file’s header', () => {
  it('names every missing column in one error on line 1', () => {
    expect(readCsvHeader('stock', ['sku'])).toEqual({
      ok: false,
      problems: [{ line: 1, field: 'header', message: 'Missing column(s) location, on_hand.' }],
    });
  });

  it('refuses unknown, repeated and half-given size columns, saying what a file takes', () => {
    const read = readCsvHeader('catalog', ['sku', 'name', 'weigth_g', 'price:web', 'Price:web', 'length_mm']);
    expect(read.ok).toBe(false);
    const message = read.ok ? '' : read.problems[0]!.message;
    expect(message).toContain('Price:web is named twice.');
    expect(message).toContain('Unknown column(s) weigth_g; a catalog file takes sku, name, weight_g,');
    expect(message).toContain('length_mm, width_mm, height_mm go together');
  });

  it('reads column names whatever their case and spaces, keeping a channel code’s case', () => {
    expect(header('catalog', [' SKU ', 'Name', 'price:Web'])).toEqual([
      { field: 'sku' },
      { field: 'name' },
      { priceOn: 'Web' },
    ]);
  });
});

describe('a CSV row', () => {
  const catalog = header('catalog', [
    'sku',
    'name',
    'weight_g',
    'gtin',
    'perishable',
    'price:web',
    'price:b2b',
  ]);

  it('becomes what it asks: an empty cell clears a field, an empty price stops selling', () => {
    expect(readCsvRow('catalog', catalog, ['MUG-RED', ' Crème mug ', '', '', 'yes', '1290', ''], 2)).toEqual({
      ok: true,
      row: {
        sku: 'MUG-RED',
        name: 'Crème mug',
        weight_g: null,
        gtin: null,
        perishable: true,
        prices: { web: 1290, b2b: null },
      },
    });
  });

  it('names each bad field on its line, with what is expected', () => {
    const read = readCsvRow(
      'catalog',
      catalog,
      ['MUG RED', '', '12.5', '1.23457E+12', 'maybe', '12,90', '-1'],
      7,
    );
    expect(read.ok ? [] : read.problems.map((problem) => [problem.line, problem.field])).toEqual([
      [7, 'sku'],
      [7, 'name'],
      [7, 'weight_g'],
      [7, 'gtin'],
      [7, 'perishable'],
      [7, 'price:web'],
      [7, 'price:b2b'],
    ]);
    const messages = read.ok ? '' : read.problems.map((problem) => problem.message).join('\n');
    expect(messages).toContain('12,90 is not a whole number of minor units (cents: 1999 for 19.99)');
    expect(messages).toContain('format the column as text');
  });

  it('refuses a row whose values do not match the header, as an unquoted separator makes', () => {
    const read = readCsvRow('stock', header('stock', ['sku', 'location', 'on_hand']), ['A', 'paris'], 3);
    expect(read.ok ? '' : read.problems[0]!.message).toMatch(/^2 values where the header names 3 columns/);
  });

  it('takes a size whole or not at all', () => {
    const sized = header('catalog', ['sku', 'name', 'length_mm', 'width_mm', 'height_mm']);
    expect(readCsvRow('catalog', sized, ['A', 'a', '10', '20', '30'], 2).ok).toBe(true);
    expect(readCsvRow('catalog', sized, ['A', 'a', '', '', ''], 2).ok).toBe(true);
    expect(readCsvRow('catalog', sized, ['A', 'a', '10', '', '30'], 2)).toEqual({
      ok: false,
      problems: [
        {
          line: 2,
          field: 'length_mm',
          message: 'A size is length_mm, width_mm and height_mm together, or none.',
        },
      ],
    });
  });

  it('refuses a count past the largest stock a row holds, and a negative one', () => {
    const columns = header('stock', ['sku', 'location', 'on_hand']);
    expect(readCsvRow('stock', columns, ['A', 'paris', '1000000001'], 2).ok).toBe(false);
    expect(readCsvRow('stock', columns, ['A', 'paris', '-3'], 2).ok).toBe(false);
    expect(readCsvRow('stock', columns, ['A', 'paris', '0'], 2)).toEqual({
      ok: true,
      row: { sku: 'A', location: 'paris', on_hand: 0 },
    });
  });
});

describe('a JSON Lines row', () => {
  it('takes the same fields, prices as an object', () => {
    expect(
      readJsonRow(
        'catalog',
        { sku: 'A', name: 'a', prices: { web: 100, b2b: null }, tax_class: 'reduced' },
        4,
      ),
    ).toEqual({
      ok: true,
      row: { sku: 'A', name: 'a', prices: { web: 100, b2b: null }, tax_class: 'reduced' },
    });
  });

  it('names unknown and missing fields, values of the wrong type, and a line that is no object', () => {
    const read = readJsonRow('buffers', { channel: 'web', skus: 'A', buffer: '2' }, 5);
    expect(read.ok ? [] : read.problems.map((problem) => problem.field)).toEqual(['skus', 'buffer', 'sku']);
    expect(readJsonRow('stock', ['A', 'paris', 3], 6)).toEqual({
      ok: false,
      problems: [{ line: 6, field: 'row', message: expect.stringContaining('one JSON object') }],
    });
  });
});

describe('rows given twice', () => {
  it('refuses both, each naming both lines, and a third naming the first', () => {
    const seen = new DuplicateRows();
    const key = (sku: string, location: string) => rowKey('stock', { sku, location, on_hand: 1 });
    expect(seen.see(key('A', 'paris'), 2, 0)).toEqual({ problems: [] });
    expect(seen.see(key('A', 'lyon'), 3, 1)).toEqual({ problems: [] });
    const twice = seen.see(key('A', 'paris'), 9, 2);
    expect(twice.earlierIndex).toBe(0);
    expect(twice.problems).toEqual([
      { line: 2, field: 'sku', message: 'SKU A at paris is on lines 2 and 9: give it once.' },
      { line: 9, field: 'sku', message: 'SKU A at paris is on lines 2 and 9: give it once.' },
    ]);
    const thrice = seen.see(key('A', 'paris'), 12, 3);
    expect(thrice).toEqual({
      problems: [{ line: 12, field: 'sku', message: 'SKU A at paris is on lines 2 and 12: give it once.' }],
    });
  });
});

describe('the problems of an import', () => {
  it('keeps the first by line and counts them all', () => {
    const problems = new ImportProblems(3);
    for (let line = 100; line > 90; line--) problems.add({ line, field: 'sku', message: 'x' });
    expect(problems.count).toBe(10);
    expect(problems.listed().map((problem) => problem.line)).toEqual([91, 92, 93]);
  });
});
