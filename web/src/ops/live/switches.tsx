/** The contingency plan's switches, each one click with a reason: read-only, each channel, the waiting room, each running sale. */
import { useState } from 'preact/hooks';
import type { Room } from '../../../../src/intake/waiting-room/contract.js';
import type { ChannelSwitches, Switches } from '../../../../src/ops/switches/contract.js';
import { api } from '../../api.js';
import { ErrorNote, inputValue, useAction } from '../../components/forms.js';
import { SwitchControl } from '../../components/switch-control.js';
import { figure, percent } from '../../format.js';
import { RunningSales } from '../../pricing/sales.js';

/** The running sales are read again every 10 s, as the live wall re-renders with its stream. */
const salesRefreshMs = 10_000;

export function ChannelSwitchControls({
  channel,
  onChange,
}: {
  channel: ChannelSwitches;
  onChange?: () => void;
}) {
  const put = async (change: Record<string, boolean>, reason: string) => {
    await api('PUT', `/v1/switches/channels/${encodeURIComponent(channel.channel)}`, { ...change, reason });
    onChange?.();
  };
  return (
    <>
      <SwitchControl
        turnOn="Stop orders"
        turnOff="Resume orders"
        on={channel.orders_stopped}
        onText="Orders stopped"
        offText="Taking orders"
        state={channel}
        flip={(on, reason) => put({ orders_stopped: on }, reason)}
      />
      <SwitchControl
        turnOn="Freeze"
        turnOff="Thaw"
        on={channel.availability_frozen}
        onText="Availability frozen"
        offText="Availability live"
        state={channel}
        flip={(on, reason) => put({ availability_frozen: on }, reason)}
      />
    </>
  );
}

function AdmissionRate({ room }: { room: Room }) {
  const [rate, setRate] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { admission_rate_per_s: Number(rate), reason: reason.trim() };
    if (await action.run(() => api('PUT', '/v1/waiting-room', body))) {
      setRate('');
      setReason('');
    }
  };
  return (
    <form class="rate-form" onSubmit={submit}>
      <input
        type="number"
        min="1"
        step="any"
        aria-label="Admission rate per second"
        placeholder={`${figure(room.admission_rate_per_s)}/s`}
        required
        value={rate}
        onInput={(event) => setRate(inputValue(event))}
      />
      <input
        aria-label="Reason to change the admission rate"
        placeholder="Reason"
        required
        value={reason}
        onInput={(event) => setReason(inputValue(event))}
      />
      <button type="submit" class="secondary" disabled={action.busy || rate === '' || reason.trim() === ''}>
        Set
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function SwitchesPanel({ switches }: { switches: Switches }) {
  const room = switches.waiting_room;
  return (
    <section class="card panel switches" aria-labelledby="switches-title">
      <h2 id="switches-title">Switches</h2>
      <div class="switch-group">
        <h3>Shop</h3>
        <SwitchControl
          turnOn="Go read-only"
          turnOff="Leave read-only"
          on={switches.read_only.on}
          onText="Read-only"
          offText="Taking changes"
          state={switches.read_only}
          flip={(on, reason) => api('PUT', '/v1/switches/read-only', { on, reason })}
        />
        <SwitchControl
          turnOn="Open"
          turnOff="Close"
          on={room.enabled}
          onText={`Waiting room open · ${figure(room.admission_rate_per_s)}/s`}
          offText="Waiting room closed"
          state={room.opened_at === null ? null : { since: room.opened_at, by: null, reason: null }}
          flip={(enabled, reason) => api('PUT', '/v1/waiting-room', { enabled, reason })}
        />
        <AdmissionRate room={room} />
        {switches.faults.error_rate > 0 && (
          <SwitchControl
            turnOn="Fail requests"
            turnOff="End drill"
            on
            onText={`Drill: ${percent(switches.faults.error_rate)} of storefront requests fail`}
            offText="No drill"
            state={switches.faults}
            // Shown only while a drill runs: its one move is to end it.
            flip={(_on, reason) => api('PUT', '/v1/ops/faults', { error_rate: 0, reason })}
          />
        )}
      </div>
      {switches.channels.map((channel) => (
        <div class="switch-group" key={channel.channel} data-channel={channel.channel}>
          <h3 title={`Channel ${channel.channel}`}>{channel.channel}</h3>
          <ChannelSwitchControls channel={channel} />
        </div>
      ))}
      <div class="switch-group" data-group="sales">
        <h3>Sales running</h3>
        <RunningSales refreshKey={Math.floor(Date.now() / salesRefreshMs)} />
      </div>
    </section>
  );
}
