/** Barcodes of goods, pure: what the packer scans must be a barcode a scanner can have read. */

/** A GTIN-13 (EAN-13) is 13 digits whose last is the mod-10 check of the first 12 (weights 1, 3, 1, 3, …). */
export function isValidGtin13(gtin: string): boolean {
  if (!/^\d{13}$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const sum = digits
    .slice(0, 12)
    .reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}
