/** Barcodes of goods, pure: what the packer scans must be a barcode a scanner can have read. */

/** The mod-10 check digit of a GTIN-13's first 12 digits (weights 1, 3, 1, 3, …). */
function checkDigit(first12: string): number {
  const sum = [...first12].reduce(
    (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
    0,
  );
  return (10 - (sum % 10)) % 10;
}

/** A GTIN-13 (EAN-13) is 13 digits whose last is the mod-10 check of the first 12 (weights 1, 3, 1, 3, …). */
export function isValidGtin13(gtin: string): boolean {
  return /^\d{13}$/.test(gtin) && checkDigit(gtin.slice(0, 12)) === Number(gtin[12]);
}

/** The GTIN-13 of 12 digits: they, then their check digit. Anything but 12 digits is a caller's bug. */
export function gtin13Of(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`gtin invariant broken: ${first12} is not 12 digits`);
  return `${first12}${checkDigit(first12)}`;
}
