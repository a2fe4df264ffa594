/**
 * Carriers' services and rate cards over HTTP on both stores: the shared sample files imported and
 * read back exactly (their services, cards, the card in force on a date, the `point_retrait` rates
 * on `point_retrait_relais`, the sample label), a file with errors refused whole with each error by
 * file, line and field, a dry run, an import replacing what was there, and the carrier choice on
 * the services read back.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosableServices } from '../src/fulfilment/carriers/carriers.js';
import type {
  CarrierList,
  CarrierServiceView,
  CarriersImported,
  CarriersRefused,
} from '../src/fulfilment/carriers/contract.js';
import { chooseService } from '../src/fulfilment/core/carrier-choice.js';
import { body, expectError } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

/** The repository's copy of the shared sample cards (scenarios/carriers/README.md says which). */
const dataDirectory = fileURLToPath(new URL('../scenarios/carriers/', import.meta.url));
const sharedFiles = {
  rates_csv: readFileSync(`${dataDirectory}rates.csv`, 'utf8'),
  limits_csv: readFileSync(`${dataDirectory}limits.csv`, 'utf8'),
};

/** limits.csv's services, by carrier then code as the API lists them. */
const sharedServices = [
  'Chronopost chrono_13',
  'Chronopost chrono_swap_relais',
  'Colissimo domicile_avec_signature',
  'Colissimo domicile_sans_signature',
  'Colissimo point_retrait_relais',
  'La Poste lettre_suivie',
  'Mondial Relay domicile',
  'Mondial Relay point_relais',
];

