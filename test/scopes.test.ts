/**
 * Every route's door, walked from the OpenAPI document: each operation names the scope its key
 * needs; without a key it answers 401, with a key lacking the scope 403, in the one error format,
 * before it reads anything. The few public operations are named here, one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Operation {
  readonly 'x-scope'?: string;
  readonly security?: unknown[];
}
interface Document {
  readonly paths: Record<string, Partial<Record<Lowercase<Method>, Operation>>>;
}

/** What a caller without a key may call: the payment providers, whose events are signed instead. */
const publicOperations = new Set<string>(['POST /v1/payments/webhooks/{psp}']);

describe('the scopes of every route', () => {
  let shop: TestShop;
  let operations: { method: Method; path: string; url: string; scope: string | null; security?: unknown[] }[];

  beforeAll(async () => {
    shop = await openShop('sqlite');
    const document = (await shop.app.inject({ method: 'GET', url: '/docs/json' })).json() as Document;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase() as Method,
        path,
        // Any well-formed value: the door is passed or not before the route reads it.
        url: path.replace(/\{[^}]+\}/g, 'x1'),
        scope: operation!['x-scope'] ?? null,
        security: operation!.security,
      })),
    );
  });
  afterAll(() => shop?.close());

  it('names a scope for every operation but the public ones', () => {
    expect(operations.length).toBeGreaterThan(150);
    const open = operations
      .filter((operation) => operation.scope === null)
      .map((operation) => `${operation.method} ${operation.path}`);
    expect(open.sort()).toEqual([...publicOperations].sort());
    // Those, and only those, say so in the document: no key needed.
    for (const operation of operations.filter((each) => each.scope === null))
      expect(operation.security).toEqual([]);
    const scoped = operations.filter((operation) => operation.scope !== null);
    expect(new Set(scoped.map((operation) => operation.scope))).toEqual(new Set(['admin', 'storefront']));
  });

  it('answers 401 without a key, and with a key it does not know', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((each) => each.scope !== null)) {
      for (const authorization of [undefined, 'Bearer aff_unknown_key']) {
        const response = await shop.app.inject({
          method: operation.method,
          url: operation.url,
          headers: authorization === undefined ? {} : { authorization },
        });
        if (response.statusCode !== 401)
          failures.push(`${operation.method} ${operation.url}: ${response.statusCode}`);
        else expectError(response, 401, 'unauthorized');
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to a storefront key on every admin operation', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((each) => each.scope === 'admin')) {
      const response = await shop.storefront(operation.method, operation.url);
      if (response.statusCode !== 403)
        failures.push(`${operation.method} ${operation.url}: ${response.statusCode}`);
      else expect(expectError(response, 403, 'forbidden').details).toMatchObject({ needed: 'admin' });
    }
    expect(failures).toEqual([]);
  });
});
