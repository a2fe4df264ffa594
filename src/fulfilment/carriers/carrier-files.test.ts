/**
 * The two carrier files read: money exact from its digits, centimetres to millimetres, transit
 * ranges, size rules, the rule attaching a rate row to its service, and every error named by file,
 * line and field in one go.
 */
import { describe, expect, it } from 'vitest';
import { limits } from '../../platform/core/limits.js';
import { clockOfMinutes, defaultCutoffMinutes, minutesOfClock } from '../core/cutoff.js';
import { type CarrierFiles, type FileProblem, isCivilDate, readCarrierFiles } from './carrier-files.js';

const limitsHeader = 'carrier,service,max_weight_g,max_length_cm,max_size_cm,size_formula,transit_days';
const ratesHeader = 'carrier,service,zone,max_weight_g,price_eur_incl_vat,valid_from';
const options = { cutoffMinutes: defaultCutoffMinutes, sample: true };

const oneService = `${limitsHeader}\nColissimo,domicile_sans_signature,30000,100,150,L+l+h,2\n`;
const oneRate = `${ratesHeader}\nColissimo,domicile_sans_signature,FR_METRO,500,6.70,2023-01-01\n`;

function read(limitsCsv: string, ratesCsv: string, given = options): CarrierFiles {
  return readCarrierFiles({ limitsCsv, ratesCsv }, given);
}

function imported(limitsCsv: string, ratesCsv: string) {
  const files = read(limitsCsv, ratesCsv);
  if (!files.ok) throw new Error(`refused: ${JSON.stringify(files.errors)}`);
  return files;
}

function refused(limitsCsv: string, ratesCsv: string): readonly FileProblem[] {
  const files = read(limitsCsv, ratesCsv);
  if (files.ok) throw new Error('imported');
  return files.errors;
}

/** The cents each price text gives, through a rates file of one band per price. */
function centsOf(...prices: string[]): number[] {
  const rows = prices.map(
    (price, index) => `Colissimo,domicile_sans_signature,FR_METRO,${index + 1},${price},2023-01-01`,
  );
  return imported(oneService, `${ratesHeader}\n${rows.join('\n')}\n`).rates.map((rate) => rate.priceMinor);
}

/** The service one limits row gives. */
function serviceOf(row: string) {
  const files = imported(`${limitsHeader}\n${row}\n`, `${ratesHeader}\nC,s,FR_METRO,500,1,2023-01-01\n`);
  return files.services[0]!;
}

describe('money', () => {
  it('turns euros into cents from the digits, where a float would be off', () => {
    // 0.07 * 100 is 7.000000000000001, 1.15 * 100 is 114.99999999999999, 4.35 * 100 is 434.99999999999994.
    expect(0.07 * 100).not.toBe(7);
    expect(centsOf('0.07', '1.15', '4.35', '9.55', '0.1', '0.2', '0.30')).toEqual([
      7, 115, 435, 955, 10, 20, 30,
    ]);
  });

  it('takes whole euros, one decimal and leading zeros', () => {
    expect(centsOf('10', '9.5', '0', '09.05', '1000000.00')).toEqual([1000, 950, 0, 905, 100_000_000]);
  });

  it('refuses a third decimal, a comma, a sign, an exponent and an empty price', () => {
    const errors = refused(
      oneService,
      `${ratesHeader}\n${['9.555', '9,55', '-1', '+1', '1e3', '.5', ''].map((price, index) => `Colissimo,domicile_sans_signature,FR_METRO,${index + 1},"${price}",2023-01-01`).join('\n')}\n`,
    );
    expect(errors.map((error) => [error.line, error.field])).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((line) => [line, 'price_eur_incl_vat']),
    );
    expect(errors[0]!.message).toBe('9.555 has more than 2 decimals: a price is in whole cents.');
    expect(errors[1]!.message).toContain('euros with a dot');
  });

  it('refuses a price past the largest', () => {
    const errors = refused(
      oneService,
      `${ratesHeader}\nColissimo,domicile_sans_signature,FR_METRO,1,10000000.01,2023-01-01\n`,
    );
    expect(errors[0]!.message).toContain('over the largest price');
  });
});

