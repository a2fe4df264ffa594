/**
 * Issue 16: a fuzzer driven by the OpenAPI document. Every operation the app documents is sent
 * hostile requests made by fast-check from its schemas: wrong types, numbers past what a double
 * holds, strings past their limits, Unicode that databases trip on, missing and extra fields, 10,000
 * nested arrays, keys given twice, bodies of the wrong media type, percent-encoding that is not
 * UTF-8, huge and bogus headers, bad Idempotency-Keys and bad credentials. Every write request is
 * one the server must refuse. Whatever comes, no answer is a 5xx, every error is in the one format,
 * and the store is the same afterwards, row for row.
 *
 * `FUZZ_SEED` picks the seed (a fixed one by default, so the suite is repeatable), `FUZZ_RUNS` the
 * number of requests (10,000 by default); a failure prints the request fast-check shrank it to and
 * the `FUZZ_SEED` and `FUZZ_PATH` that replay it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Document, type Operation, operationsOf, writeMethods } from './support/fuzz/document.js';
import { requestArbitrary } from './support/fuzz/request-arbitrary.js';
import type { FuzzRequest } from './support/fuzz/requests.js';
import { type FuzzShop, openFuzzShop, withCursors } from './support/fuzz/shop.js';
import { differences, type Snapshot, StoreWatch } from './support/fuzz/snapshot.js';
import { describeRequest, problemsOf } from './support/fuzz/verdict.js';

const seed = Number(process.env.FUZZ_SEED ?? 1616);
const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Replays one failure without the runs before it (fast-check's path, printed with the failure). */
const replayPath = process.env.FUZZ_PATH;

/**
 * The statuses answered, how many requests each operation was sent, and the slowest answer: shown,
 * never asserted, as a request that holds the server for seconds is a finding a person should see.
 */
class Tally {
  readonly statuses = new Map<number, number>();
  readonly perOperation = new Map<string, number>();
  requests = 0;
  slowest = { ms: 0, what: '' };

  count(request: FuzzRequest, status: number, ms: number): void {
    this.requests++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.perOperation.set(request.operation.name, (this.perOperation.get(request.operation.name) ?? 0) + 1);
    if (ms > this.slowest.ms) this.slowest = { ms, what: `${request.method} ${request.url.slice(0, 120)}` };
  }

  histogram(): string {
    return [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  }
}

class Finding extends Error {}

describe('the OpenAPI-driven fuzzer', () => {
  let shop: FuzzShop;
  let operations: Operation[];
  let known: Awaited<ReturnType<typeof withCursors>>;
  let watch: StoreWatch;
  let seeded: Snapshot;

  beforeAll(async () => {
    shop = await openFuzzShop();
    const document = (await shop.app.inject({ method: 'GET', url: '/docs/json' })).json() as Document;
    operations = operationsOf(document);
    known = await withCursors(shop, operations);
    watch = new StoreWatch(shop.testStore.location);
    seeded = watch.snapshot();
    watch.committed();
  });
  afterAll(async () => {
    watch?.close();
    await shop?.close();
  });

  it(
    `sends ${runs} hostile requests over every operation: no 5xx, errors in the one format, the store unchanged`,
    async () => {
      expect(operations.length).toBeGreaterThan(150);
      const keys = { admin: shop.adminKey, storefront: shop.storefrontKey };
      const requests = fc.oneof(...operations.map((operation) => requestArbitrary(operation, keys, known)));
      const tally = new Tally();
      let last = seeded;
      const startedMs = performance.now();

      const property = fc.asyncProperty(requests, async (request) => {
        // A write, or the live stream, is only ever sent when the server must refuse it.
        fc.pre(
          request.refusals.length > 0 ||
            !(writeMethods.has(request.operation.method) || request.operation.streams),
        );
        const sentMs = performance.now();
        const response = await shop.app.inject({
          method: request.method,
          url: request.url,
          headers: request.headers,
          remoteAddress: request.remoteAddress,
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        tally.count(request, response.statusCode, performance.now() - sentMs);
        const problems = problemsOf(request, response);
        // A commit since the last request: the technical tables aside, the store must read the same.
        if (watch.committed()) {
          const now = watch.snapshot();
          const changed = differences(last, now);
          last = now;
          if (changed.length > 0) problems.push('it changed the store:', ...changed);
        }
        if (problems.length > 0) throw new Finding(problems.join('\n'));
      });
      const details = await fc.check(property, {
        seed,
        numRuns: runs,
        ...(replayPath === undefined ? {} : { path: replayPath }),
      });

      const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
      console.log(
        `fuzz: ${tally.requests} requests over ${tally.perOperation.size} of ${operations.length} operations in ${seconds} s (FUZZ_SEED=${seed}): ${tally.histogram()}; slowest ${tally.slowest.ms.toFixed(0)} ms, ${tally.slowest.what}`,
      );
      if (details.failed) {
        const counterexample = details.counterexample?.[0];
        const error = details.errorInstance;
        expect.fail(
          [
            `The fuzzer found a problem after ${details.numRuns} requests (replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath}); shrunk ${details.numShrinks} times to:`,
            counterexample === undefined ? '(no counterexample)' : describeRequest(counterexample),
            error instanceof Finding ? error.message : String(error),
          ].join('\n'),
        );
      }
      // However the requests went, the shop is the one seeded, row for row.
      expect(differences(seeded, watch.snapshot())).toEqual([]);
      // Every operation was sent its share, once there are enough requests to go round.
      if (replayPath === undefined && runs >= operations.length * 20)
        expect(
          operations.filter((operation) => !tally.perOperation.has(operation.name)).map((each) => each.name),
        ).toEqual([]);
    },
    120_000 + runs * 30,
  );

  it('raises the alarm on a write the server accepts, naming the rows it wrote', async () => {
    // The fuzzer's own alarm, tried on a valid write: were it deaf, the test above would prove nothing.
    const operation = operations.find((each) => each.name === 'PUT /v1/channels/{code}')!;
    const request: FuzzRequest = {
      operation,
      method: 'PUT',
      url: '/v1/channels/fuzz-alarm',
      headers: { authorization: `Bearer ${shop.adminKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Alarm', currency: 'EUR' }),
      mutations: [],
      refusals: [],
      remoteAddress: '127.0.0.1',
    };
    const response = await shop.app.inject({ ...request, payload: request.payload! });
    expect(problemsOf(request, response)).toEqual([expect.stringMatching(/^a write accepted/)]);
    expect(watch.committed()).toBe(true);
    expect(differences(seeded, watch.snapshot())).toContainEqual(expect.stringMatching(/^channels: 1 row/));
  });
});
