/**
 * The limits of a connection, tried over a real socket as an abusive client would: headers too
 * large, headers trickled in and never finished, bytes that are not HTTP. Node's parser refuses them
 * before any route runs; the answer still comes in the one error format, and the server keeps
 * serving everyone else.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../src/platform/core/limits.js';
import { openShop, type TestShop } from './support/shop.js';

interface RawAnswer {
  readonly status: number;
  readonly headers: string;
  readonly body: unknown;
  /** Milliseconds from the connection to the server closing it. */
  readonly closedAfterMs: number;
}

/** Writes `chunks` on a new connection and reads until the server closes it. */
function raw(port: number, chunks: readonly string[]): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => {
      received += data.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({
        status,
        headers: head,
        body: body === '' ? undefined : JSON.parse(body),
        closedAfterMs: Date.now() - started,
      });
    });
    for (const chunk of chunks) socket.write(chunk);
  });
}

describe('the limits of a connection', () => {
  let shop: TestShop;
  let port: number;

  beforeAll(async () => {
    shop = await openShop('sqlite');
    await shop.app.listen({ port: 0, host: '127.0.0.1' });
    port = (shop.app.server.address() as { port: number }).port;
  });
  afterAll(() => shop?.close());

  it('answers 431 headers_too_large to headers past 16 KiB', async () => {
    const answer = await raw(port, [
      `GET /healthz HTTP/1.1\r\nHost: shop\r\nX-Padding: ${'a'.repeat(limits.headerBytesMax)}\r\n\r\n`,
    ]);
    expect(answer.status).toBe(431);
    expect(answer.headers).toMatch(/content-type: application\/json/i);
    expect(answer.body).toEqual({
      error: { code: 'headers_too_large', message: "The request's headers are larger than 16 KiB." },
    });
  });

  it('answers 400 in the error format to bytes that are not HTTP', async () => {
    const answer = await raw(port, ['HELLO THERE\r\n\r\n']);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'validation_failed', details: { in: 'http' } } });
  });

  it(
    'closes a connection whose headers never finish with 408 request_timeout, after the headers timeout',
    async () => {
      // A slowloris: the request line and one header, then nothing.
      const answer = await raw(port, ['GET /healthz HTTP/1.1\r\nHost: shop\r\n']);
      expect(answer.status).toBe(408);
      expect(answer.body).toMatchObject({ error: { code: 'request_timeout' } });
      // Closed once the limit passed (the test's own timeout says it was not held for ever).
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(limits.headersTimeoutMs - 100);
    },
    limits.headersTimeoutMs + 10_000,
  );

  it('keeps answering well-formed requests on the same server', async () => {
    const answer = await raw(port, ['GET /healthz HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n']);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'ok' });
  });
});
