/** What an erasure writes: a pseudonym nobody can mail or guess, one spelling per spelling, an address kept to its zone. */
import { describe, expect, it } from 'vitest';
import { carrierZoneOf } from '../../fulfilment/core/destinations.js';
import { customerKey } from '../../pricing/core/promo-codes.js';
import { erasedAddress, erasedPostalCode, pseudonymEmails, pseudonymOf } from './pseudonyms.js';

const ulid = '01JF8Z5K3W9QX4T7M2R6N0PBCD';

describe('a pseudonym', () => {
  it('is undeliverable, lower case, and its own customer key', () => {
    const pseudonym = pseudonymOf(ulid);
    expect(pseudonym).toBe('erased-01jf8z5k3w9qx4t7m2r6n0pbcd@erased.invalid');
    expect(customerKey(pseudonym)).toBe(pseudonym);
  });

  it('is made from a ULID only, never from anything else (an email above all)', () => {
    expect(() => pseudonymOf('jane@example.com')).toThrow(/ULID/);
    expect(() => pseudonymOf('')).toThrow(/ULID/);
    expect(() => pseudonymOf(`${ulid.slice(0, 25)}U`)).toThrow(/ULID/);
  });
});

describe("the customer's spellings", () => {
  const pseudonym = pseudonymOf(ulid);

  it('keep segments counting as before and promo codes seeing one customer', () => {
    const emails = pseudonymEmails(pseudonym, 'jane.doe@example.com', [
      'Jane.Doe@Example.com',
      'jane.doe@example.com',
      'JANE.DOE+shop@example.com',
      'jane.doe+promo@example.com',
    ]);
    // Two spellings in any case are one; the +tags are two others, their tags gone.
    expect([...emails.keys()]).toEqual([
      'jane.doe+promo@example.com',
      'jane.doe+shop@example.com',
      'jane.doe@example.com',
    ]);
    expect(emails.get('jane.doe@example.com')).toBe(pseudonym);
    expect(new Set(emails.values()).size).toBe(3);
    for (const email of emails.values()) {
      expect(customerKey(email)).toBe(pseudonym);
      expect(email).not.toMatch(/shop|promo|jane/);
    }
  });

  it('refuse an email of another customer, or a pseudonym that is not a key', () => {
    expect(() => pseudonymEmails(pseudonym, 'jane@example.com', ['john@example.com'])).toThrow(
      /not a spelling/,
    );
    expect(() => pseudonymEmails('Erased+1@erased.invalid', 'jane@example.com', [])).toThrow(
      /not a customer key/,
    );
    expect(pseudonymEmails(pseudonym, 'jane@example.com', []).size).toBe(0);
  });
});

describe('an erased address', () => {
  it('keeps the country and nothing that names the customer', () => {
    expect(
      erasedAddress({
        name: 'Zoé Lambert',
        line1: '7 impasse des Tilleuls',
        line2: 'Bâtiment B',
        city: 'Marseille',
        postal_code: '13007',
        country: 'FR',
        phone: '+33 6 12 34 56 78',
      } as Parameters<typeof erasedAddress>[0]),
    ).toEqual({
      name: 'Erased',
      line1: 'erased',
      line2: 'erased',
      city: 'erased',
      postal_code: 'erased',
      country: 'FR',
    });
    expect(
      erasedAddress({ name: 'A', line1: 'B', city: 'C', postal_code: '10115', country: 'DE' }),
    ).not.toHaveProperty('line2');
  });

  it("keeps the carriers' zone: an overseas department's first two digits, no more", () => {
    expect(erasedPostalCode('FR', '97411')).toBe('97 erased');
    expect(erasedPostalCode('FR', ' 98800 ')).toBe('98 erased');
    expect(erasedPostalCode('FR', '20000')).toBe('erased');
    expect(erasedPostalCode('GB', 'SW1A 1AA')).toBe('erased');
    expect(erasedPostalCode('FR', '')).toBe('erased');
    for (const [country, code] of [
      ['FR', '97411'],
      ['FR', '75002'],
      ['BE', '1000'],
    ] as const)
      expect(carrierZoneOf(country, erasedPostalCode(country, code))).toBe(carrierZoneOf(country, code));
  });
});
