/**
 * `npm run bench:webhooks [-- --engine sqlite|postgres] [-- --runs 3] [-- --with webhook,feed]`: what keeping the channels in
 * step costs the order path. Saturated orders into a fresh `affluence serve` (see `ab.ts`), plain,
 * then with a webhook subscription to every `order.*` event and the channel's availability feed,
 * both to a receiver in this process answering 204 at once.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { argument, compare } from './ab.js';
import { expectStatus } from './api.js';

/** What the fed runs have: a webhook subscription to `order.*`, the channel's feed, or both. */
const feeders = argument('with', 'webhook,feed').split(',');

/** The subscriber and the channel: counts what it is sent. */
let posts = 0;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    posts++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

/** Posts per second the fed runs of each engine saw in their measured window. */
const delivered: number[] = [];
let postsBefore = 0;
let openedAtMs = 0;

await compare(
  { name: 'plain' },
  {
    name: `with ${feeders.join(' and ')}`,
    async prepare(admin) {
      if (feeders.includes('webhook')) {
        await expectStatus(
          admin('POST', '/v1/webhooks', { url: receiverUrl, event_types: ['order.*'] }),
          201,
          'hook',
        );
      }
      if (feeders.includes('feed')) {
        await expectStatus(admin('PUT', '/v1/channels/web/feed', { url: receiverUrl }), 201, 'feed');
      }
    },
    measuring(open) {
      if (open) {
        postsBefore = posts;
        openedAtMs = Date.now();
      } else delivered.push((posts - postsBefore) / ((Date.now() - openedAtMs) / 1_000));
    },
  },
  () => {
    const line = `  posted to them meanwhile:     ${delivered.map((value) => Math.round(value).toLocaleString('en-US')).join(' · ')} per second`;
    delivered.length = 0;
    return [line];
  },
);
receiver.close();
