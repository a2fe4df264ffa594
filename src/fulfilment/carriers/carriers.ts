/**
 * Carriers' services and rate cards: imported whole from their two CSV files (an import replaces
 * every service and card there was), and read back with each zone's card in force on a local date.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { type CarrierService, type SizeFormula, serviceName } from '../core/carrier-choice.js';
import { clockOfMinutes } from '../core/cutoff.js';
import {
  type CarrierFilesOptions,
  type FileProblem,
  isCivilDate,
  readCarrierFiles,
} from './carrier-files.js';
import type { CardInForce, CarrierServiceRow } from './carrier-repo.js';
import type { CarrierList, CarrierServiceView, CarriersImported } from './contract.js';

/** The shop's wall clock says what "today" is, and which card is in force. */
export const shopTimeZone = 'Europe/Paris';

/** Said wherever sample prices are shown: the shared data are public counter prices, not a contract's. */
export const sampleNotice =
  'Sample data: public counter prices for consumers, VAT included, collected for demos and tests. A shop with a contract pays its own negotiated prices, before VAT, plus surcharges: never show these to a customer as a quote.';

export interface CarriersImportOptions extends CarrierFilesOptions {
  /** Check everything, write nothing. */
  readonly dryRun: boolean;
}

/** Written (or, dry, that would be), or refused with every error: nothing is written then. */
export type CarriersImportResult =
  | { readonly ok: true; readonly imported: CarriersImported }
  | {
      readonly ok: false;
      readonly errors: readonly FileProblem[];
      readonly warnings: readonly FileProblem[];
    };

/**
 * Imports both files, all or nothing: every service and rate stored before is replaced, in one
 * transaction with its outbox event, so nothing is ever half imported.
 */
export async function importCarriers(
  ctx: AppContext,
  texts: { readonly ratesCsv: string; readonly limitsCsv: string },
  options: CarriersImportOptions,
): Promise<CarriersImportResult> {
  const files = readCarrierFiles(texts, options);
  if (!files.ok) return files;
  const { services, rates, warnings } = files;
  const imported = {
    services: services.length,
    rates: rates.length,
    warnings: [...warnings],
    dry_run: options.dryRun,
  };
  if (options.dryRun) return { ok: true, imported };
  await ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.carriers.replaceAll(
      services.map((service) => ({
        carrier: service.carrier,
        code: service.code,
        max_weight_g: service.maxWeightG,
        max_length_mm: service.maxLengthMm,
        max_size_mm: service.maxSizeMm,
        size_formula: service.sizeFormula,
        // limits.csv has no thickness column: a letter's limit (Lettre suivie, 3 cm) is only in its note.
        max_thickness_mm: null,
        transit_days_min: service.transitDaysMin,
        transit_days_max: service.transitDaysMax,
        cutoff_minutes: service.cutoffMinutes,
        sample: service.sample ? 1 : 0,
        source_url: service.sourceUrl,
        note: service.note,
        updated_at: now,
      })),
      rates.map((rate) => ({
        carrier: rate.carrier,
        code: rate.code,
        zone: rate.zone,
        valid_from: rate.validFrom,
        max_weight_g: rate.maxWeightG,
        price_minor: rate.priceMinor,
        currency: rate.currency,
        source_url: rate.sourceUrl,
        note: rate.note,
      })),
    );
    await tx.events.append(
      [
        {
          type: 'carriers.imported',
          entityType: 'carriers',
          entityId: String(now),
          payload: {
            services: services.length,
            rates: rates.length,
            sample: options.sample,
            cutoff: clockOfMinutes(options.cutoffMinutes),
          },
        },
      ],
      now,
    );
  });
  return { ok: true, imported };
}

/** Today's date on the shop's wall clock. */
export function shopToday(nowMs: number): string {
  return DateTime.fromMillis(nowMs, { zone: shopTimeZone }).toFormat('yyyy-LL-dd');
}

