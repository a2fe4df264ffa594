/** `affluence serve`: opens the store, migrates it, optionally seeds the demo shop, and serves the API. */
import { createApiKey, ensureBootstrapKey } from '../app/api-keys.js';
import { createContext } from '../app/context.js';
import { startHoldSweeper } from '../app/hold-sweeper.js';
import { buildApp } from '../http/app.js';
import { isPostgresUrl, Store } from '../store/store.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly db: string;
  /** undefined: seed the demo shop on the embedded store only, never by default on PostgreSQL. */
  readonly demo: boolean | undefined;
  readonly adminKey: string | undefined;
  readonly quiet: boolean;
}

export async function serve(options: ServeOptions): Promise<void> {
  const store = await Store.open(options.db);
  const ctx = createContext(store);
  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };

  const demo = options.demo ?? !isPostgresUrl(options.db);
  if (demo) {
    const { seedDemoWithProgress } = await import('./demo-progress.js');
    await seedDemoWithProgress(ctx, options.quiet);
  }

  let keyHint: string;
  if (options.adminKey !== undefined) {
    await ensureBootstrapKey(ctx, options.adminKey);
    keyHint = 'the key in AFFLUENCE_ADMIN_KEY';
  } else if (!(await store.read.keys.hasActiveAdmin())) {
    const created = await createApiKey(ctx, { name: 'first admin', scopes: ['admin'] });
    if (!created.ok) throw new Error(created.message);
    keyHint = `${created.value.key}   (shown once: keep it; set AFFLUENCE_ADMIN_KEY to choose your own)`;
  } else {
    keyHint = 'an admin key made earlier (or create one: affluence keys create --name me --scopes admin)';
  }

  const app = await buildApp(ctx, { logger: options.quiet ? false : { level: 'warn' } });
  const sweeper = startHoldSweeper(ctx, (error) => app.log.error({ err: error }, 'hold sweep failed'));
  const address = await app.listen({ port: options.port, host: options.host });
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');

  say(
    `Affluence serves on ${shown} (store: ${store.engine.name}${store.engine.name === 'sqlite' ? ` ${options.db}` : ''})`,
  );
  say(`  API docs:      ${shown}/docs`);
  say(`  Authenticate:  Authorization: Bearer <key>, with ${keyHint}`);
  say(`  Try:           curl -H "Authorization: Bearer <key>" ${shown}/v1/skus?limit=3`);

  const shutdown = async () => {
    await app.close();
    await sweeper.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
