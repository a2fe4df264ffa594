/**
 * One signed POST, the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
 * `v1,` and the base64 HMAC-SHA256, keyed with the secret's base64 bytes, of `id.timestamp.body`):
 * the webhooks' deliveries and the channels' availability feeds both send through it. At a peak this
 * runs hundreds of times a second beside the orders, so it signs with Node's own HMAC (OpenSSL) and
 * posts with undici's `request` on a keep-alive agent, the cheapest of Node's clients; the tests
 * check the signatures against the scheme written out on their own.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import { limits } from '../../platform/core/limits.js';
import { secretPrefix } from '../core/delivery.js';

/** How an attempt went: the status answered (null when none came) and, unless 2xx, why it failed. */
export interface Sent {
  readonly status: number | null;
  readonly error: string | null;
}

/** Connections kept open to each endpoint between deliveries. */
const agent = new Agent({ keepAliveTimeout: 30_000, connections: limits.webhookInFlightMax });

function describeFailure(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown }).code;
  // The attempt's own signal aborts with a TimeoutError; undici's own limits have their codes.
  const name = error instanceof Error ? error.name : '';
  if (
    name === 'TimeoutError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof code === 'string' && code.startsWith('E')) return `could not reach it: ${code}`;
  if (typeof cause?.code === 'string') return `could not reach it: ${cause.code}`;
  return error instanceof Error ? error.message : String(error);
}

/** The `webhook-signature` of a body: the scheme's `v1,` signature. */
export function signature(secret: string, messageId: string, timestampS: number, body: string): string {
  const key = Buffer.from(
    secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret,
    'base64',
  );
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestampS}.${body}`).digest('base64')}`;
}

/** Posts one signed JSON body; a 2xx answer is a success, anything else a failure with its reason. */
export async function postSigned(
  endpoint: { readonly url: string; readonly secret: string },
  messageId: string,
  body: string,
  now: number,
  timeoutMs: number,
): Promise<Sent> {
  const timestampS = Math.floor(now / 1000);
  try {
    const response = await request(endpoint.url, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Affluence webhooks',
        'webhook-id': messageId,
        'webhook-timestamp': String(timestampS),
        'webhook-signature': signature(endpoint.secret, messageId, timestampS, body),
      },
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // The whole attempt, connecting included, is bounded; undici 7 follows no redirect unless asked.
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end so that the connection is free again; what it says only matters on failure.
    const text = await response.body.text().catch(() => '');
    if (response.statusCode >= 200 && response.statusCode < 300)
      return { status: response.statusCode, error: null };
    const said = text.trim().slice(0, limits.webhookErrorLengthMax);
    return {
      status: response.statusCode,
      error: `answered ${response.statusCode}${said === '' ? '' : `: ${said}`}`,
    };
  } catch (error) {
    return { status: null, error: describeFailure(error, timeoutMs) };
  }
}
