/** Who is asking, and what they may see: pure, so every part's core can apply the same rule. */

/** Who is asking: the API key, which scopes idempotency keys and, for a storefront, what it may see. */
export interface Caller {
  readonly apiKeyId: string;
  readonly isAdmin: boolean;
}

/** A storefront sees only what it created (orders, holds); another's is as good as absent. */
export function canSee(caller: Caller, ownerApiKeyId: string | null): boolean {
  return caller.isAdmin || ownerApiKeyId === caller.apiKeyId;
}
