/**
 * The channel lag of a rehearsal: how long after an order was placed on the rehearsal's channel its
 * new figures reached another channel's availability feed. The rehearsal listens on this machine as
 * that other channel's endpoint, records every push (its SKUs, when the server read its figures,
 * when it arrived), and matches each order acknowledged with the first push of each of its SKUs read
 * after the order was placed (its `created_at`, the server's clock as the push's): the order has
 * reached the channel when all its SKUs have.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LatencySummary, newHistogram, recordMicros, summarise } from './stats.js';

/** One push as the receiver saw it. */
export interface ReceivedPush {
  readonly generatedAtMs: number;
  readonly receivedAtMs: number;
  readonly skus: readonly string[];
}

/** An order acknowledged: when the server placed it, and what it sold. */
export interface AcknowledgedChange {
  readonly placedAtMs: number;
  readonly skus: readonly string[];
}

export interface FeedLag {
  /** Orders whose figures reached the channel, with the lag from placement to arrival. */
  readonly lag: LatencySummary;
  /** Orders whose figures had not reached the channel when the rehearsal stopped waiting. */
  readonly unmatched: number;
}

/** Per SKU, the pushes that carried it, in the order the server generated them. */
function pushesBySku(pushes: readonly ReceivedPush[]): Map<string, ReceivedPush[]> {
  const bySku = new Map<string, ReceivedPush[]>();
  for (const push of [...pushes].sort((a, b) => a.generatedAtMs - b.generatedAtMs)) {
    for (const sku of push.skus) {
      const list = bySku.get(sku) ?? [];
      list.push(push);
      bySku.set(sku, list);
    }
  }
  return bySku;
}

/** The first push of the list generated at or after `atMs`, by binary search. */
function firstFrom(pushes: readonly ReceivedPush[], atMs: number): ReceivedPush | undefined {
  let low = 0;
  let high = pushes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (pushes[middle]!.generatedAtMs < atMs) low = middle + 1;
    else high = middle;
  }
  return pushes[low];
}

/** Matches orders with the pushes that carried their new figures. */
export function feedLag(changes: readonly AcknowledgedChange[], pushes: readonly ReceivedPush[]): FeedLag {
  const bySku = pushesBySku(pushes);
  const histogram = newHistogram();
  let unmatched = 0;
  for (const change of changes) {
    let arrivedMs = 0;
    for (const sku of change.skus) {
      const push = firstFrom(bySku.get(sku) ?? [], change.placedAtMs);
      if (push === undefined) {
        arrivedMs = Number.NaN;
        break;
      }
      arrivedMs = Math.max(arrivedMs, push.receivedAtMs);
    }
    if (Number.isNaN(arrivedMs)) unmatched++;
    // In microseconds, as the rehearsal's other histograms.
    else recordMicros(histogram, (arrivedMs - change.placedAtMs) * 1000);
  }
  return { lag: summarise(histogram), unmatched };
}

/** The other channel's endpoint, on this machine. */
export class FeedReceiver {
  readonly pushes: ReceivedPush[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FeedReceiver> {
    let receiver: FeedReceiver | undefined;
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        const receivedAtMs = Date.now();
        try {
          const body = JSON.parse(text) as { generated_at: string; items: { sku: string }[] };
          receiver?.pushes.push({
            generatedAtMs: Date.parse(body.generated_at),
            receivedAtMs,
            skus: body.items.map((item) => item.sku),
          });
          response.writeHead(204).end();
        } catch {
          response.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new FeedReceiver(server, `http://127.0.0.1:${port}/feed`);
    return receiver;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
