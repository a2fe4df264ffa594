/**
 * `affluence serve`: opens the store, migrates it, optionally seeds the demo shop, and serves the
 * API — in this process, or in several worker processes sharing one port (PostgreSQL only).
 */
import cluster from 'node:cluster';
import { defaultAdmissionSettings, defaultIntakeOptions } from '../intake/index.js';
import { ensureDefaultAlertRules } from '../ops/index.js';
import { createApiKey, ensureBootstrapKey } from '../platform/api-keys/api-keys.js';
import { createContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { serverLogger } from '../platform/http/log.js';
import { isPostgresUrl } from '../platform/store/store.js';
import { createServer, openStore } from '../server/index.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly db: string;
  /** undefined: seed the demo shop on the embedded store only, never by default on PostgreSQL. */
  readonly demo: boolean | undefined;
  readonly adminKey: string | undefined;
  readonly quiet: boolean;
  /** Server processes; more than one needs PostgreSQL. */
  readonly workers: number;
  /** Requests a minute per API key (0: no budget) and per client address without a key. */
  readonly rateLimitPerKey: number;
  readonly rateLimitPerClient: number;
  /** The intake's tuning: orders per batch, and commands queued before shedding. */
  readonly batchSizeMax: number;
  readonly intakeQueueLengthMax: number;
  /** Allow `PUT /v1/ops/faults`: a rehearsal server fails storefront requests on purpose, for drills. */
  readonly faultInjection: boolean;
  /** How long each webhook attempt waits for an answer; a claim lapses after twice that. */
  readonly webhookTimeoutMs: number;
  /** Relay the outbox to NATS JetStream at this URL; undefined: no relay. */
  readonly nats: string | undefined;
}

/** Migrates, seeds the demo shop if asked, and makes sure an admin can sign in; says how. */
async function prepare(options: ServeOptions): Promise<string> {
  const store = await openStore(options.db);
  try {
    const ctx = createContext(store);
    // A new shop starts with a contingency plan: alert rules and their runbooks, to adapt.
    await ensureDefaultAlertRules(ctx);
    if (options.demo ?? !isPostgresUrl(options.db)) {
      const { seedDemoWithProgress } = await import('./demo-progress.js');
      await seedDemoWithProgress(ctx, options.quiet);
    }
    if (options.adminKey !== undefined) {
      await ensureBootstrapKey(ctx, options.adminKey);
      return 'the key in AFFLUENCE_ADMIN_KEY';
    }
    if (!(await store.read.keys.hasActiveAdmin())) {
      const created = await createApiKey(ctx, { name: 'first admin', scopes: ['admin'] });
      if (!created.ok) throw new Error(created.message);
      return `${created.value.key}   (shown once: keep it; set AFFLUENCE_ADMIN_KEY to choose your own)`;
    }
    return 'an admin key made earlier (or create one: affluence keys create --name me --scopes admin)';
  } finally {
    await store.close();
  }
}

/** Serves the API in this process until SIGINT or SIGTERM; resolves with the address. */
async function serveHere(options: ServeOptions): Promise<string> {
  const store = await openStore(options.db);
  const ctx = createContext(store);
  const app = await createServer(ctx, {
    logger: options.quiet ? false : serverLogger(),
    admission: defaultAdmissionSettings,
    rateLimits: { perKey: options.rateLimitPerKey, perClient: options.rateLimitPerClient },
    faultInjection: options.faultInjection,
    evaluateAlerts: true,
    sweep: true,
    deliverWebhooks: true,
    webhookTimeoutMs: options.webhookTimeoutMs,
    ...(options.nats === undefined ? {} : { nats: options.nats }),
    intake: {
      ...defaultIntakeOptions,
      batchSizeMax: options.batchSizeMax,
      queueLengthMax: options.intakeQueueLengthMax,
    },
  });
  const address = await app.listen({ port: options.port, host: options.host, backlog: limits.listenBacklog });
  const shutdown = async () => {
    // Orders already queued are answered, and the timers stopped, before the store closes.
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
}

function announce(options: ServeOptions, address: string, keyHint: string): void {
  if (options.quiet) return;
  const store = isPostgresUrl(options.db) ? 'postgres' : `sqlite ${options.db}`;
  const processes = options.workers > 1 ? `, ${options.workers} processes` : '';
  process.stdout.write(
    [
      `Affluence serves on ${address} (store: ${store}${processes})`,
      `  Operations:    ${address}/ops`,
      `  API docs:      ${address}/docs`,
      `  Authenticate:  Authorization: Bearer <key>, with ${keyHint}`,
      `  Try:           curl -H "Authorization: Bearer <key>" ${address}/v1/skus?limit=3`,
      '',
    ].join('\n'),
  );
}

export async function serve(options: ServeOptions): Promise<void> {
  if (cluster.isWorker) {
    const address = await serveHere(options);
    process.send?.({ listening: address });
    return;
  }
  if (options.workers > 1 && !isPostgresUrl(options.db)) {
    throw new Error(
      'several processes need PostgreSQL (--db postgres://…): the embedded SQLite store has one writer',
    );
  }
  const keyHint = await prepare(options);
  if (options.workers <= 1) {
    announce(options, await serveHere(options), keyHint);
    return;
  }
  // Workers share the listening socket; each has its own intake writer, and PostgreSQL keeps the
  // promises across them.
  const workers = Array.from({ length: options.workers }, () => cluster.fork());
  const addresses = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<string>((resolve, reject) => {
          worker.on('message', (message: { listening?: string }) => {
            if (message.listening !== undefined) resolve(message.listening);
          });
          worker.once('exit', (code) => reject(new Error(`a worker exited with ${code} while starting`)));
        }),
    ),
  );
  announce(options, addresses[0]!, keyHint);
  const stop = () => {
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  cluster.on('exit', (worker, code, signal) => {
    if (signal !== 'SIGTERM' && code !== 0)
      process.stderr.write(`affluence: worker ${worker.id} exited (${signal ?? code})\n`);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
}
