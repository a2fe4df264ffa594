import { describe, expect, it } from 'vitest';
import { isValidGtin13 } from './gtin.js';

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
});
