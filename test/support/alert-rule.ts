/** One alert rule watched as the server's evaluator runs it, on a test shop with a manual clock. */
import type { AlertTransition } from '../../src/ops/alerts/alert-view.js';
import { createAlertMemory, evaluateAlerts } from '../../src/ops/alerts/alerts.js';
import type { Alert } from '../../src/ops/alerts/contract.js';
import { OpsRoom } from '../../src/ops/index.js';
import { limits } from '../../src/platform/core/limits.js';
import { body } from './api-helpers.js';
import type { manualClock, TestShop } from './shop.js';

export function watchRule(shop: () => TestShop, clock: ReturnType<typeof manualClock>, ruleId: string) {
  const memory = createAlertMemory();
  return {
    /**
     * `times` evaluations of every rule, an interval apart, on the inputs the server's evaluator
     * reads: this rule's transitions (another rule may fire on the same shop).
     */
    async evaluate(times = 1): Promise<AlertTransition[]> {
      const transitions: AlertTransition[] = [];
      for (let evaluation = 0; evaluation < times; evaluation++) {
        clock.advance(limits.alertEvaluationIntervalMs);
        const inputs = await new OpsRoom(shop().ctx).alertInputs();
        const result = await evaluateAlerts(shop().ctx, inputs, memory);
        transitions.push(...result.filter((transition) => transition.alert.rule_id === ruleId));
      }
      return transitions;
    },
    /** This rule's alerts firing now. */
    async firing(): Promise<Alert[]> {
      const answer = body<{ data: Alert[] }>(await shop().admin('GET', '/v1/alerts?status=firing'), 200);
      return answer.data.filter((alert) => alert.rule_id === ruleId);
    },
  };
}