describe('units and transit times', () => {
  it('turns centimetres into millimetres, whole or to the millimetre', () => {
    const service = serviceOf('C,s,30000,12.5,150,L+l+h,2');
    expect([service.maxWeightG, service.maxLengthMm, service.maxSizeMm, service.sizeFormula]).toEqual([
      30000,
      125,
      1500,
      'sum',
    ]);
    expect(serviceOf('C,s,20000,100,250,L+2h+2l,1').sizeFormula).toBe('girth');
    expect(serviceOf('C,s,2000,60,,,3')).toMatchObject({
      maxLengthMm: 600,
      maxSizeMm: null,
      sizeFormula: null,
    });
  });

  it('reads a transit time as one figure or a range', () => {
    expect(serviceOf('C,s,1000,,,,2')).toMatchObject({ transitDaysMin: 2, transitDaysMax: 2 });
    expect(serviceOf('C,s,1000,,,,3-5')).toMatchObject({ transitDaysMin: 3, transitDaysMax: 5 });
  });

  it('keeps a service without a transit time, and warns that it can never be chosen', () => {
    const files = imported(
      `${limitsHeader}\nC,s,1000,,,,\n`,
      `${ratesHeader}\nC,s,FR_METRO,500,1,2023-01-01\n`,
    );
    expect(files.services[0]).toMatchObject({ transitDaysMin: null, transitDaysMax: null });
    expect(files.warnings).toEqual([
      expect.objectContaining({ file: 'limits.csv', line: 2, field: 'transit_days' }),
    ]);
    expect(files.warnings[0]!.message).toContain('can never be chosen');
  });

  it('gives every service the cut-off and the sample flag of the import', () => {
    const files = readCarrierFiles(
      { limitsCsv: oneService, ratesCsv: oneRate },
      { cutoffMinutes: 17 * 60 + 30, sample: false },
    );
    expect(files.ok && files.services[0]).toMatchObject({ cutoffMinutes: 1050, sample: false });
    expect(imported(oneService, oneRate).services[0]).toMatchObject({ cutoffMinutes: 900, sample: true });
  });

  it('reads and writes clock times and dates', () => {
    expect([minutesOfClock('15:00'), minutesOfClock('00:00'), minutesOfClock('23:59')]).toEqual([
      900, 0, 1439,
    ]);
    expect([minutesOfClock('24:00'), minutesOfClock('9:00'), minutesOfClock('15h')]).toEqual([
      null,
      null,
      null,
    ]);
    expect([clockOfMinutes(900), clockOfMinutes(545)]).toEqual(['15:00', '09:05']);
    expect([
      isCivilDate('2024-02-29'),
      isCivilDate('2025-02-29'),
      isCivilDate('2025-13-01'),
      isCivilDate('25-01-01'),
    ]).toEqual([true, false, false, false]);
  });
});

describe('attaching a rate row to its service', () => {
  const services = `${limitsHeader}
Colissimo,domicile_sans_signature,30000,100,150,L+l+h,2
Colissimo,domicile_avec_signature,30000,100,150,L+l+h,2
Colissimo,point_retrait_relais,20000,,,,2
Colissimo,point,20000,,,,2
La Poste,lettre_suivie,2000,60,,,3
`;
  const attachedTo = (service: string, carrier = 'Colissimo') => {
    const files = imported(services, `${ratesHeader}\n${carrier},${service},FR_METRO,500,5.95,2023-01-01\n`);
    return {
      codes: files.rates.map((rate) => rate.code),
      warnings: files.warnings
        .filter((warning) => warning.file === 'rates.csv')
        .map((warning) => warning.message),
    };
  };

  it('takes the service of the same carrier and code', () => {
    expect(attachedTo('domicile_sans_signature').codes).toEqual(['domicile_sans_signature']);
    expect(attachedTo('point').codes).toEqual(['point']);
  });

  it('else the one service of the carrier whose code starts with the rate’s and an underscore', () => {
    expect(attachedTo('point_retrait').codes).toEqual(['point_retrait_relais']);
    expect(attachedTo('lettre', 'La Poste').codes).toEqual(['lettre_suivie']);
  });

  it('leaves out with a warning a rate no service has limits for', () => {
    for (const [service, carrier] of [
      ['point_re', 'Colissimo'],
      ['lettre_suivie', 'Colissimo'],
      ['chrono_13', 'Chronopost'],
    ] as const) {
      const attached = attachedTo(service, carrier);
      expect(attached.codes).toEqual([]);
      expect(attached.warnings).toEqual([expect.stringMatching(/^not imported: no limits for it/)]);
    }
  });

  it('leaves out with a warning a rate whose code fits several services', () => {
    const attached = attachedTo('domicile');
    expect(attached.codes).toEqual([]);
    expect(attached.warnings).toEqual([
      'not imported: Colissimo domicile could be domicile_avec_signature or domicile_sans_signature; name the service in full.',
    ]);
  });

  it('refuses two rows that attach to the same band', () => {
    const errors = refused(
      services,
      `${ratesHeader}\nColissimo,point_retrait,FR_METRO,500,5.95,2023-01-01\nColissimo,point_retrait_relais,FR_METRO,500,6.00,2023-01-01\n`,
    );
    expect(errors).toEqual([expect.objectContaining({ file: 'rates.csv', line: 3, field: 'service' })]);
    expect(errors[0]!.message).toContain('line 2 prices already');
  });
});