const keyOf = (carrier: string, code: string) => `${carrier}\u0000${code}`;

/** The services and, by service, their cards in force on `onDate`. */
async function servicesOn(
  ctx: AppContext,
  onDate: string,
): Promise<{ services: CarrierServiceRow[]; cardsOf(row: CarrierServiceRow): CardInForce[] }> {
  const [services, cards] = await Promise.all([
    ctx.store.read.carriers.listServices(),
    ctx.store.read.carriers.cardsInForce(onDate),
  ]);
  const byService = new Map<string, CardInForce[]>();
  for (const card of cards) {
    const key = keyOf(card.carrier, card.code);
    const list = byService.get(key);
    if (list === undefined) byService.set(key, [card]);
    else list.push(card);
  }
  return { services, cardsOf: (row) => byService.get(keyOf(row.carrier, row.code)) ?? [] };
}

/**
 * The services a parcel may be sent with on `localDate`, as the carrier choice takes them: those with
 * a transit time (one that cannot promise a date is never chosen), each with its cards in force that
 * day.
 */
export async function choosableServices(repos: Repos, localDate: string): Promise<CarrierService[]> {
  const [rows, cards] = await Promise.all([
    repos.carriers.listServices(),
    repos.carriers.cardsInForce(localDate),
  ]);
  const services: CarrierService[] = [];
  for (const row of rows) {
    if (row.transit_days_min === null || row.transit_days_max === null) continue;
    services.push({
      carrier: row.carrier,
      code: row.code,
      bandsByZone: new Map(
        cards
          .filter((card) => card.carrier === row.carrier && card.code === row.code)
          .map((card) => [card.zone, card.bands]),
      ),
      maxWeightG: row.max_weight_g,
      maxLengthMm: row.max_length_mm,
      maxSizeMm: row.max_size_mm,
      sizeFormula: row.size_formula as SizeFormula | null,
      maxThicknessMm: row.max_thickness_mm,
      transitDaysMin: row.transit_days_min,
      transitDaysMax: row.transit_days_max,
      cutoffMinutes: row.cutoff_minutes,
    });
  }
  return services;
}

function serviceView(row: CarrierServiceRow, cards: readonly CardInForce[]): CarrierServiceView {
  return {
    carrier: row.carrier,
    code: row.code,
    name: serviceName(row),
    sample: row.sample === 1,
    max_weight_g: row.max_weight_g,
    max_length_mm: row.max_length_mm,
    max_size_mm: row.max_size_mm,
    size_formula: row.size_formula as SizeFormula | null,
    max_thickness_mm: row.max_thickness_mm,
    transit_days:
      row.transit_days_min === null || row.transit_days_max === null
        ? null
        : { min: row.transit_days_min, max: row.transit_days_max },
    cutoff: clockOfMinutes(row.cutoff_minutes),
    source_url: row.source_url,
    note: row.note,
    zones: cards.map((card) => ({
      zone: card.zone,
      valid_from: card.validFrom,
      currency: card.currency,
      bands: card.bands.map((band) => ({ max_weight_g: band.maxWeightG, price_minor: band.priceMinor })),
    })),
  };
}

function checkedDate(onDate: string): Result<string> {
  return isCivilDate(onDate)
    ? ok(onDate)
    : fail('validation_failed', `on: ${onDate} is not a YYYY-MM-DD date.`, { field: 'on', value: onDate });
}

/** Every service with its limits and, per zone, the card in force on `onDate` (default: the shop's today). */
export async function listCarriers(ctx: AppContext, onDate?: string): Promise<Result<CarrierList>> {
  const on = checkedDate(onDate ?? shopToday(ctx.clock.now()));
  if (!on.ok) return on;
  const { services, cardsOf } = await servicesOn(ctx, on.value);
  return ok({
    on: on.value,
    notice: services.some((service) => service.sample === 1) ? sampleNotice : null,
    data: services.map((row) => serviceView(row, cardsOf(row))),
  });
}
