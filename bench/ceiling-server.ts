/**
 * The machine's ceiling: a bare Node `http` server that answers every request with one fixed small
 * JSON (the size of an availability answer). No routing, no parsing, no store: what any server
 * written in Node can at most do on this machine, against which Affluence's figures are ratios.
 */
import { createServer } from 'node:http';

const answer = Buffer.from(JSON.stringify({ sku: 'BENCH-00001', channel: 'web', available: 42 }));

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
  response.end(answer);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  process.stdout.write(`ceiling serves on http://127.0.0.1:${address.port}\n`);
});

process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
