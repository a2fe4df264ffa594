/** A small JSON client for the bench's own calls (setting up the shop, auditing), apart from the load. */
import { Agent, request } from 'undici';

/** The bench's own calls must not hang the run: a store that stops answering is a failure. */
const callTimeoutMs = 60_000;

const agent = new Agent({ connections: 32, headersTimeout: callTimeoutMs, bodyTimeout: callTimeoutMs });

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export type Caller = (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => Promise<Answer>;

/** Shed answers the bench's own calls wait out, as a storefront would: a busy server says when to come back. */
const shedRetriesMax = 5;
const retryAfterMsMax = 10_000;

export function caller(baseUrl: string, key: string): Caller {
  return async (method, path, body) => {
    for (let attempt = 1; ; attempt++) {
      const response = await request(baseUrl + path, {
        dispatcher: agent,
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.body.text();
      const retryAfterS = Number(response.headers['retry-after']);
      const shed = response.statusCode === 503 || response.statusCode === 429;
      if (shed && Number.isFinite(retryAfterS) && attempt <= shedRetriesMax) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfterS * 1000, retryAfterMsMax)));
        continue;
      }
      return { status: response.statusCode, body: text === '' ? null : JSON.parse(text) };
    }
  };
}

/** The body of an answer with the expected status; anything else stops the bench with what came back. */
export async function expectStatus<T>(answer: Promise<Answer>, status: number, what: string): Promise<T> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`${what}: expected ${status}, got ${got} ${JSON.stringify(body)}`);
  return body as T;
}

/** Runs `work` over every item with at most `concurrency` in flight. */
export async function forEachLimit<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export async function closeApiClient(): Promise<void> {
  await agent.close();
}
