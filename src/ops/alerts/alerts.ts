/**
 * Alert rules and their alerts: rules kept as data, every enabled rule evaluated on the shop's
 * figures, and across processes one firing alert per rule, whoever commits it first. Each firing and
 * resolution is written with its outbox event in one transaction, then sent to the webhooks.
 */

import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type AlertCondition,
  type AlertInputs,
  type AlertRuleInput,
  type AlertSeverity,
  evaluateCondition,
  noStreak,
  type Reading,
  type Streak,
  stepAlert,
  validateRule,
} from '../core/alerts.js';
import type { AlertRow, AlertRuleRow } from './alert-repo.js';
import type { AlertStatus, AlertTransition } from './alert-view.js';
import type { Alert, Rule } from './contract.js';

function ruleView(row: AlertRuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    severity: row.severity as AlertSeverity,
    enabled: row.enabled === 1,
    condition: JSON.parse(row.condition) as AlertCondition,
    runbook: row.runbook,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

function alertView(row: AlertRow): Alert {
  return {
    id: row.id,
    rule_id: row.rule_id,
    rule_name: row.rule_name,
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    message: row.message,
    value: row.value,
    fired_at: toIso(row.fired_at),
    resolved_at: row.resolved_at === null ? null : toIso(row.resolved_at),
    incident_id: row.incident_id,
  };
}

export async function listAlertRules(ctx: AppContext): Promise<{ data: Rule[] }> {
  return { data: (await ctx.store.read.alerts.listRules()).map(ruleView) };
}

/**
 * The outbox event of an alert that fired or resolved, and a line on the timeline of every incident
 * still open for its rule's alerts, in the transaction that moved it.
 */
async function recordTransition(
  tx: Repos,
  event: AlertTransition['event'],
  alert: Alert,
  now: number,
): Promise<AlertTransition> {
  await tx.events.append([{ type: event, entityType: 'alert', entityId: alert.id, payload: alert }], now);
  const text = event === 'alert.fired' ? `Fired: ${alert.message}` : `Resolved: ${alert.rule_name}`;
  await tx.incidents.addEntryToActive({ at: now, kind: 'alert', text, by: 'alerts' }, alert.rule_id);
  return { event, alert };
}

/** Resolves a firing alert with its event; undefined when another process resolved it first. */
async function resolveIn(ctx: AppContext, tx: Repos, alertId: string): Promise<AlertTransition | undefined> {
  const now = ctx.clock.now();
  if (!(await tx.alerts.resolve(alertId, now))) return undefined;
  return recordTransition(tx, 'alert.resolved', alertView((await tx.alerts.getAlert(alertId))!), now);
}

/** A rule that stops being evaluated (deleted, disabled) resolves its firing alert at once: nobody would. */
async function resolveFiringOf(ctx: AppContext, tx: Repos, ruleId: string): Promise<AlertTransition[]> {
  const firing = await tx.alerts.firingAlertOf(ruleId);
  const resolved = firing === undefined ? undefined : await resolveIn(ctx, tx, firing.id);
  return resolved === undefined ? [] : [resolved];
}

/** Creates or replaces a rule; disabled while firing, its alert resolves (and the webhooks are told). */
export async function putAlertRule(
  ctx: AppContext,
  id: string,
  input: AlertRuleInput,
): Promise<Result<Rule>> {
  const valid = validateRule(input);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.alerts.getRule(id);
    if (existing === undefined && (await tx.alerts.countRules()) >= limits.alertRulesMax) {
      return fail('limit_reached', `A shop has at most ${limits.alertRulesMax} alert rules.`, {
        alert_rules_max: limits.alertRulesMax,
      });
    }
    const now = ctx.clock.now();
    await tx.alerts.putRule({
      id,
      name: input.name,
      enabled: input.enabled ? 1 : 0,
      severity: input.severity,
      condition: JSON.stringify(input.condition),
      runbook: input.runbook,
      created_at: now,
      updated_at: now,
    });
    await tx.events.append(
      [
        {
          type: existing === undefined ? 'alert_rule.created' : 'alert_rule.updated',
          entityType: 'alert_rule',
          entityId: id,
          payload: { id, ...input },
        },
      ],
      now,
    );
    if (!input.enabled) await resolveFiringOf(ctx, tx, id);
    return ok(ruleView((await tx.alerts.getRule(id))!));
  });
}

/** Removes a rule; its past alerts stay, a firing one resolved. */
export async function deleteAlertRule(ctx: AppContext, id: string): Promise<Result<null>> {
  const deleted = await inTransaction(ctx, async (tx) => {
    if (!(await tx.alerts.deleteRule(id))) return notFound('alert rule', id);
    const now = ctx.clock.now();
    await tx.events.append(
      [{ type: 'alert_rule.deleted', entityType: 'alert_rule', entityId: id, payload: { id } }],
      now,
    );
    await resolveFiringOf(ctx, tx, id);
    return ok(null);
  });
  return deleted;
}

