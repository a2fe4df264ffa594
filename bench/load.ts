/**
 * The two ways the bench loads a server. Closed: autocannon keeps N connections busy, each sending
 * its next request when the last is answered: the saturated rate. Open: requests leave at a constant
 * rate whether or not earlier ones were answered, and each latency counts from the moment the request
 * was due, so a stalled server cannot hide its queue (no coordinated omission).
 */
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface LoadFigures {
  readonly durationSeconds: number;
  readonly answered: number;
  readonly countByStatus: Record<string, number>;
  /** Answers with the expected status per second: orders placed, or availability answered. */
  readonly okPerSecond: number;
  readonly latencyMsP50: number;
  readonly latencyMsP99: number;
  readonly latencyMsMax: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  readonly errors: number;
}

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  /** The Idempotency-Key, for orders: reported back with the status it got. */
  readonly key?: string;
}

interface LoadOptions {
  /** One base URL per server process; connections are spread evenly over them. */
  readonly urls: readonly string[];
  readonly connections: number;
  readonly headers: Record<string, string>;
  /** The status that counts as done: 201 for an order, 200 for a read. */
  readonly okStatus: number;
}

/** A new request each time (an order with its own key and body), with each key's answer reported. */
interface EachRequest {
  readonly nextRequest: () => LoadRequest;
  readonly onAnswer?: (key: string, status: number) => void;
}

export interface ClosedLoadOptions extends LoadOptions {
  /** Either a time or a number of requests. */
  readonly until: { readonly durationSeconds: number } | { readonly requestCount: number };
  /**
   * Either a new request each time, which costs the client some 20 µs of CPU per request here
   * (autocannon builds it anew and reads its answer's headers), or, where requests may repeat (the
   * ceiling, reads), a list per connection, built once and sent in turn at no cost per request: the
   * client's CPU is taken from the same 2 cores as the server's.
   */
  readonly requests: EachRequest | { readonly perConnection: (connectionIndex: number) => LoadRequest[] };
}

/** A request waits this long for its answer before it counts as an error. */
const requestTimeoutSeconds = 10;

function autocannonRequest(request: LoadRequest, headers: Record<string, string>): autocannon.Request {
  return {
    method: request.method,
    path: request.path,
    // A new headers object each time: autocannon writes the body's Content-Length into it.
    headers: request.key === undefined ? { ...headers } : { ...headers, 'idempotency-key': request.key },
    ...(request.body === undefined ? {} : { body: request.body }),
  };
}

/** Saturated load with autocannon. A counted run's time ends at its last answer. */
export async function closedLoad(options: ClosedLoadOptions): Promise<LoadFigures> {
  const { requests } = options;
  let lastAnswerMs = 0;
  let connectionIndex = 0;
  const startedMs = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        // autocannon takes several URLs and spreads its connections over them; its types say one string.
        url: [...options.urls] as unknown as string,
        connections: options.connections,
        pipelining: 1,
        timeout: requestTimeoutSeconds,
        ...('durationSeconds' in options.until
          ? { duration: options.until.durationSeconds }
          : { amount: options.until.requestCount }),
        ...('perConnection' in requests
          ? {
              setupClient: (client: autocannon.Client) => {
                const list = requests.perConnection(connectionIndex++);
                client.setRequests(list.map((request) => autocannonRequest(request, options.headers)));
              },
            }
          : {
              requests: [
                {
                  setupRequest: (request: autocannon.Request, context: object) => {
                    const next = requests.nextRequest();
                    (context as { key?: string }).key = next.key;
                    return { ...request, ...autocannonRequest(next, options.headers) };
                  },
                  onResponse: (status: number, _body: string, context: object) => {
                    const key = (context as { key?: string }).key;
                    if (key !== undefined) requests.onAnswer?.(key, status);
                  },
                },
              ],
            }),
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    if ('requestCount' in options.until) {
      instance.on('response', () => {
        lastAnswerMs = performance.now();
      });
    }
  });
  const countByStatus: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {}))
    countByStatus[status] = stats.count ?? 0;
  const answered = Object.values(countByStatus).reduce((sum, count) => sum + count, 0);
  // autocannon ends a counted run on its next 1-second tick; the time that matters is the last answer.
  const durationSeconds =
    'durationSeconds' in options.until ? result.duration : (lastAnswerMs - startedMs) / 1_000;
  return {
    durationSeconds,
    answered,
    countByStatus,
    okPerSecond: (countByStatus[String(options.okStatus)] ?? 0) / durationSeconds,
    latencyMsP50: result.latency.p50,
    latencyMsP99: result.latency.p99,
    latencyMsMax: result.latency.max,
    errors: result.errors,
  };
}

export interface OpenLoadOptions extends LoadOptions, EachRequest {
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
}

/** The scheduler wakes this often and sends every request that has come due since. */
const scheduleTickMs = 1;

/** Constant-rate load with undici; waits for every request sent to be answered, so none is left in flight. */
export async function openLoad(options: OpenLoadOptions): Promise<LoadFigures & { readonly sent: number }> {
  const perUrl = Math.max(1, Math.floor(options.connections / options.urls.length));
  const pools = options.urls.map(
    (url) =>
      new Pool(url, {
        connections: perUrl,
        pipelining: 1,
        headersTimeout: requestTimeoutSeconds * 1_000,
        bodyTimeout: requestTimeoutSeconds * 1_000,
      }),
  );
  // Microseconds, from 1 µs to 10 minutes, three significant digits.
  const latencyUs = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  const countByStatus: Record<string, number> = {};
  let errors = 0;
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const intervalMs = 1_000 / options.ratePerSecond;
  const inFlight = new Set<Promise<void>>();

  const send = (index: number, dueMs: number) => {
    const next = options.nextRequest();
    const headers =
      next.key === undefined ? options.headers : { ...options.headers, 'idempotency-key': next.key };
    const pool = pools[index % pools.length]!;
    const done = pool
      .request({
        method: next.method,
        path: next.path,
        headers,
        ...(next.body === undefined ? {} : { body: next.body }),
      })
      .then(
        async (response) => {
          await response.body.dump();
          latencyUs.recordValue(Math.max(1, Math.round((performance.now() - dueMs) * 1_000)));
          const status = String(response.statusCode);
          countByStatus[status] = (countByStatus[status] ?? 0) + 1;
          if (next.key !== undefined) options.onAnswer?.(next.key, response.statusCode);
        },
        () => {
          errors += 1;
        },
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const startedMs = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const nowMs = performance.now();
      while (sent < total && startedMs + sent * intervalMs <= nowMs) {
        send(sent, startedMs + sent * intervalMs);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, scheduleTickMs);
      else resolve();
    };
    tick();
  });
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  const durationSeconds = (performance.now() - startedMs) / 1_000;
  await Promise.all(pools.map((pool) => pool.close()));
  const answered = Object.values(countByStatus).reduce((sum, count) => sum + count, 0);
  const msAt = (percentile: number) => latencyUs.getValueAtPercentile(percentile) / 1_000;
  const figures = {
    durationSeconds,
    answered,
    countByStatus,
    okPerSecond: (countByStatus[String(options.okStatus)] ?? 0) / durationSeconds,
    latencyMsP50: msAt(50),
    latencyMsP99: msAt(99),
    latencyMsMax: latencyUs.maxValue / 1_000,
    errors,
    sent,
  };
  latencyUs.destroy();
  return figures;
}
