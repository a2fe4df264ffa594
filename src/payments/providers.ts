/** The payment providers whose webhooks Affluence accepts, each with the scheme and secret it signs with. */

import { Webhook } from 'standardwebhooks';
import { type AppContext, inTransaction, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { PaymentProvider } from './contract.js';
import type { ProviderScheme } from './core/provider-events.js';
import type { PaymentProviderRow } from './payment-repo.js';

function providerView(row: PaymentProviderRow): PaymentProvider {
  return {
    psp: row.psp,
    scheme: row.scheme as ProviderScheme,
    secret_hint: `…${row.secret.slice(-4)}`,
    webhook_path: `/v1/payments/webhooks/${row.psp}`,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

/** A secret the scheme cannot verify with is refused now, not at the first event. */
function checkSecret(scheme: ProviderScheme, secret: string): Result<null> {
  if (scheme === 'stripe') {
    return secret.startsWith('whsec_')
      ? ok(null)
      : fail(
          'validation_failed',
          "A Stripe webhook signing secret starts with whsec_ (the endpoint's secret in Stripe's dashboard, not an API key).",
          { field: 'secret' },
        );
  }
  try {
    new Webhook(secret);
    return ok(null);
  } catch {
    return fail(
      'validation_failed',
      'A Standard Webhooks secret is base64, optionally after whsec_, as the provider shows it.',
      { field: 'secret' },
    );
  }
}

/** `PUT /v1/payments/providers/{psp}`: accepts its webhooks from now on, signed with `secret`. */
export async function putProvider(
  ctx: AppContext,
  psp: string,
  input: { scheme: ProviderScheme; secret: string },
): Promise<Result<PaymentProvider>> {
  const valid = checkSecret(input.scheme, input.secret);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const existing = await tx.payments.getProvider(psp);
    await tx.payments.putProvider({ psp, scheme: input.scheme, secret: input.secret }, now);
    // The secret stays out of the outbox, as out of every answer.
    await tx.events.append(
      [
        {
          type: existing === undefined ? 'payment_provider.created' : 'payment_provider.updated',
          entityType: 'payment_provider',
          entityId: psp,
          payload: { psp, scheme: input.scheme },
        },
      ],
      now,
    );
    return ok(providerView((await tx.payments.getProvider(psp))!));
  });
}

export async function listProviders(ctx: AppContext): Promise<PaymentProvider[]> {
  return (await ctx.store.read.payments.listProviders()).map(providerView);
}
