/**
 * A product selection read live for a storefront's banner or tab: the entry for the caller's
 * segment, then only the SKUs buyable on the channel now, with stock and prices as they are.
 */
import { type AvailabilityFreezes, AvailabilityReader } from '../../inventory/index.js';
import { type AppContext, notFound, toIso } from '../../platform/context.js';
import { ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { applySale } from '../../pricing/core/timeline.js';
import { matchesSegment } from '../core/segments.js';
import {
  entryLimit,
  isListEntry,
  pickEntry,
  type RuleEntry,
  type SkuFacts,
  segmentsNamed,
  selectSkus,
} from '../core/selections.js';
import type { SelectedSku, SelectionAnswer, SelectionEntry } from './contract.js';
import { conditionsOf, historyOfCustomer } from './segments.js';
import type { CandidateRow } from './selection-repo.js';
import { entriesOf } from './selections.js';

const dayMs = 24 * 60 * 60 * 1000;

/** Who is asking: a segment named outright, or a customer whose segments are worked out. */
export interface SelectionQuery {
  readonly segment?: string;
  readonly customer?: string;
  readonly limit?: number;
}

/** A candidate with what the answer shows of it. */
interface Candidate {
  readonly facts: SkuFacts;
  readonly name: string;
  readonly priceMinor: number | null;
}

/**
 * Reads selections live for storefronts. Availability goes through inventory's reader (buffers and
 * freezes applied, concurrent reads of a channel coalesced); a best-sellers ranking is kept a few
 * seconds, as it moves over minutes while stock and prices are read on every call.
 */
export class SelectionReader {
  private readonly availability: AvailabilityReader;
  private readonly rankings = new Map<string, { readAtMs: number; rows: CandidateRow[] }>();

  constructor(
    private readonly ctx: AppContext,
    freezes: AvailabilityFreezes,
  ) {
    this.availability = new AvailabilityReader(ctx, freezes);
  }

  async read(code: string, query: SelectionQuery): Promise<Result<SelectionAnswer>> {
    const row = await this.ctx.store.read.selections.selectionToRead(code);
    if (row === undefined) return notFound('selection', code);
    const entries = entriesOf(row);
    const entry = pickEntry(entries, await this.membership(entries, query));
    const limit = Math.min(query.limit ?? limits.selectionSkusMax, limits.selectionSkusMax);
    const chosen = entry === undefined ? [] : await this.choose(row.channel_code, entry, limit);
    return ok({
      code: row.code,
      name: row.name,
      channel: row.channel_code,
      currency: row.currency,
      segment: entry?.segment ?? null,
      skus: chosen,
      computed_at: toIso(this.ctx.clock.now()),
    });
  }

  /** Which segments the caller is in: the one it names, or those its customer's history matches. */
  private async membership(
    entries: readonly SelectionEntry[],
    query: SelectionQuery,
  ): Promise<(segment: string) => boolean> {
    if (query.segment !== undefined) return (segment) => segment === query.segment;
    if (query.customer === undefined) return () => false;
    const codes = segmentsNamed(entries);
    if (codes.length === 0) return () => false;
    const [history, segments] = await Promise.all([
      historyOfCustomer(this.ctx, query.customer),
      this.ctx.store.read.selections.segmentsByCode(codes),
    ]);
    const nowMs = this.ctx.clock.now();
    return (segment) => {
      const row = segments.get(segment);
      return row !== undefined && matchesSegment(conditionsOf(row), history, nowMs);
    };
  }

  private async choose(channel: string, entry: SelectionEntry, limitMax: number): Promise<SelectedSku[]> {
    const candidates = new Map<string, Candidate>();
    const pick = () =>
      selectSkus(
        entry,
        [...candidates.values()].map((candidate) => candidate.facts),
        limitMax,
      );
    if (isListEntry(entry)) {
      const rows = await this.ctx.store.read.catalog.skusByCode(entry.skus);
      const listed = entry.skus.flatMap((sku) => {
        const found = rows.get(sku);
        // A SKU gone from the catalog since the list was written is simply not answered.
        return found === undefined ? [] : [{ ...found, unitsSold: 0 }];
      });
      await this.addFacts(channel, listed, candidates);
    } else {
      const wanted = Math.min(entryLimit(entry), limitMax);
      let afterSku: string | undefined;
      for (let round = 0; round < limits.selectionCandidateReadsMax; round++) {
        const page = await this.candidates(channel, entry, round, afterSku);
        await this.addFacts(channel, page, candidates);
        if (page.length < limits.selectionCandidatesPerRead || pick().length >= wanted) break;
        afterSku = page.at(-1)!.sku;
      }
    }
    return pick().map((sku) => {
      const candidate = candidates.get(sku)!;
      return {
        sku,
        name: candidate.name,
        price: candidate.priceMinor!,
        available: candidate.facts.available,
      };
    });
  }

  /** The next page of a rule's candidates, in the order the rule answers them. */
  private async candidates(
    channel: string,
    entry: RuleEntry,
    round: number,
    afterSku: string | undefined,
  ): Promise<CandidateRow[]> {
    const size = limits.selectionCandidatesPerRead;
    if (entry.best_sellers === undefined) {
      return this.ctx.store.read.selections.skusInCodeOrder({
        category: entry.category,
        afterSku,
        limit: size,
      });
    }
    const ranking = await this.ranking(channel, entry.best_sellers.days, entry.category);
    return ranking.slice(round * size, (round + 1) * size);
  }

  /** Best sellers of a channel over a period, read once for every round and kept a few seconds. */
  private async ranking(channel: string, days: number, category: string | undefined) {
    const key = JSON.stringify([channel, days, category ?? null]);
    const nowMs = this.ctx.clock.now();
    const kept = this.rankings.get(key);
    if (kept !== undefined && nowMs - kept.readAtMs < limits.selectionRankingKeptMs) return kept.rows;
    const rows = await this.ctx.store.read.selections.bestSellers({
      channel,
      sinceMs: nowMs - days * dayMs,
      category,
      limit: limits.selectionCandidatesPerRead * limits.selectionCandidateReadsMax,
    });
    if (this.rankings.size >= limits.selectionRankingsKeptMax) this.rankings.clear();
    this.rankings.set(key, { readAtMs: nowMs, rows });
    return rows;
  }

  /** Availability and prices in force of a page of candidates: a few statements for the whole page. */
  private async addFacts(
    channel: string,
    rows: readonly CandidateRow[],
    into: Map<string, Candidate>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const skus = rows.map((row) => row.sku);
    const [available, prices] = await Promise.all([
      this.availability.read(channel, skus),
      this.ctx.store.read.pricing.pricesInForce([channel], skus, this.ctx.clock.now()),
    ]);
    // The candidates come from the catalog, so every SKU exists: a failure here is a bug.
    if (!available.ok) throw new Error(`availability of selection candidates failed: ${available.message}`);
    const units = new Map(available.value.map((answer) => [answer.sku, answer.available]));
    const inForce = prices.get(channel);
    for (const row of rows) {
      const price = inForce?.get(row.sku);
      const priceMinor =
        price === undefined
          ? null
          : price.sale === null
            ? price.baseMinor
            : applySale(price.baseMinor, price.sale.rule);
      into.set(row.sku, {
        name: row.name,
        priceMinor,
        facts: {
          sku: row.sku,
          unitsSold: row.unitsSold,
          category: row.category,
          available: units.get(row.sku) ?? 0,
          priced: priceMinor !== null,
        },
      });
    }
  }
}
