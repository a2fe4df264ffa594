import { describe, expect, it } from 'vitest';
import { carrierZoneOf } from './destinations.js';

describe('the zone of a destination', () => {
  it('is FR_METRO for metropolitan France and Corsica, the country code elsewhere and overseas', () => {
    expect(carrierZoneOf('FR', '75011')).toBe('FR_METRO');
    expect(carrierZoneOf('fr', '20000')).toBe('FR_METRO');
    expect(carrierZoneOf('FR', '97400')).toBe('FR');
    expect(carrierZoneOf('FR', '98800')).toBe('FR');
    expect(carrierZoneOf('BE', '1000')).toBe('BE');
  });
});
