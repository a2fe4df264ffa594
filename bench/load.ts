/**
 * The two ways the bench loads a server. Closed: autocannon keeps N connections busy, each sending
 * its next request when the last is answered: the saturated rate. Open: requests leave at a constant
 * rate whether or not earlier ones were answered, and each latency counts from the moment the request
 * was due, so a stalled server cannot hide its queue (no coordinated omission).
 */
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { Client } from 'undici';

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

/**
 * `connections` are opened before the clock starts and kept, as a load balancer keeps its pool to
 * the servers behind it. Each arrival takes an idle one; when none is idle the arrival is dropped by
 * the generator itself (counted, reported), never queued: a client queue would turn the open model
 * back into a closed one and hide the server's overload. Nor does the generator open more: Node
 * (libuv ≥ 1.45) accepts one new connection per turn of its event loop, so a busy server takes
 * thousands of new connections seconds to accept, a delay of the accept queue and not of the server.
 */
export interface OpenLoadOptions extends LoadOptions, EachRequest {
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  /**
   * Arrivals that go on, at this rate, once the measured ones are all sent: whether full service is
   * back as soon as an overload stops. They are counted apart, in `recovery`.
   */
  readonly recovery?: { readonly ratePerSecond: number; readonly durationSeconds: number };
}

export interface RecoveryFigures {
  readonly sent: number;
  /** Arrivals of the recovery that got the expected status. */
  readonly ok: number;
  /**
   * From when, counted from the start of the recovery, every arrival was served: the next arrival
   * after the last one that got another status, no answer, or was dropped by the generator.
   */
  readonly fullServiceAfterSeconds: number;
}

export interface OpenLoadFigures extends LoadFigures {
  readonly sent: number;
  /** Arrivals the generator could not send: every connection it may open was busy. */
  readonly dropped: number;
  /** Answers per second with a status other than the expected one (shed, refused). */
  readonly otherPerSecond: number;
  /** Latency of the answers with the expected status, and of the 503s. */
  readonly okLatencyMsP99: number;
  readonly shedLatencyMsP50: number;
  readonly shedLatencyMsP99: number;
  /** Answers that were 503 and carried a Retry-After header. */
  readonly shedWithRetryAfter: number;
  readonly recovery: RecoveryFigures | undefined;
}

/** The scheduler wakes this often and sends every request that has come due since. */
const scheduleTickMs = 1;

/** Keep-alive connections to one server, taken and given back in O(1): undici's Pool scans its clients. */
class Connections {
  private readonly idle: Client[];
  private readonly all: Client[];

  constructor(
    private readonly url: string,
    count: number,
  ) {
    this.all = Array.from({ length: count }, () => this.connect());
    this.idle = [...this.all];
  }

  private connect(): Client {
    return new Client(this.url, {
      pipelining: 1,
      headersTimeout: requestTimeoutSeconds * 1_000,
      bodyTimeout: requestTimeoutSeconds * 1_000,
    });
  }

  take(): Client | undefined {
    return this.idle.pop();
  }

  give(client: Client): void {
    this.idle.push(client);
  }

  /** Connects every connection with one request (the health check), so that connecting is not measured. */
  async warm(): Promise<void> {
    await Promise.all(
      this.all.map(async (client) => {
        const response = await client.request({ method: 'GET', path: '/healthz' });
        await response.body.dump();
      }),
    );
  }

  /** A connection that failed is replaced, not given back. */
  replace(client: Client): void {
    void client.destroy();
    const fresh = this.connect();
    this.all.push(fresh);
    this.give(fresh);
  }

  close(): Promise<unknown> {
    return Promise.all(this.all.map((client) => client.destroy()));
  }
}