describe('checking', () => {
  it('names every error by file, line and field, all in one go', () => {
    const errors = refused(
      `${limitsHeader}
Colissimo,domicile,30kg,100,150,L+l+h,2
Colissimo,relais,20000,,150,,2
Chronopost,chrono_13,30000,150,300,L*2,1
Mondial Relay,point_relais,30000,,150,L+l+h,5-3
Colissimo,domicile,30000,100,150,L+l+h,2
`,
      `${ratesHeader}
Colissimo,domicile,FR_METRO,500,6.70,2023-01-01
Colissimo,domicile,FR_METRO,500,6.70,2023-01-01
Colissimo,domicile,FR_METRO,750,7.60,01/01/2023
Colissimo,domicile,FR METRO,0,7.60,2023-02-30
Colissimo,domicile,FR_METRO,1000
`,
    );
    expect(errors.map((error) => `${error.file}:${error.line}:${error.field}`)).toEqual([
      'limits.csv:2:max_weight_g',
      'limits.csv:3:size_formula',
      'limits.csv:4:size_formula',
      'limits.csv:5:transit_days',
      'limits.csv:6:service',
      'rates.csv:3:max_weight_g',
      'rates.csv:4:valid_from',
      'rates.csv:5:zone',
      'rates.csv:5:max_weight_g',
      'rates.csv:5:valid_from',
      'rates.csv:6:file',
    ]);
    const message = (line: number, field: string, file = 'limits.csv') =>
      errors.find((error) => error.file === file && error.line === line && error.field === field)!.message;
    expect(message(4, 'size_formula')).toContain('L+l+h (the three sides added) or L+2h+2l');
    expect(message(6, 'service')).toBe('Colissimo domicile is already on line 2.');
    expect(message(3, 'max_weight_g', 'rates.csv')).toContain('repeats line 2');
    expect(message(4, 'valid_from', 'rates.csv')).toBe('"01/01/2023" is not a YYYY-MM-DD date.');
    expect(message(6, 'file', 'rates.csv')).toBe('has 4 fields where the header has 6.');
  });

  it('refuses a header that misses a column or names an unknown one, and an empty file', () => {
    const errors = refused('carrier,service,max_weight_g\nC,s,1\n', `${ratesHeader},notes\n`);
    expect(errors.map((error) => `${error.file}:${error.line}:${error.field}`)).toEqual([
      'limits.csv:1:header',
      'rates.csv:1:header',
    ]);
    expect(errors[0]!.message).toContain('missing: max_length_cm, max_size_cm, size_formula, transit_days');
    expect(errors[1]!.message).toContain('unknown: notes');
    expect(refused('', oneRate)).toEqual([
      expect.objectContaining({ file: 'limits.csv', line: 1, field: 'file' }),
    ]);
    expect(refused(`${limitsHeader}\n`, oneRate)[0]!.message).toContain('has no rows');
  });

  it('refuses an import past its rows maximum, at the first row too many', () => {
    const rows = Array.from(
      { length: limits.carrierImportRowsMax },
      (_, index) => `C,s,FR_METRO,${index + 1},1,2023-01-01`,
    );
    const errors = refused(`${limitsHeader}\nC,s,1000000,,,,2\n`, `${ratesHeader}\n${rows.join('\n')}\n`);
    expect(errors).toEqual([
      expect.objectContaining({ file: 'rates.csv', line: limits.carrierImportRowsMax + 1, field: 'file' }),
    ]);
    expect(
      imported(`${limitsHeader}\nC,s,1000000,,,,2\n`, `${ratesHeader}\n${rows.slice(1).join('\n')}\n`).rates,
    ).toHaveLength(limits.carrierImportRowsMax - 1);
  });

  it('takes source_url and note when given, and refuses what is not an http(s) URL', () => {
    const files = imported(
      `${limitsHeader},source_url,note\nColissimo,domicile_sans_signature,30000,100,150,L+l+h,2,https://example.fr/x,"Said, with a comma"\n`,
      oneRate,
    );
    expect(files.services[0]).toMatchObject({
      sourceUrl: 'https://example.fr/x',
      note: 'Said, with a comma',
    });
    expect(refused(`${limitsHeader},source_url\nC,s,1000,,,,2,ftp://example.fr\n`, oneRate)).toEqual([
      expect.objectContaining({ file: 'limits.csv', line: 2, field: 'source_url' }),
    ]);
  });

  it('warns of a service without a price, and of a card that stops lighter than the one before', () => {
    const files = imported(
      `${limitsHeader}\nC,s,30000,,,,2\nC,unpriced,30000,,,,2\n`,
      `${ratesHeader}\nC,s,FR_METRO,500,5,2023-01-01\nC,s,FR_METRO,2000,9,2023-01-01\nC,s,FR_METRO,500,6,2025-01-01\n`,
    );
    expect(files.warnings.map((warning) => `${warning.file}:${warning.line}:${warning.field}`)).toEqual([
      'limits.csv:3:service',
      'rates.csv:4:max_weight_g',
    ]);
    expect(files.warnings[1]!.message).toContain(
      'from 2025-01-01 stops at 500 g where the card before it went to 2,000 g',
    );
    expect(files.rates).toHaveLength(3);
  });
});
