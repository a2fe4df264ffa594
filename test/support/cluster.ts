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
  /** The keys the clients carry, for tests that call the API their own way. */
  readonly adminKey: string;
  readonly storefrontKey: string;
  restart(): Promise<Cluster>;
  /** Starts process `index` again (after a kill) while the others keep serving; the arrays then hold the new one. */
  restartOne(index: number): Promise<ServerProcess>;
  close(): Promise<void>;
}

const adminKey = 'aff_test_cluster_admin_key';

export async function startCluster(
  engine: EngineName,
  existing?: { location: string; drop(): Promise<void> },
  storefrontKey?: string,
  serveArgs: readonly string[] = [],
): Promise<Cluster> {
  return launch(engine, existing ?? (await freshLocation(engine)), storefrontKey, serveArgs, false);
}

async function launch(
  engine: EngineName,
  place: { location: string; drop(): Promise<void> },
  storefrontKey: string | undefined,
  serveArgs: readonly string[],
  schemaReady: boolean,
): Promise<Cluster> {
  const processCount = engine === 'postgres' ? 2 : 1;
  const servers: ServerProcess[] = [];
  if (schemaReady) {
    // A restart: the schema is done, so the processes start side by side, as after an outage.
    const started = await Promise.allSettled(
      Array.from({ length: processCount }, () => startServer(place.location, adminKey, serveArgs)),
    );
    for (const outcome of started) if (outcome.status === 'fulfilled') servers.push(outcome.value);
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) {
      // No process is left running behind a failed start.
      await Promise.all(servers.map((server) => server.kill()));
      throw failed.reason;
    }
  } else {
    // Started one after the other: both run migrations, and the second must find the schema done.
    for (let i = 0; i < processCount; i++)
      servers.push(await startServer(place.location, adminKey, serveArgs));
  }
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
    adminKey,
    storefrontKey: key,
    async restartOne(index) {
      await servers[index]!.stop();
      const server = await startServer(place.location, adminKey, serveArgs);
      servers[index] = server;
      admins[index] = client(server.url, adminKey);
      storefronts[index] = client(server.url, key!);
      return server;
    },
    async restart() {
      await Promise.all(servers.map((server) => server.stop()));
      return launch(engine, place, key, serveArgs, true);
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
