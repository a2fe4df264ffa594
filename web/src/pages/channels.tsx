/** Sales channels with their switches: stop taking orders, freeze what they are shown. */
import { api } from '../api.js';
import { ErrorNote } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { ChannelSwitchControls } from '../live/switches.js';
import type { Channel, Switches } from '../types.js';

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
            </div>
          );
        })}
      </div>
    </section>
  );
}