function latencyHistogram(): hdr.Histogram {
  // Microseconds, from 1 µs to 10 minutes, three significant digits.
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/**
 * Open-model load: arrivals at a constant rate whether or not earlier ones were answered, each on a
 * connection of its own while it lasts, and each latency counted from the moment it was due. Waits
 * for every request sent to be answered, so none is left in flight.
 */
export async function openLoad(options: OpenLoadOptions): Promise<OpenLoadFigures> {
  const perUrl = Math.max(1, Math.floor(options.connections / options.urls.length));
  const servers = options.urls.map((url) => new Connections(url, perUrl));
  await Promise.all(servers.map((server) => server.warm()));
  const all = latencyHistogram();
  const ok = latencyHistogram();
  const shed = latencyHistogram();
  const countByStatus: Record<string, number> = {};
  let errors = 0;
  let dropped = 0;
  let shedWithRetryAfter = 0;
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const intervalMs = 1_000 / options.ratePerSecond;
  const { recovery } = options;
  const recoveryTotal =
    recovery === undefined ? 0 : Math.max(1, Math.round(recovery.ratePerSecond * recovery.durationSeconds));
  const recoveryIntervalMs = recovery === undefined ? 0 : 1_000 / recovery.ratePerSecond;
  const recoveryCounts = { sent: 0, ok: 0, fullServiceAfterMs: 0 };
  const inFlight = new Set<Promise<void>>();
  let startedMs = 0;
  let lastMeasuredAnswerMs = 0;
  const recoveryStartMs = () => startedMs + options.durationSeconds * 1_000;
  const dueOf = (index: number) =>
    index < total ? startedMs + index * intervalMs : recoveryStartMs() + (index - total) * recoveryIntervalMs;
  /** A recovery arrival that was not served, due at `dueMs`. */
  const unserved = (dueMs: number) => {
    recoveryCounts.fullServiceAfterMs = Math.max(
      recoveryCounts.fullServiceAfterMs,
      dueMs - recoveryStartMs() + recoveryIntervalMs,
    );
  };

  const send = (index: number, dueMs: number) => {
    const measured = index < total;
    const server = servers[index % servers.length]!;
    const client = server.take();
    if (client === undefined) {
      if (measured) dropped += 1;
      else unserved(dueMs);
      return;
    }
    if (!measured) recoveryCounts.sent += 1;
    const next = options.nextRequest();
    const headers =
      next.key === undefined ? options.headers : { ...options.headers, 'idempotency-key': next.key };
    const done = client
      .request({
        method: next.method,
        path: next.path,
        headers,
        ...(next.body === undefined ? {} : { body: next.body }),
      })
      .then(
        async (response) => {
          await response.body.dump();
          server.give(client);
          if (next.key !== undefined) options.onAnswer?.(next.key, response.statusCode);
          if (!measured) {
            if (response.statusCode === options.okStatus) recoveryCounts.ok += 1;
            else unserved(dueMs);
            return;
          }
          lastMeasuredAnswerMs = performance.now();
          const latency = Math.max(1, Math.round((lastMeasuredAnswerMs - dueMs) * 1_000));
          all.recordValue(latency);
          if (response.statusCode === options.okStatus) ok.recordValue(latency);
          if (response.statusCode === 503) {
            shed.recordValue(latency);
            if (response.headers['retry-after'] !== undefined) shedWithRetryAfter += 1;
          }
          const status = String(response.statusCode);
          countByStatus[status] = (countByStatus[status] ?? 0) + 1;
        },
        () => {
          server.replace(client);
          if (measured) errors += 1;
          else unserved(dueMs);
        },
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  startedMs = performance.now();
  let scheduled = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const nowMs = performance.now();
      while (scheduled < total + recoveryTotal && dueOf(scheduled) <= nowMs) {
        send(scheduled, dueOf(scheduled));
        scheduled += 1;
      }
      if (scheduled < total + recoveryTotal) setTimeout(tick, scheduleTickMs);
      else resolve();
    };
    tick();
  });
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  // Until the last measured answer: a server that piles up a backlog and answers it late is not credited.
  const durationSeconds = (Math.max(lastMeasuredAnswerMs, recoveryStartMs()) - startedMs) / 1_000;
  await Promise.all(servers.map((server) => server.close()));
  const answered = Object.values(countByStatus).reduce((sum, count) => sum + count, 0);
  const okCount = countByStatus[String(options.okStatus)] ?? 0;
  const msAt = (histogram: hdr.Histogram, percentile: number) =>
    histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1_000;
  const figures = {
    durationSeconds,
    answered,
    countByStatus,
    okPerSecond: okCount / durationSeconds,
    otherPerSecond: (answered - okCount) / durationSeconds,
    latencyMsP50: msAt(all, 50),
    latencyMsP99: msAt(all, 99),
    latencyMsMax: all.maxValue / 1_000,
    okLatencyMsP99: msAt(ok, 99),
    shedLatencyMsP50: msAt(shed, 50),
    shedLatencyMsP99: msAt(shed, 99),
    shedWithRetryAfter,
    errors,
    sent: total - dropped,
    dropped,
    recovery:
      recovery === undefined
        ? undefined
        : {
            sent: recoveryCounts.sent,
            ok: recoveryCounts.ok,
            fullServiceAfterSeconds: recoveryCounts.fullServiceAfterMs / 1_000,
          },
  };
  for (const histogram of [all, ok, shed]) histogram.destroy();
  return figures;
}
