/**
 * Affluence as it runs in production, for the race and crash tests: one server process on SQLite,
 * or two processes sharing one PostgreSQL database, each a real `affluence serve`.
 */
import { type Client, client } from './client.js';
import { type ServerProcess, startServer } from './server-process.js';
import { type EngineName, freshLocation } from './stores.js';

export interface Cluster {
  readonly location: string;
  readonly servers: ServerProcess[];
  /** An admin client on each process. */
  readonly admins: Client[];
  /** A storefront client on each process (one storefront key). */
  readonly storefronts: Client[];
  /** Spreads requests over the processes, round robin. */
  storefront(index: number): Client;
  restart(): Promise<Cluster>;
  close(): Promise<void>;
}

const adminKey = 'aff_test_cluster_admin_key';

export async function startCluster(
  engine: EngineName,
  existing?: { location: string; drop(): Promise<void> },
  storefrontKey?: string,
  serveArgs: readonly string[] = [],
): Promise<Cluster> {
  const place = existing ?? (await freshLocation(engine));
  const processCount = engine === 'postgres' ? 2 : 1;
  const servers: ServerProcess[] = [];
  // Started one after the other: both run migrations, and the second must find the schema done.
  for (let i = 0; i < processCount; i++) servers.push(await startServer(place.location, adminKey, serveArgs));
  const admins = servers.map((server) => client(server.url, adminKey));
  let key = storefrontKey;
  if (key === undefined) {
    const created = await admins[0]!('POST', '/v1/api-keys', {
      name: 'race storefront',
      scopes: ['storefront'],
    });
    if (created.status !== 201)
      throw new Error(`could not create a storefront key: ${JSON.stringify(created.body)}`);
    key = created.body.key as string;
  }
  const storefronts = servers.map((server) => client(server.url, key!));
  const cluster: Cluster = {
    location: place.location,
    servers,
    admins,
    storefronts,
    storefront: (index) => storefronts[index % storefronts.length]!,
    async restart() {
      await Promise.all(servers.map((server) => server.stop()));
      return startCluster(engine, place, key, serveArgs);
    },
    async close() {
      await Promise.all(servers.map((server) => server.stop()));
      await place.drop();
    },
  };
  return cluster;
}

/** Fails loudly when a set-up call does not succeed. */
export async function must(call: Promise<{ status: number; body: any }>): Promise<any> {
  const reply = await call;
  if (reply.status >= 300)
    throw new Error(`set-up call failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}
