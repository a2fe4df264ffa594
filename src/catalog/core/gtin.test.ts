import { describe, expect, it } from 'vitest';
import { gtin13Of, isValidGtin13 } from './gtin.js';

describe('GTIN-13', () => {
  it('accepts a code whose check digit matches, and refuses one digit changed or swapped', () => {
    expect(isValidGtin13('4006381333931')).toBe(true);
    expect(isValidGtin13('3017620422003')).toBe(true);
    expect(isValidGtin13('4006381333932')).toBe(false);
    expect(isValidGtin13('4006381339331')).toBe(false);
  });

  it('refuses what is not 13 digits', () => {
    for (const text of ['', '400638133393', '40063813339311', '400638133393a', ' 4006381333931']) {
      expect(isValidGtin13(text)).toBe(false);
    }
  });

  it('completes 12 digits with their check digit, and refuses anything else', () => {
    expect(gtin13Of('400638133393')).toBe('4006381333931');
    expect(gtin13Of('200000000001')).toBe('2000000000015');
    for (const first12 of ['200000000000', '376123456789', '999999999999'])
      expect(isValidGtin13(gtin13Of(first12))).toBe(true);
    for (const text of ['', '40063813339', '4006381333931', '40063813339a'])
      expect(() => gtin13Of(text)).toThrow(/12 digits/);
  });
});
