/** Sales channels with their switches (stop taking orders, freeze what they are shown) and their buffers. */

import type { Channel } from '../../../src/catalog/contract.js';
import type { SkuBuffer } from '../../../src/inventory/contract.js';
import type { Switches } from '../../../src/ops/switches/contract.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import { api, query } from '../api.js';
import { ErrorNote } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { ChannelSwitchControls } from '../ops/live/switches.js';

/** The first page of the safety stock held back from a channel; a SKU's own page sets it. */
function ChannelBuffers({ channel }: { channel: string }) {
  const buffers = useLoad(
    () =>
      api<Page<SkuBuffer>>(
        'GET',
        `/v1/channels/${encodeURIComponent(channel)}/buffers${query({ limit: 20 })}`,
      ),
    [channel],
  );
  if (buffers.error !== undefined) return <ErrorNote error={buffers.error} />;
  const rows = buffers.data?.data.filter((row) => row.quantity > 0) ?? [];
  if (rows.length === 0) return <p class="muted">No safety stock held back.</p>;
  return (
    <table class="rows">
      <thead>
        <tr>
          <th>Buffer on SKU</th>
          <th class="num">Units</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.sku}>
            <td>
              <Link to={`/stock/${encodeURIComponent(row.sku)}`}>{row.sku}</Link>
            </td>
            <td class="num">{row.quantity}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChannelsPage() {
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const switches = useLoad(() => api<Switches>('GET', '/v1/switches'), []);
  return (
    <section>
      <h1>Channels</h1>
      <ErrorNote error={channels.error ?? switches.error} />
      <div class="grid-cards">
        {channels.data?.data.map((channel) => {
          const state = switches.data?.channels.find((each) => each.channel === channel.code);
          return (
            <div class="card" key={channel.code} data-channel={channel.code}>
              <h2>{channel.name}</h2>
              <p class="muted">
                {channel.code} · sells in {channel.currency}
              </p>
              {state !== undefined && <ChannelSwitchControls channel={state} onChange={switches.reload} />}
              <ChannelBuffers channel={channel.code} />
            </div>
          );
        })}
      </div>
    </section>
  );
}