/** Alerts newest first, those firing or resolved only if asked. */
export async function listAlerts(
  ctx: AppContext,
  query: { status?: AlertStatus; limit?: number },
): Promise<{ data: Alert[] }> {
  const rows = await ctx.store.read.alerts.listAlerts({
    ...(query.status === undefined ? {} : { status: query.status }),
    limit: query.limit ?? limits.pageSizeDefault,
  });
  return { data: rows.map(alertView) };
}

/**
 * What one process remembers between evaluations: each rule's runs of breached and clear
 * readings, valid for the version of the rule they were counted on.
 */
export interface AlertMemory {
  readonly rules: Map<string, { readonly updatedAt: number; readonly streak: Streak }>;
}

export function createAlertMemory(): AlertMemory {
  return { rules: new Map() };
}

/** Fires a rule's alert; undefined when the rule changed meanwhile or another process fired it first. */
async function fire(
  ctx: AppContext,
  rule: AlertRuleRow,
  reading: Reading,
): Promise<AlertTransition | undefined> {
  if (reading.value === null) throw new Error(`rule ${rule.id} breached without a figure`);
  const value = reading.value;
  try {
    const fired = await inTransaction(ctx, async (tx) => {
      const current = await tx.alerts.getRule(rule.id);
      // Deleted, disabled or replaced since it was read: the next evaluation judges the rule as it is now.
      if (current === undefined || current.enabled !== 1 || current.updated_at !== rule.updated_at) {
        return ok(undefined);
      }
      const now = ctx.clock.now();
      const id = ctx.newId('alert');
      await tx.alerts.insertFiring({
        id,
        rule_id: rule.id,
        rule_name: rule.name,
        severity: rule.severity,
        message: reading.message,
        value,
        fired_at: now,
        incident_id: null,
      });
      return ok(await recordTransition(tx, 'alert.fired', alertView((await tx.alerts.getAlert(id))!), now));
    });
    return fired.ok ? fired.value : undefined;
  } catch (error) {
    // The partial unique index let another process's alert in first: that one is the rule's alert.
    if (ctx.store.engine.isUniqueViolation(error)) return undefined;
    throw error;
  }
}

async function resolve(ctx: AppContext, alertId: string): Promise<AlertTransition | undefined> {
  const resolved = await inTransaction(ctx, async (tx) => ok(await resolveIn(ctx, tx, alertId)));
  return resolved.ok ? resolved.value : undefined;
}

/**
 * One evaluation of every enabled rule against `inputs`: the runs in `memory` move on, alerts fire
 * and resolve, their events in the outbox for the webhooks' dispatcher: delivery never holds
 * evaluation up. Returns the transitions made.
 */
export async function evaluateAlerts(
  ctx: AppContext,
  inputs: AlertInputs,
  memory: AlertMemory,
): Promise<AlertTransition[]> {
  const [rules, firing] = await Promise.all([
    ctx.store.read.alerts.listRules(),
    ctx.store.read.alerts.firingAlerts(),
  ]);
  const enabled = rules.filter((rule) => rule.enabled === 1);
  const enabledIds = new Set(enabled.map((rule) => rule.id));
  const firingByRule = new Map(firing.map((alert) => [alert.rule_id, alert]));
  const transitions: AlertTransition[] = [];
  for (const rule of enabled) {
    const reading = evaluateCondition(JSON.parse(rule.condition) as AlertCondition, inputs);
    const known = memory.rules.get(rule.id);
    // A replaced rule starts counting afresh: runs of its old condition say nothing of the new one.
    const streak = known?.updatedAt === rule.updated_at ? known.streak : noStreak;
    const alert = firingByRule.get(rule.id);
    const step = stepAlert(streak, reading.state, alert !== undefined);
    memory.rules.set(rule.id, { updatedAt: rule.updated_at, streak: step.streak });
    const transition =
      step.transition === 'fire'
        ? await fire(ctx, rule, reading)
        : step.transition === 'resolve' && alert !== undefined
          ? await resolve(ctx, alert.id)
          : undefined;
    if (transition !== undefined) transitions.push(transition);
  }
  for (const id of memory.rules.keys()) if (!enabledIds.has(id)) memory.rules.delete(id);
  // A rule deleted or disabled while another process was firing it leaves an alert nobody evaluates.
  for (const alert of firing) {
    if (enabledIds.has(alert.rule_id)) continue;
    const transition = await resolve(ctx, alert.id);
    if (transition !== undefined) transitions.push(transition);
  }
  return transitions;
}

/**
 * Evaluates the rules every `intervalMs` in this process, the next run starting only once the last
 * one ended. Failures (of reading the inputs, of the store, of recording a delivery) go to `log`,
 * never up: an alerting loop that stops at its first error is worse than none.
 */
export function startAlertEvaluator(
  ctx: AppContext,
  readInputs: () => Promise<AlertInputs>,
  log: (error: unknown) => void,
  intervalMs: number = limits.alertEvaluationIntervalMs,
): { stop(): Promise<void> } {
  const memory = createAlertMemory();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const evaluate = async () => {
    await evaluateAlerts(ctx, await readInputs(), memory);
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = evaluate()
        .catch(log)
        .finally(() => {
          running = undefined;
          if (!stopped) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
