/** `affluence import prices FILE`, run as an operator runs it: every error by line and field, all or nothing. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putChannel, putSku } from '../src/catalog/index.js';
import { createContext } from '../src/platform/context.js';
import { priceHistory } from '../src/pricing/prices.js';
import { openStore } from '../src/server/index.js';

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'affluence-import-'));
const db = join(directory, 'shop.db');

function affluence(...args: string[]) {
  return run(process.execPath, ['dist/cli/main.js', ...args, '--db', db], {
    timeout: 60_000,
    env: { ...process.env, DATABASE_URL: '' },
  }).then(
    (done) => ({ code: 0, ...done }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );
}

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

async function historyOf(sku: string) {
  const store = await openStore(db);
  try {
    const result = await priceHistory(createContext(store), sku, 'web');
    if (!result.ok) throw new Error(result.message);
    return result.value.map((segment) => [segment.price, segment.from]);
  } finally {
    await store.close();
  }
}

const good = `sku,channel,price,effective_at
MUG-RED,web,1200,2026-01-01T00:00:00+01:00
MUG-RED,web,1100,2026-02-01T00:00:00+01:00
`;

describe('affluence import prices', () => {
  beforeAll(async () => {
    const store = await openStore(db);
    const ctx = createContext(store);
    await putChannel(ctx, 'web', { name: 'Web', currency: 'EUR' });
    await putSku(ctx, 'MUG-RED', { name: 'Red mug', prices: { web: 1290 } });
    await store.close();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('names every error by line and field, and imports nothing', async () => {
    const before = await historyOf('MUG-RED');
    const bad = file(
      'bad.csv',
      `${good}NOPE,web,100,2026-01-01T00:00:00Z\nMUG-RED,web,12.50,2026-01-03T00:00:00Z\nMUG-RED,web,100,2099-01-01T00:00:00Z\n`,
    );
    const result = await affluence('import', 'prices', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:4: sku: No SKU NOPE.`);
    expect(result.stderr).toContain(`${bad}:5: price:`);
    expect(result.stderr).toContain(`${bad}:6: effective_at: Only past prices`);
    expect(result.stderr).toContain('nothing imported: 3 error(s)');
    expect(await historyOf('MUG-RED')).toEqual(before);
  });

  it('refuses a file whose header does not name the columns', async () => {
    const result = await affluence('import', 'prices', file('header.csv', 'sku,price\nMUG-RED,100\n'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/:1: header: .*missing channel, effective_at/);
  });

  it('on a dry run checks every row and writes none; then imports them', async () => {
    const path = file('good.csv', good);
    const before = await historyOf('MUG-RED');
    const dry = await affluence('import', 'prices', path, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('2 rows checked: all would be imported');
    expect(await historyOf('MUG-RED')).toEqual(before);
    const real = await affluence('import', 'prices', path);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('2 past prices imported.');
    expect((await historyOf('MUG-RED')).slice(0, 2)).toEqual([
      [1200, '2025-12-31T23:00:00.000Z'],
      [1100, '2026-01-31T23:00:00.000Z'],
    ]);
  });
});