describe.each(engines)('carriers on %s', (engine) => {
  let shop: TestShop;
  // 23:30 UTC on New Year's Eve is already 2025 in Paris: the default date is the shop's.
  const clock = manualClock(Date.parse('2024-12-31T23:30:00Z'));

  const importFiles = (files: Record<string, unknown>) => shop.admin('POST', '/v1/carriers/import', files);
  const carriers = async (on?: string) =>
    body<CarrierList>(await shop.admin('GET', `/v1/carriers${on === undefined ? '' : `?on=${on}`}`), 200);
  const service = (list: CarrierList, carrier: string, code: string): CarrierServiceView => {
    const found = list.data.find((entry) => entry.carrier === carrier && entry.code === code);
    if (found === undefined) throw new Error(`no ${carrier} ${code}`);
    return found;
  };

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
  });
  afterAll(() => shop.close());

  it('imports the shared files: the services of limits.csv, their cards, labelled sample', async () => {
    const imported = body<CarriersImported>(await importFiles(sharedFiles), 200);
    expect(imported).toMatchObject({ services: 8, rates: 24, dry_run: false });
    expect(imported.warnings.map((warning) => `${warning.file}:${warning.line}:${warning.field}`)).toEqual([
      'limits.csv:3:service',
      'limits.csv:4:transit_days',
      'limits.csv:5:service',
      'limits.csv:6:service',
      'limits.csv:7:service',
      'limits.csv:8:service',
      'rates.csv:17:service',
      'rates.csv:18:service',
      'rates.csv:19:service',
      'rates.csv:20:max_weight_g',
      'rates.csv:27:max_weight_g',
    ]);
    // The 2025 `domicile` rows do not say with or without signature: left out, not guessed.
    expect(imported.warnings[6]!.message).toBe(
      'not imported: Colissimo domicile could be domicile_avec_signature or domicile_sans_signature; name the service in full.',
    );

    const list = await carriers('2024-06-01');
    expect(list.data.map((entry) => `${entry.carrier} ${entry.code}`)).toEqual(sharedServices);
    expect(list.data.every((entry) => entry.sample && entry.cutoff === '15:00')).toBe(true);
    expect(list.notice).toMatch(/^Sample data: public counter prices/);

    const home = service(list, 'Colissimo', 'domicile_sans_signature');
    expect(home).toMatchObject({
      name: 'Colissimo domicile sans signature',
      max_weight_g: 30_000,
      max_length_mm: 1_000,
      max_size_mm: 1_500,
      size_formula: 'sum',
      max_thickness_mm: null,
      transit_days: { min: 2, max: 2 },
      source_url: 'https://www.colissimo.entreprise.laposte.fr/en/expedier',
    });
    expect(home.zones).toHaveLength(1);
    const card = home.zones[0]!;
    expect(card).toMatchObject({ zone: 'FR_METRO', valid_from: '2023-01-01', currency: 'EUR' });
    expect(card.bands.map((band) => [band.max_weight_g, band.price_minor])).toEqual([
      [250, 495],
      [500, 670],
      [750, 760],
      [1_000, 825],
      [2_000, 955],
      [5_000, 1_465],
      [10_000, 2_130],
      [15_000, 2_695],
      [30_000, 3_340],
    ]);
    // A 450 g parcel takes the first band that carries it: 500 g, 6.70 EUR read back as 670 cents.
    expect(card.bands.find((band) => band.max_weight_g >= 450)!.price_minor).toBe(670);

    expect(service(list, 'Chronopost', 'chrono_13')).toMatchObject({
      max_length_mm: 1_500,
      max_size_mm: 3_000,
      size_formula: 'girth',
      transit_days: { min: 1, max: 1 },
      zones: [],
    });
    expect(service(list, 'Mondial Relay', 'point_relais')).toMatchObject({
      max_length_mm: null,
      transit_days: { min: 3, max: 5 },
    });
  });

  it('prices point_retrait_relais with the point_retrait rates; with no transit time it is never chosen', async () => {
    // Every card is stored, the 2025 one too, each row with its source and note.
    const stored = (await shop.ctx.store.read.carriers.listRates()).filter(
      (row) => row.code === 'point_retrait_relais',
    );
    expect(stored.map((row) => `${row.valid_from} ${row.max_weight_g} ${row.price_minor}`)).toEqual([
      '2023-01-01 250 425',
      '2023-01-01 500 595',
      '2023-01-01 750 690',
      '2023-01-01 1000 755',
      '2023-01-01 2000 885',
      '2023-01-01 5000 1395',
      '2025-01-01 2000 1070',
    ]);
    expect(stored[6]).toMatchObject({
      currency: 'EUR',
      source_url: expect.stringMatching(/^https:\/\/ikeabase\.store\//),
      note: expect.stringMatching(/^UNCERTAIN: a TV report/),
    });
    const list = await carriers('2024-06-01');
    expect(list.data.some((entry) => entry.code === 'point_retrait')).toBe(false);
    const relay = service(list, 'Colissimo', 'point_retrait_relais');
    expect(relay).toMatchObject({ max_weight_g: 20_000, max_size_mm: null, transit_days: null });
    expect(relay.zones[0]!.bands.map((band) => [band.max_weight_g, band.price_minor])).toEqual([
      [250, 425],
      [500, 595],
      [750, 690],
      [1_000, 755],
      [2_000, 885],
      [5_000, 1_395],
    ]);
  });

  it('reads the card in force on a date: the 2023 card until 2024-12-31, the 2025 card from 2025-01-01', async () => {
    const relayOn = async (on: string) =>
      service(await carriers(on), 'Colissimo', 'point_retrait_relais').zones;
    expect((await relayOn('2024-12-31'))[0]).toMatchObject({ valid_from: '2023-01-01' });
    expect(await relayOn('2025-01-01')).toEqual([
      {
        zone: 'FR_METRO',
        valid_from: '2025-01-01',
        currency: 'EUR',
        bands: [{ max_weight_g: 2_000, price_minor: 1_070 }],
      },
    ]);
    expect(await relayOn('2022-12-31')).toEqual([]);

    const letterOn = async (on: string) =>
      service(await carriers(on), 'La Poste', 'lettre_suivie').zones[0]!.bands.map((band) => [
        band.max_weight_g,
        band.price_minor,
      ]);
    expect((await letterOn('2023-12-31'))[0]).toEqual([20, 166]);
    expect(await letterOn('2024-01-01')).toEqual([[20, 179]]);
    expect(await letterOn('2025-06-01')).toEqual([[20, 189]]);

    // No date: today on the shop's wall clock, already 2025-01-01 in Paris.
    const today = await carriers();
    expect(today.on).toBe('2025-01-01');
    expect(service(today, 'Colissimo', 'point_retrait_relais').zones[0]!.valid_from).toBe('2025-01-01');
    expectError(await shop.admin('GET', '/v1/carriers?on=2025-02-30'), 400, 'validation_failed');
    expectError(await shop.admin('GET', '/v1/carriers?on=tomorrow'), 400, 'validation_failed');
  });

  it('reads back the cards in force as the carrier choice takes them', async () => {
    // The services as shipments take them: those with a transit time, each with its cards of the day.
    const services = await choosableServices(shop.ctx.store.read, '2024-06-01');
    const choice = chooseService({
      services,
      // 70 cm long: past Lettre suivie's 60 cm.
      parcel: { weightG: 450, lengthMm: 700, widthMm: 300, heightMm: 100 },
      zone: 'FR_METRO',
      now: { localDate: '2024-06-03', localMinutes: 10 * 60 },
      promise: null,
      currency: 'EUR',
    });
    if (!choice.ok) throw new Error(choice.message);
    expect(choice.value).toMatchObject({ priceMinor: 670, promisedByDate: '2024-06-05' });
    expect(choice.value.service).toMatchObject({ carrier: 'Colissimo', code: 'domicile_sans_signature' });
  });

  it('refuses a file with errors, naming each by file, line and field, and keeps the previous import', async () => {
    const before = await carriers('2024-06-01');
    const rowsBefore = await shop.ctx.store.read.carriers.listRates();
    const rates = sharedFiles.rates_csv
      .replace('FR_METRO,500,6.70,2023-01-01', 'FR_METRO,500,6.705,2023-01-01')
      .replace('FR_METRO,250,4.25,2023-01-01', 'FR_METRO,250,4.25,2023-1-1');
    const limits = sharedFiles.limits_csv.replace(',30000,150,300,L+2h+2l,1,', ',30000,150,300,L+2H+2l,1,');
    const refused = response422(await importFiles({ rates_csv: rates, limits_csv: limits }));
    expect(refused.error.details.errors.map((error) => `${error.file}:${error.line}:${error.field}`)).toEqual(
      ['limits.csv:7:size_formula', 'rates.csv:3:price_eur_incl_vat', 'rates.csv:11:valid_from'],
    );
    expect(refused.error.details.errors[1]!.message).toBe(
      '6.705 has more than 2 decimals: a price is in whole cents.',
    );
    expect(refused.error.message).toBe('3 error(s) in the files: nothing was imported.');
    expect(await carriers('2024-06-01')).toEqual(before);
    expect(await shop.ctx.store.read.carriers.listRates()).toEqual(rowsBefore);
  });

  it('checks everything on a dry run and writes nothing', async () => {
    const before = await carriers('2024-06-01');
    const small = {
      limits_csv:
        'carrier,service,max_weight_g,max_length_cm,max_size_cm,size_formula,transit_days\nShop,coursier,5000,,,,0\n',
      rates_csv:
        'carrier,service,zone,max_weight_g,price_eur_incl_vat,valid_from\nShop,coursier,PARIS,5000,12,2024-01-01\n',
    };
    const dry = body<CarriersImported>(await importFiles({ ...small, dry_run: true }), 200);
    expect(dry).toEqual({ services: 1, rates: 1, warnings: [], dry_run: true });
    expect(await carriers('2024-06-01')).toEqual(before);
    const refused = response422(
      await importFiles({
        ...small,
        rates_csv: `${small.rates_csv}Shop,coursier,PARIS,5000,12,2024-01-01\n`,
        dry_run: true,
      }),
    );
    expect(refused.error.details.errors).toEqual([expect.objectContaining({ file: 'rates.csv', line: 3 })]);
  });

  it('replaces what was there, with the cut-off and the sample flag asked for; the outbox tells', async () => {
    const replaced = body<CarriersImported>(
      await importFiles({
        limits_csv:
          'carrier,service,max_weight_g,max_length_cm,max_size_cm,size_formula,transit_days\nShop,coursier,5000,,,,0\n',
        rates_csv:
          'carrier,service,zone,max_weight_g,price_eur_incl_vat,valid_from\nShop,coursier,PARIS,5000,12,2024-01-01\n',
        sample: false,
        cutoff: '12:30',
      }),
      200,
    );
    expect(replaced).toMatchObject({ services: 1, rates: 1 });
    const list = await carriers('2024-06-01');
    expect(list.notice).toBeNull();
    expect(list.data).toEqual([
      expect.objectContaining({
        carrier: 'Shop',
        code: 'coursier',
        sample: false,
        cutoff: '12:30',
        transit_days: { min: 0, max: 0 },
        zones: [
          {
            zone: 'PARIS',
            valid_from: '2024-01-01',
            currency: 'EUR',
            bands: [{ max_weight_g: 5_000, price_minor: 1_200 }],
          },
        ],
      }),
    ]);
    const events = body<{ data: { type: string; payload: unknown }[] }>(
      await shop.admin('GET', '/v1/events?limit=1000'),
      200,
    ).data.filter((event) => event.type === 'carriers.imported');
    expect(events.map((event) => event.payload)).toEqual([
      { services: 8, rates: 24, sample: true, cutoff: '15:00' },
      { services: 1, rates: 1, sample: false, cutoff: '12:30' },
    ]);
    expectError(await importFiles({ ...sharedFiles, cutoff: '24:00' }), 400, 'validation_failed');
  });

  it('answers a storefront key 403 on both routes', async () => {
    expectError(await shop.storefront('GET', '/v1/carriers'), 403, 'forbidden');
    expectError(await shop.storefront('POST', '/v1/carriers/import', sharedFiles), 403, 'forbidden');
  });
});

function response422(response: { statusCode: number; body: string; json(): unknown }): CarriersRefused {
  expect(response.statusCode, response.body).toBe(422);
  const refused = response.json() as CarriersRefused;
  expect(refused.error.code).toBe('validation_failed');
  return refused;
}
