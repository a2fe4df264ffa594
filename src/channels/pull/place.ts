/**
 * Places the orders a source pulled, through the same intake path as the API's: each checked
 * against the order body as the API checks it, each placed once per channel and external id (a
 * file dropped again, a page read again after a crash, answer the orders already placed).
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { PlaceOrderBody } from '../../intake/contract.js';
import { placeOrder } from '../../intake/index.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { PullRun } from './contract.js';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validOrder = ajv.compile<PlaceOrderBody>(PlaceOrderBody);

/** An order a source found, and where: a file's line, or a page's item. */
export interface PulledOrder {
  readonly ref: string;
  readonly body: unknown;
}

/** What a run did with the orders it found: the counts of its report (`PullRun`). */
export type PullReport = Pick<PullRun, 'orders' | 'placed' | 'already_placed' | 'refused' | 'refused_total'>;

export function emptyReport(): PullReport {
  return { orders: 0, placed: 0, already_placed: 0, refused: [], refused_total: 0 };
}

function refuse(report: PullReport, refusal: PullReport['refused'][number]): void {
  report.refused_total++;
  if (report.refused.length < limits.pullRefusalsListedMax) report.refused.push(refusal);
}

/**
 * Places each order in turn under the source's own caller. An order without an external id is
 * refused: only the channel's own id makes a pulled order exactly once.
 */
export async function placePulled(
  ctx: AppContext,
  source: string,
  orders: readonly PulledOrder[],
  report: PullReport,
): Promise<void> {
  const caller = { apiKeyId: `source:${source}`, isAdmin: true };
  for (const { ref, body } of orders) {
    report.orders++;
    const externalId =
      typeof (body as { external_id?: unknown })?.external_id === 'string'
        ? (body as { external_id: string }).external_id
        : null;
    if (!validOrder(body) || externalId === null) {
      const problems = (validOrder.errors ?? []).map(
        (error) =>
          `${error.instancePath === '' ? 'the order' : error.instancePath} ${error.message ?? 'is wrong'}`,
      );
      if (externalId === null) problems.unshift('/external_id is required');
      refuse(report, {
        ref,
        external_id: externalId,
        code: 'validation_failed',
        message: problems.join('; '),
      });
      continue;
    }
    const placed = await placeOrder(ctx, body, `${source}:${externalId}`, caller);
    if (!placed.ok)
      refuse(report, { ref, external_id: externalId, code: placed.code, message: placed.message });
    else if (placed.value.replayed) report.already_placed++;
    else report.placed++;
  }
}
