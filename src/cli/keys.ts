/** `affluence keys create | list | revoke`: API keys straight on the store, for operators at a shell. */
import { createApiKey, listApiKeys, revokeApiKey, type Scope } from '../platform/api-keys/api-keys.js';
import { createContext } from '../platform/context.js';
import { openStore } from '../server/index.js';

async function withContext<T>(
  db: string,
  work: (ctx: ReturnType<typeof createContext>) => Promise<T>,
): Promise<T> {
  const store = await openStore(db);
  try {
    return await work(createContext(store));
  } finally {
    await store.close();
  }
}

export async function createKey(db: string, name: string, scopes: Scope[]): Promise<void> {
  await withContext(db, async (ctx) => {
    const created = await createApiKey(ctx, { name, scopes });
    if (!created.ok) throw new Error(created.message);
    process.stdout.write(`${created.value.id}  ${created.value.scopes.join(',')}  ${created.value.key}\n`);
    process.stderr.write('The key is shown once: keep it now.\n');
  });
}

export async function listKeys(db: string): Promise<void> {
  await withContext(db, async (ctx) => {
    for (const key of await listApiKeys(ctx)) {
      const state = key.revoked_at === null ? 'active' : `revoked ${key.revoked_at}`;
      process.stdout.write(`${key.id}  ${key.prefix}…  ${key.scopes.join(',')}  ${key.name}  ${state}\n`);
    }
  });
}

export async function revokeKey(db: string, id: string): Promise<void> {
  await withContext(db, async (ctx) => {
    const revoked = await revokeApiKey(ctx, id);
    if (!revoked.ok) throw new Error(revoked.message);
    process.stdout.write(`revoked ${id}\n`);
  });
}
