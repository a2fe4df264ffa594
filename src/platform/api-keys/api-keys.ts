/**
 * API keys with scopes. A key is 32 random bytes shown once at creation; only its SHA-256 is kept
 * (a slow password hash buys nothing against a random 256-bit secret, and would cost every request).
 */
import { createHash, randomBytes } from 'node:crypto';
import { type AppContext, inTransaction, notFound, toIso } from '../context.js';
import { ok, type Result } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { ApiKey, CreatedApiKey } from './contract.js';

export const scopes = ['admin', 'storefront'] as const;
export type Scope = (typeof scopes)[number];

export interface Principal {
  readonly apiKeyId: string;
  readonly scopes: readonly Scope[];
}

const keyPrefix = 'aff_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function view(row: {
  id: string;
  name: string;
  scopes: string;
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
}): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes),
    prefix: row.key_prefix,
    created_at: toIso(row.created_at),
    revoked_at: row.revoked_at === null ? null : toIso(row.revoked_at),
  };
}

/** Creates a key; the secret is in the answer and nowhere else. `secret` lets the operator choose it (bootstrap). */
export async function createApiKey(
  ctx: AppContext,
  input: { name: string; scopes: Scope[] },
  secret: string = keyPrefix + randomBytes(32).toString('base64url'),
): Promise<Result<CreatedApiKey>> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const id = ctx.newId('key');
    const row = {
      id,
      name: input.name,
      scopes: JSON.stringify([...new Set(input.scopes)]),
      key_hash: hashKey(secret),
      key_prefix: secret.slice(0, keyPrefix.length + 6),
      created_at: now,
      revoked_at: null,
    };
    await tx.keys.insert(row);
    await tx.events.append(
      [
        {
          type: 'api_key.created',
          entityType: 'api_key',
          entityId: id,
          payload: { name: input.name, scopes: input.scopes },
        },
      ],
      now,
    );
    return ok({ ...view(row), key: secret });
  });
}

export async function listApiKeys(ctx: AppContext): Promise<ApiKey[]> {
  return (await ctx.store.read.keys.list()).map(view);
}

/** Revokes a key; revoking one already revoked changes nothing. */
export async function revokeApiKey(ctx: AppContext, id: string): Promise<Result<ApiKey>> {
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.keys.get(id);
    if (existing === undefined) return notFound('api_key', id);
    const now = ctx.clock.now();
    if (await tx.keys.revoke(id, now)) {
      await tx.events.append(
        [{ type: 'api_key.revoked', entityType: 'api_key', entityId: id, payload: {} }],
        now,
      );
    }
    return ok(view((await tx.keys.get(id))!));
  });
}

/** Makes sure the operator's bootstrap admin key works, creating it on first start. */
export async function ensureBootstrapKey(ctx: AppContext, secret: string): Promise<void> {
  const existing = await ctx.store.read.keys.findByHash(hashKey(secret));
  if (existing !== undefined && existing.revoked_at === null) return;
  if (existing !== undefined)
    throw new Error('AFFLUENCE_ADMIN_KEY names a key that was revoked; choose another');
  const created = await createApiKey(ctx, { name: 'bootstrap admin', scopes: ['admin'] }, secret);
  if (!created.ok) throw new Error(created.message);
}

/** Resolves a bearer key to its principal, remembering answers briefly so a request costs no lookup. */
export class Authenticator {
  private readonly cache = new Map<string, { principal: Principal | undefined; expiresAtMs: number }>();

  constructor(private readonly ctx: AppContext) {}

  async authenticate(secret: string): Promise<Principal | undefined> {
    const keyHash = hashKey(secret);
    const now = this.ctx.clock.now();
    const cached = this.cache.get(keyHash);
    if (cached !== undefined && cached.expiresAtMs > now) return cached.principal;
    const row = await this.ctx.store.read.keys.findByHash(keyHash);
    const principal =
      row === undefined || row.revoked_at !== null
        ? undefined
        : { apiKeyId: row.id, scopes: JSON.parse(row.scopes) as Scope[] };
    if (this.cache.size >= limits.apiKeyCacheEntriesMax) this.cache.clear();
    this.cache.set(keyHash, { principal, expiresAtMs: now + limits.apiKeyCacheTtlMs });
    return principal;
  }

  /** A key revoked through this process stops working here at once. */
  forget(): void {
    this.cache.clear();
  }
}
