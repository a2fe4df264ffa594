/**
 * One signed POST, the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
 * HMAC-SHA256 with the endpoint's secret): the webhooks' deliveries and the channels' availability
 * feeds both send through it.
 */
import { Webhook } from 'standardwebhooks';
import { limits } from '../../platform/core/limits.js';

/** How an attempt went: the status answered (null when none came) and, unless 2xx, why it failed. */
export interface Sent {
  readonly status: number | null;
  readonly error: string | null;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `could not reach it: ${cause.code}`;
  return error instanceof Error ? error.message : String(error);
}

/** Posts one signed JSON body; a 2xx answer is a success, anything else a failure with its reason. */
export async function postSigned(
  endpoint: { readonly url: string; readonly secret: string },
  messageId: string,
  body: string,
  now: number,
  timeoutMs: number,
): Promise<Sent> {
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Affluence webhooks',
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(now / 1000)),
        'webhook-signature': new Webhook(endpoint.secret).sign(messageId, new Date(now), body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    // Read to the end so that the connection is free again; what it says only matters on failure.
    const text = await response.text().catch(() => '');
    if (response.ok) return { status: response.status, error: null };
    const said = text.trim().slice(0, limits.webhookErrorLengthMax);
    return { status: response.status, error: `answered ${response.status}${said === '' ? '' : `: ${said}`}` };
  } catch (error) {
    return { status: null, error: describeFailure(error, timeoutMs) };
  }
}
