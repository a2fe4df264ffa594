/**
 * Signed waiting-room tokens: `payload.signature`, both base64url, HMAC-SHA256 with the room's
 * secret (kept in the store, shared by every process). A token cannot be forged without the
 * secret, changed without breaking the signature, used past its expiry, or carried to another
 * opening of the room.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AdmissionToken {
  /** `w`: waiting with ticket `t`; `a`: admitted until `exp`. */
  readonly kind: 'w' | 'a';
  readonly ticket: number;
  readonly openingId: string;
  readonly expiresAtMs: number;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function encodeToken(secret: string, token: AdmissionToken): string {
  const payload = Buffer.from(
    JSON.stringify([token.kind, token.ticket, token.openingId, token.expiresAtMs]),
  ).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The token if it is genuine, of this opening, and not expired; otherwise undefined. */
export function decodeToken(
  secret: string,
  text: string,
  openingId: string,
  nowMs: number,
): AdmissionToken | undefined {
  const [payload, signature, extra] = text.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== 4) return undefined;
  const [kind, ticket, tokenOpeningId, expiresAtMs] = fields as unknown[];
  if ((kind !== 'w' && kind !== 'a') || !Number.isSafeInteger(ticket) || !Number.isSafeInteger(expiresAtMs))
    return undefined;
  if (tokenOpeningId !== openingId || (expiresAtMs as number) <= nowMs) return undefined;
  return { kind, ticket: ticket as number, openingId, expiresAtMs: expiresAtMs as number };
}
