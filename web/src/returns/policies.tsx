/**
 * Return policies: each channel's terms, the window in days after delivery, when the shipping is
 * refunded, and where its parcels go back to (the label's recipient). A channel without terms has the
 * defaults, and says so.
 */
import { useState } from 'preact/hooks';
import type { Channel, Location } from '../../../src/catalog/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import type { ReturnPolicy } from '../../../src/returns/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';
import { ReturnsTabs } from './tabs.js';

type ServerLimits = typeof serverLimits;
const windowDaysMax: ServerLimits['returnWindowDaysMax'] = 365;

function policyPath(channel: string): string {
  return `/v1/return-policies/${encodeURIComponent(channel)}`;
}

function PolicyForm({
  channel,
  policy,
  locations,
  onSaved,
}: {
  channel: Channel;
  policy: ReturnPolicy;
  locations: readonly Location[] | undefined;
  onSaved: () => void;
}) {
  const [windowDays, setWindowDays] = useState(String(policy.window_days));
  const [wholeOrder, setWholeOrder] = useState(policy.refund_shipping.whole_order);
  const [shopFault, setShopFault] = useState(policy.refund_shipping.shop_fault);
  const [location, setLocation] = useState(policy.location ?? '');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      window_days: Number(windowDays),
      refund_shipping: { whole_order: wholeOrder, shop_fault: shopFault },
      location: location === '' ? null : location,
    };
    if (await action.run(() => api<ReturnPolicy>('PUT', policyPath(channel.code), body))) onSaved();
  };
  return (
    <form class="stacked-form" aria-label={`Return policy of ${channel.name}`} onSubmit={submit}>
      <Field label="Window (days after delivery)">
        <input
          type="number"
          required
          min={0}
          max={windowDaysMax}
          step={1}
          value={windowDays}
          onInput={(event) => setWindowDays(inputValue(event))}
        />
      </Field>
      <fieldset class="checks returns-shipping">
        <legend>Refund the shipping</legend>
        <label>
          <input
            type="checkbox"
            checked={wholeOrder}
            onChange={(event) => setWholeOrder((event.currentTarget as HTMLInputElement).checked)}
          />{' '}
          when the whole order comes back
        </label>
        <label>
          <input
            type="checkbox"
            checked={shopFault}
            onChange={(event) => setShopFault((event.currentTarget as HTMLInputElement).checked)}
          />{' '}
          when the shop is at fault
        </label>
      </fieldset>
      <Field label="Return location">
        <select value={location} onChange={(event) => setLocation(inputValue(event))}>
          <option value="">None: each return names its own</option>
          {locations?.map((each) => (
            <option key={each.code} value={each.code}>
              {each.name}
              {each.address === null ? ' (no address: no label)' : ''}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="primary" disabled={action.busy}>
        Save the policy
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function ChannelPolicy({
  channel,
  locations,
}: {
  channel: Channel;
  locations: readonly Location[] | undefined;
}) {
  const policy = useLoad(() => api<ReturnPolicy>('GET', policyPath(channel.code)), [channel.code]);
  // Kept here: the form starts again once saved, and would lose it.
  const [saved, setSaved] = useState(false);
  return (
    <div class="card" data-policy={channel.code}>
      <h2>
        {channel.name} <code>{channel.code}</code>
        {policy.data?.default === true && <span class="badge">defaults</span>}
      </h2>
      <ErrorNote error={policy.error} />
      {policy.data !== undefined && (
        <>
          <p class="muted">
            {policy.data.default
              ? `No terms of its own yet: the defaults, the EU’s ${policy.data.window_days} days to withdraw.`
              : `Set ${dateTime(policy.data.updated_at)}.`}
          </p>
          {/* Keyed by the answer, the form starts again from what was saved. */}
          <PolicyForm
            key={policy.data.updated_at ?? 'default'}
            channel={channel}
            policy={policy.data}
            locations={locations}
            onSaved={() => {
              setSaved(true);
              policy.reload();
            }}
          />
          {saved && (
            <output class="notice" data-saved>
              Saved: returns authorised from now on follow these terms.
            </output>
          )}
        </>
      )}
    </div>
  );
}

export function ReturnPoliciesPage() {
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const locations = useLoad(() => api<{ data: Location[] }>('GET', '/v1/locations'), []);
  return (
    <section>
      <h1>Return policies</h1>
      <ReturnsTabs current="/returns/policies" />
      <p class="muted">
        Each channel’s terms apply to the returns authorised from then on. The window counts whole days after
        the day of delivery and ends at the shop’s midnight. Orders carry no shipping charge: the rule is
        recorded with each refund, the shipping refunded stays 0.
      </p>
      <ErrorNote error={channels.error ?? locations.error} />
      {channels.data?.data.length === 0 && <p class="empty">No channel yet.</p>}
      <div class="grid-cards">
        {channels.data?.data.map((channel) => (
          <ChannelPolicy key={channel.code} channel={channel} locations={locations.data?.data} />
        ))}
      </div>
    </section>
  );
}
