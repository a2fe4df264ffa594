/**
 * `affluence import carriers DIR`, through the function the command runs, as an operator sees it:
 * every error by file path, line and field, the warnings, then what was imported; all or nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importCarrierFiles } from '../src/cli/import-carriers.js';
import { listCarriers } from '../src/fulfilment/carriers/carriers.js';
import { createContext } from '../src/platform/context.js';
import { openStore } from '../src/server/index.js';
import { captureOutput } from './support/output.js';

/** The repository's copy of the shared sample cards (scenarios/carriers/README.md says which). */
const sharedDirectory = fileURLToPath(new URL('../scenarios/carriers', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'affluence-carriers-'));
const db = join(directory, 'shop.db');
const defaults = { dryRun: false, sample: true, cutoffMinutes: 15 * 60 };

/** A directory holding the two files, the shared ones changed by `edit`. */
function filesDirectory(name: string, edit: (text: string, file: string) => string): string {
  const path = join(directory, name);
  mkdirSync(path);
  for (const file of ['rates.csv', 'limits.csv'])
    writeFileSync(join(path, file), edit(readFileSync(join(sharedDirectory, file), 'utf8'), file));
  return path;
}

async function stored() {
  const store = await openStore(db);
  try {
    const list = await listCarriers(createContext(store), '2024-06-01');
    if (!list.ok) throw new Error(list.message);
    return list.value.data.map((service) => ({
      name: `${service.carrier} ${service.code}`,
      sample: service.sample,
      cutoff: service.cutoff,
      bands: service.zones.flatMap((card) => card.bands.map((band) => band.price_minor)),
    }));
  } finally {
    await store.close();
  }
}

describe('affluence import carriers', () => {
  const output = captureOutput();
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('on a dry run checks both files and writes nothing', async () => {
    await importCarrierFiles(db, sharedDirectory, { ...defaults, dryRun: true });
    expect(output.out()).toContain(
      '8 services and 24 rates (weight bands), cut-off 15:00 checked: all would be imported',
    );
    expect(await stored()).toEqual([]);
  });

  it('imports the shared files, telling the warnings and that the prices are sample', async () => {
    await importCarrierFiles(db, sharedDirectory, defaults);
    expect(output.out()).toContain('8 services and 24 rates (weight bands), cut-off 15:00 imported');
    expect(output.out()).toContain('SAMPLE PRICES. Sample data: public counter prices');
    expect(output.err()).toContain(
      `warning: ${join(sharedDirectory, 'rates.csv')}:17: service: not imported: Colissimo domicile could be`,
    );
    expect(output.err()).toContain(
      `warning: ${join(sharedDirectory, 'limits.csv')}:4: transit_days: is empty`,
    );
    const services = await stored();
    expect(services).toHaveLength(8);
    expect(services.find((service) => service.name === 'Colissimo domicile_sans_signature')).toEqual({
      name: 'Colissimo domicile_sans_signature',
      sample: true,
      cutoff: '15:00',
      bands: [495, 670, 760, 825, 955, 1465, 2130, 2695, 3340],
    });
  });

  it('names every error by file, line and field, and imports nothing', async () => {
    const before = await stored();
    const bad = filesDirectory('bad', (text, file) =>
      file === 'rates.csv'
        ? text.replace('FR_METRO,750,7.60,2023-01-01', 'FR_METRO,750,"7,60",2023-01-01')
        : text.replace('Mondial Relay,domicile,25000,', 'Mondial Relay,domicile,25 kg,'),
    );
    await expect(importCarrierFiles(db, bad, defaults)).rejects.toThrow(
      `nothing imported: 2 error(s) in ${bad}`,
    );
    expect(output.err()).toContain(`${join(bad, 'limits.csv')}:6: max_weight_g: "25 kg" is not a weight`);
    expect(output.err()).toContain(`${join(bad, 'rates.csv')}:4: price_eur_incl_vat: "7,60" is not a price`);
    expect(output.err().indexOf('limits.csv:6:')).toBeLessThan(output.err().indexOf('warning:'));
    expect(output.out()).toBe('');
    expect(await stored()).toEqual(before);
  });

  it('imports prices that are not sample data, with another cut-off', async () => {
    await importCarrierFiles(db, sharedDirectory, {
      ...defaults,
      sample: false,
      cutoffMinutes: 12 * 60 + 30,
    });
    expect(output.out()).toContain('cut-off 12:30 imported');
    expect(output.out()).not.toContain('SAMPLE');
    expect((await stored()).every((service) => !service.sample && service.cutoff === '12:30')).toBe(true);
  });
});
