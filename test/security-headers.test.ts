/**
 * The headers the pages people open in a browser carry against its classic attacks: a content
 * security policy that lets them run only their own scripts and lets no other site frame them, no
 * content-type sniffing, and no referrer leaking an order's URL. (The API's JSON answers go without:
 * no browser renders them, and the peak path pays for nothing.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, type TestShop } from './support/shop.js';

function policyOf(header: string | string[] | number | undefined): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((directive) => directive.trim())
      .filter((directive) => directive !== '')
      .map((directive) => {
        const [name, ...values] = directive.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

describe('security headers', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop('sqlite');
  });
  afterAll(() => shop?.close());

  it('gives the operations room a policy of its own scripts only, never framed elsewhere', async () => {
    const page = await shop.app.inject({ method: 'GET', url: '/ops/' });
    expect(page.statusCode).toBe(200);
    const policy = policyOf(page.headers['content-security-policy']);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('connect-src')).toBe("'self'");
    // Served over plain HTTP on this machine, the page's own scripts must not be sent to HTTPS.
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('lets the API docs’ page run its own scripts, and nothing inline', async () => {
    const docs = await shop.app.inject({ method: 'GET', url: '/docs' });
    const policy = policyOf(docs.headers['content-security-policy']);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('script-src-attr')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });
});
