/**
 * Fault injection, to rehearse failures: the share of storefront requests to fail, stored with the
 * switches so that every process of a server applies it, and allowed only by `serve --fault-injection`.
 */

import { type Actor, recordSwitch } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { setErrorRate } from '../core/switches.js';
import type { FaultsAnswer } from './contract.js';
import { appendSwitchChanged, faultsViewOf, flipOf, lockSwitches, readSwitches } from './switches.js';

export async function faultsView(ctx: AppContext, allowed: boolean): Promise<FaultsAnswer> {
  return { allowed, ...faultsViewOf((await readSwitches(ctx.store.read)).faults) };
}

export async function setFaults(
  ctx: AppContext,
  input: { error_rate: number; reason: string },
  actor: Actor,
  allowed: boolean,
): Promise<Result<FaultsAnswer>> {
  if (!allowed) {
    return fail(
      'fault_injection_disabled',
      'Fault injection is off on this server; start it with `affluence serve --fault-injection` to drill.',
    );
  }
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const state = setErrorRate(
      await lockSwitches(tx, now),
      input.error_rate,
      flipOf(actor, input.reason, now),
    );
    await tx.switches.save(state, now);
    const set = { error_rate: input.error_rate };
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'faults.set',
      target: 'faults',
      reason: input.reason,
      details: set,
      timelineText: `Fault injection at ${Math.round(input.error_rate * 1000) / 10}% of storefront requests: ${input.reason}`,
    });
    await appendSwitchChanged(tx, 'faults', set, actor, input.reason, now);
    return ok({ allowed, ...faultsViewOf(state.faults) });
  });
}
