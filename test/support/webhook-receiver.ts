/** A real HTTP receiver of webhooks whose paths behave as a test tells them, and Standard Webhooks' check. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../src/platform/core/seeded-random.js';

type Behaviour = 'ok' | 'broken' | 'silent' | 'flapping';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: { type: string; timestamp: string; data: any };
  readonly eventId: number;
  /** The status it answered; null when it never answered. */
  answered: number | null;
}

/**
 * A receiver whose paths behave as told: `ok` answers 200, `broken` 500, `silent` never answers,
 * `flapping` (seeded) 500 a third of the time, never a tenth, late but 200 a sixth, else at once.
 */
export async function webhookReceiver() {
  const behaviours = new Map<string, Behaviour>();
  const received: Received[] = [];
  const random = seededRandom(12);
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const path = request.url ?? '';
      const entry: Received = {
        path,
        headers: request.headers,
        raw,
        body: JSON.parse(raw),
        eventId: Number(String(request.headers['webhook-id']).replace('evt_', '')),
        answered: null,
      };
      received.push(entry);
      const answer = (status: number) => {
        entry.answered = status;
        response
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(status === 200 ? 'ok' : 'database is down');
      };
      const behaviour = behaviours.get(path) ?? 'ok';
      const draw = random();
      if (behaviour === 'silent' || (behaviour === 'flapping' && draw < 0.1)) hanging.push(response);
      else if (behaviour === 'broken' || (behaviour === 'flapping' && draw < 0.43)) answer(500);
      else if (behaviour === 'flapping' && draw < 0.6) setTimeout(() => answer(200), 30);
      else answer(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    behave: (path: string, behaviour: Behaviour) => behaviours.set(path, behaviour),
    at: (path: string) => received.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Standard Webhooks' check, written here from the scheme itself: HMAC-SHA256, keyed with the
 * secret's base64 bytes, over `id.timestamp.body`, base64, among the `v1,` signatures; and a
 * timestamp within five minutes.
 */
export function signedBy(secret: string, request: Received): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.raw}`).digest('base64');
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && String(request.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}
