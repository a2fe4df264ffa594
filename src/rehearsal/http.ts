/** The rehearsal's only way to Affluence: its HTTP API, over a pool of kept-alive connections (undici). */
import { Pool } from 'undici';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** Retry-After in milliseconds, when the server sent one (seconds or an HTTP date). */
  readonly retryAfterMs: number | undefined;
}

export interface RequestOptions {
  readonly key: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly timeoutMs: number;
}

/** Thrown when no answer came within the timeout. */
export class TimeoutError extends Error {}

/** How requests reach the server; tests give a fake one. */
export interface Transport {
  request(method: string, path: string, options: RequestOptions): Promise<Answer>;
  /** Ends every connection, aborting what is still in flight. */
  close(): Promise<void>;
}

export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Loopback only, unless the caller says otherwise: a rehearsal is a load test. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function httpTransport(baseUrl: string, connections: number): Transport {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let closed = false;
  return {
    async request(method, path, options) {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const headers: Record<string, string> = { authorization: `Bearer ${options.key}`, ...options.headers };
      let payload: string | undefined;
      if (options.body !== undefined) {
        payload = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      try {
        const response = await pool.request({
          origin: url.origin,
          path: prefix + path,
          method: method as 'GET',
          headers,
          body: payload,
          signal: timeout,
        });
        const text = await response.body.text();
        let body: unknown = text;
        if (text !== '' && String(response.headers['content-type'] ?? '').includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        return {
          status: response.statusCode,
          body,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        };
      } catch (error) {
        if (timeout.aborted)
          throw new TimeoutError(`no answer to ${method} ${path} in ${options.timeoutMs} ms`);
        throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  };
}

/** Runs tasks with at most `concurrency` at once; the first failure stops the rest and is thrown. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
) {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
