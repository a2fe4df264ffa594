/** Where a parcel goes, as carriers' rate cards name it: the zone of a destination. */

/**
 * `FR_METRO` for metropolitan France, Corsica included (postal codes not starting 97 or 98, the
 * overseas departments and territories, which cards price apart); any other destination is its
 * country code, which a card may or may not cover.
 */
export function carrierZoneOf(country: string, postalCode: string): string {
  const code = country.trim().toUpperCase();
  if (code === 'FR' && !/^\s*9[78]/.test(postalCode)) return 'FR_METRO';
  return code;
}
