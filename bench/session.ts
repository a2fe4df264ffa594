/** What the runs on one store share: the store's servers and shop, the audit, and how to report. */
import type { Caller } from './api.js';
import type { RunAudit, UnitsBySku } from './audit.js';
import type { Metered } from './cpu.js';
import type { LoadRequest } from './load.js';
import { type OrderLedger, seededRandom } from './orders.js';
import type { BenchSettings } from './settings.js';
import { type BenchShop, channel } from './shop.js';
import type { EngineName } from './stores.js';

export type Progress = (line: string) => void;

export interface StoreRunContext {
  readonly settings: BenchSettings;
  readonly progress: Progress;
  /** Resolves when other work on the machine is quiet enough to measure (or waiting is over). */
  readonly awaitQuiet: () => Promise<void>;
  /** With `--cpu-prof`: where the servers write their profiles. */
  readonly cpuProfileDir: string | undefined;
}

/** Orders placed beside a read load use their own connections, beside the readers'. */
export const backgroundOrderConnections = 200;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const rate = (value: number) => Math.round(value).toLocaleString('en-US');

/** What every run on one store shares: its servers, the shop, the audit. */
export interface Session {
  readonly engine: EngineName;
  readonly context: StoreRunContext;
  readonly urls: readonly string[];
  readonly admin: Caller;
  readonly shop: BenchShop;
  readonly storefrontHeaders: Record<string, string>;
  /** Units ordered per SKU over every order the audits found so far. */
  readonly unitsBySku: UnitsBySku;
  readonly audits: RunAudit[];
  /** Runs `work` while measuring who used the CPU. */
  meter<T>(work: () => Promise<T>): Promise<Metered<T>>;
  /** Orders over the shop's SKUs, each recorded in `ledger`. */
  orderRequests(ledger: OrderLedger, seed: number, promoCodes?: readonly string[]): () => LoadRequest;
  audit(run: string, ledger: OrderLedger, sinceMs: number): Promise<RunAudit>;
  say(line: string): void;
}

/** Orders on every server, each answer recorded in `ledger`. */
export function orderLoad(session: Session, ledger: OrderLedger, nextRequest: () => LoadRequest) {
  return {
    urls: session.urls,
    connections: session.context.settings.connections,
    headers: session.storefrontHeaders,
    okStatus: 201,
    each: { nextRequest, onAnswer: (key: string, status: number) => ledger.answer(key, status) },
  };
}

/** Availability requests each reading connection of a saturated run sends in turn. */
const readsPerConnection = 256;

/** An availability read of a SKU drawn at random with `pick`. */
function availabilityRequest(session: Session, pick: () => number): LoadRequest {
  const { skus } = session.shop;
  return {
    method: 'GET',
    path: `/v1/availability/${skus[Math.floor(pick() * skus.length)]!}?channel=${channel}`,
  };
}

/** Saturated availability reads on every server: the options of a closed run, but for how long. */
export function availabilityReads(session: Session) {
  return {
    urls: session.urls,
    connections: session.context.settings.connections,
    headers: { authorization: session.storefrontHeaders.authorization! },
    okStatus: 200,
    requests: {
      // Each connection reads its own random SKUs in turn: no two walk the catalogue in step.
      perConnection: (connectionIndex: number): LoadRequest[] => {
        const pick = seededRandom(1_000 + connectionIndex);
        return Array.from({ length: readsPerConnection }, () => availabilityRequest(session, pick));
      },
    },
  };
}

/** Availability reads for an open run, one new request per arrival, SKUs drawn from `seed`. */
export function availabilityArrivals(session: Session, seed: number): () => LoadRequest {
  const pick = seededRandom(seed);
  return () => availabilityRequest(session, pick);
}
