/** Writing an alert rule: its name and severity, its condition (fields by kind), and its Markdown runbook. */

import { useState } from 'preact/hooks';
import type { Rule } from '../../../src/ops/alerts/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { alertSeverityList, conditionKindList, textLimits, thresholdMetricList } from '../server-values.js';

type Kind = (typeof conditionKindList)[number];

/** The numbers each kind of condition reads (docs/operations.md, Alerts). */
const numberFields = {
  threshold: ['value', 'resolve_value', 'window_minutes'],
  spike: ['ratio', 'window_minutes', 'baseline_minutes', 'min_requests_per_s'],
  conversion_drop: [
    'drop_ratio',
    'traffic_ratio',
    'window_minutes',
    'baseline_minutes',
    'min_requests_per_s',
  ],
  top_sku_out: ['top_n'],
  sale_check_failed: [],
  payment_failures: ['rate', 'resolve_rate', 'window_minutes', 'min_attempts'],
  promo_code_surge: ['ratio', 'window_minutes', 'baseline_minutes', 'min_uses_per_minute'],
  backorders_delayed: ['min_lines'],
  contacts_spike: ['ratio', 'window_minutes', 'baseline_minutes', 'min_contacts'],
} as const satisfies Record<Kind, readonly string[]>;

/** A condition in one line, for the list of rules. */
export function describeCondition(
  // Read by field name, whatever the kind: a field the kind lacks shows as '?'.
  condition: Readonly<Record<string, unknown>> & Pick<Rule['condition'], 'kind'>,
): string {
  const field = (name: string) => String(condition[name] ?? '?');
  if (condition.kind === 'threshold') {
    return `${field('metric')} ${field('op')} ${field('value')} over ${field('window_minutes')} min (clears past ${field('resolve_value')})`;
  }
  const fields = numberFields[condition.kind as Kind] ?? [];
  return `${condition.kind}: ${fields.map((name) => `${name.replaceAll('_', ' ')} ${field(name)}`).join(', ')}`;
}

export function AlertRuleForm({ rule, onSaved }: { rule?: Rule; onSaved: () => void }) {
  // The form keeps the fields of every kind: read the condition by field name.
  const start: Readonly<Record<string, unknown>> = rule?.condition ?? { kind: 'threshold' };
  const [id, setId] = useState(rule?.id ?? '');
  const [name, setName] = useState(rule?.name ?? '');
  const [severity, setSeverity] = useState<string>(rule?.severity ?? 'warning');
  const [kind, setKind] = useState<Kind>(start.kind as Kind);
  const [metric, setMetric] = useState(String(start.metric ?? thresholdMetricList[0]));
  const [op, setOp] = useState(String(start.op ?? 'above'));
  const [numbers, setNumbers] = useState<Record<string, string>>(
    Object.fromEntries(
      Object.entries(start)
        .filter(([, value]) => typeof value === 'number')
        .map(([key, value]) => [key, String(value)]),
    ),
  );
  const [runbook, setRunbook] = useState(rule?.runbook ?? '');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const condition = {
      kind,
      ...(kind === 'threshold' ? { metric, op } : {}),
      ...Object.fromEntries(numberFields[kind].map((field) => [field, Number(numbers[field])])),
    };
    const body = {
      name: name.trim(),
      severity,
      enabled: rule?.enabled ?? true,
      condition,
      ...(runbook.trim() === '' ? {} : { runbook }),
    };
    if (await action.run(() => api('PUT', `/v1/alert-rules/${encodeURIComponent(id.trim())}`, body)))
      onSaved();
  };
  return (
    <form class="stacked-form rule-form" onSubmit={submit}>
      <div class="inline-form">
        <Field label="Id">
          <input
            required
            disabled={rule !== undefined}
            value={id}
            placeholder="checkout-slow"
            onInput={(event) => setId(inputValue(event))}
          />
        </Field>
        <Field label="Name">
          <input
            required
            value={name}
            placeholder="Checkout is slow"
            onInput={(event) => setName(inputValue(event))}
          />
        </Field>
        <Field label="Severity">
          <select value={severity} onChange={(event) => setSeverity(inputValue(event))}>
            {alertSeverityList.map((each) => (
              <option key={each}>{each}</option>
            ))}
          </select>
        </Field>
        <Field label="Fires on">
          <select value={kind} onChange={(event) => setKind(inputValue(event) as Kind)}>
            {conditionKindList.map((each) => (
              <option key={each}>{each}</option>
            ))}
          </select>
        </Field>
      </div>
      <div class="inline-form">
        {kind === 'threshold' && (
          <>
            <Field label="Metric">
              <select value={metric} onChange={(event) => setMetric(inputValue(event))}>
                {thresholdMetricList.map((each) => (
                  <option key={each}>{each}</option>
                ))}
              </select>
            </Field>
            <Field label="When">
              <select value={op} onChange={(event) => setOp(inputValue(event))}>
                <option>above</option>
                <option>below</option>
              </select>
            </Field>
          </>
        )}
        {numberFields[kind].map((field) => (
          <Field key={field} label={field.replaceAll('_', ' ')}>
            <input
              type="number"
              step="any"
              required
              value={numbers[field] ?? ''}
              onInput={(event) => setNumbers({ ...numbers, [field]: inputValue(event) })}
            />
          </Field>
        ))}
      </div>
      <Field label="Runbook (Markdown): what to do when it fires">
        <textarea
          rows={6}
          maxLength={textLimits.runbookLengthMax}
          value={runbook}
          onInput={(event) => setRunbook(inputValue(event))}
        />
      </Field>
      <div class="actions">
        <button type="submit" class="primary" disabled={action.busy}>
          {rule === undefined ? 'Create rule' : 'Save rule'}
        </button>
      </div>
      <ErrorNote error={action.error} />
    </form>
  );
}
