/**
 * What an erasure writes in place of a customer's personal data, pure: their pseudonym, its one
 * spelling per spelling of their email, and their shipping address erased down to what the figures
 * need. The rest of the erasure (which rows, in which transaction) is `erase.ts`'s.
 */
import { carrierZoneOf } from '../../fulfilment/core/destinations.js';
import { customerKey } from '../../pricing/core/promo-codes.js';

/** What replaces free text that may name or quote the customer: address lines, city, notes, topics. */
export const erasedText = 'erased';
/** The name on an erased shipping address (a label still needs one). */
export const erasedName = 'Erased';

/** `.invalid` is reserved (RFC 2606): no mail can ever reach a pseudonym. */
const pseudonymDomain = 'erased.invalid';

/**
 * The pseudonym of a customer, from a random ULID: `erased-<ulid>@erased.invalid`, in lower case so
 * that it is its own customer key. Random, never a hash of the email: a hash could be re-identified
 * by hashing a guessed address.
 */
export function pseudonymOf(ulid: string): string {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/i.test(ulid)) throw new Error(`a pseudonym needs a ULID, not ${ulid}`);
  return `erased-${ulid.toLowerCase()}@${pseudonymDomain}`;
}

/**
 * The email each of the customer's spellings becomes, by spelling (lower-cased, as customer segments
 * tell customers apart). Every one is the pseudonym to promo codes and the advent calendar, which
 * drop a `+tag`. The spelling that is the customer key itself becomes the pseudonym, and each other
 * one the pseudonym with a `+n` of its own in place of its tag (the tag itself may say something of
 * its owner): segments, which count `Jane@x` and `jane+shop@x` as two, count the same afterwards.
 */
export function pseudonymEmails(
  pseudonym: string,
  customer: string,
  emails: readonly string[],
): Map<string, string> {
  const at = pseudonym.lastIndexOf('@');
  if (customerKey(pseudonym) !== pseudonym || at <= 0)
    throw new Error(`${pseudonym} is not a customer key: its spellings would be other customers`);
  const spellings = [...new Set(emails.map((email) => email.toLowerCase()))].sort();
  let next = 1;
  const result = new Map<string, string>();
  for (const spelling of spellings) {
    if (customerKey(spelling) !== customer)
      throw new Error(`${spelling} is not a spelling of the customer's email`);
    result.set(
      spelling,
      spelling === customer ? pseudonym : `${pseudonym.slice(0, at)}+${next++}${pseudonym.slice(at)}`,
    );
  }
  return result;
}

/** A shipping address as orders keep it. */
export interface ShippingAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postal_code: string;
  readonly country: string;
}

/**
 * The postal code erased, but for the fewest first characters the carriers' zones need: metropolitan
 * France and its overseas departments (`97…`, `98…`) are different zones of one country, priced
 * apart. Keeping `97` says no more than a country does, and what the shipping savings report
 * counts for the order stays what it was.
 */
export function erasedPostalCode(country: string, postalCode: string): string {
  const zone = carrierZoneOf(country, postalCode);
  const code = postalCode.trim();
  for (let kept = 0; kept <= code.length; kept++) {
    const erased = kept === 0 ? erasedText : `${code.slice(0, kept)} ${erasedText}`;
    if (carrierZoneOf(country, erased) === zone) return erased;
  }
  throw new Error(`no erased postal code of ${country} keeps the zone ${zone}`);
}

/**
 * The address erased. The country stays: the figures by country and the carriers' zones (what
 * fulfilment rates and the savings report count by destination) stay true, and a country names
 * nobody. Anything else an address carried (a phone, a company) is dropped.
 */
export function erasedAddress(address: ShippingAddress): ShippingAddress {
  return {
    name: erasedName,
    line1: erasedText,
    ...(address.line2 === undefined ? {} : { line2: erasedText }),
    city: erasedText,
    postal_code: erasedPostalCode(address.country, address.postal_code),
    country: address.country,
  };
}
