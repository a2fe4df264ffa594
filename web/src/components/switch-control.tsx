/**
 * One contingency switch: one click opens it, a reason (required: the audit log keeps it) confirms
 * it, and the answer of the API — the new state or its refusal — shows where the click was.
 */
import { useState } from 'preact/hooks';
import type { Mark } from '../../../src/ops/switches/contract.js';
import { age } from '../format.js';
import { ErrorNote, inputValue, useAction } from './forms.js';

export interface SwitchProps {
  /** What each click does, as a verb: "Stop orders" / "Resume orders". */
  readonly turnOn: string;
  readonly turnOff: string;
  readonly on: boolean;
  /** The state in words, for each position: "Orders stopped" / "Taking orders". */
  readonly onText: string;
  readonly offText: string;
  readonly state?: Mark | null;
  /** Flips it; resolves once the API took the change. */
  readonly flip: (on: boolean, reason: string) => Promise<unknown>;
}

export function SwitchControl(props: SwitchProps) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const action = useAction();
  const next = !props.on;
  const verb = next ? props.turnOn : props.turnOff;
  const close = () => {
    setAsking(false);
    setReason('');
    action.clear();
  };
  const confirm = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => props.flip(next, reason.trim()))) close();
  };
  const since = props.state?.since ? `for ${age(props.state.since, Date.now())}` : '';
  const reasonGiven = props.state?.reason ? `“${props.state.reason}”` : '';
  return (
    <div class={`switch ${props.on ? 'is-on' : 'is-off'}`} data-switch={props.turnOn}>
      <div class="switch-row">
        <span class="switch-state">
          <span class="dot" aria-hidden="true" />
          {props.on ? props.onText : props.offText}
        </span>
        {!asking && (
          <button type="button" class={next ? 'danger' : 'secondary'} onClick={() => setAsking(true)}>
            {verb}
          </button>
        )}
      </div>
      {props.on && (since !== '' || reasonGiven !== '') && (
        <div class="switch-reason muted">{[since, reasonGiven].filter(Boolean).join(' · ')}</div>
      )}
      {asking && (
        <form class="switch-confirm" onSubmit={confirm}>
          <input
            aria-label={`Reason to ${verb.toLowerCase()}`}
            placeholder="Reason (kept in the audit log)"
            required
            autofocus
            value={reason}
            onInput={(event) => setReason(inputValue(event))}
          />
          <button
            type="submit"
            class={next ? 'danger' : 'primary'}
            disabled={action.busy || reason.trim() === ''}
          >
            {verb}
          </button>
          <button type="button" class="quiet" onClick={close}>
            Cancel
          </button>
          <ErrorNote error={action.error} />
        </form>
      )}
    </div>
  );
}
