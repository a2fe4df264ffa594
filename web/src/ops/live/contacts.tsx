/**
 * Customer contacts on the wall while the last hour had any: the contacts of the last minute and of
 * the hour in big figures, a bar per minute stacked by channel (this minute last, outlined), each
 * channel's counts, and the topics most given. A delivery or payment problem shows here before it
 * shows anywhere else.
 */
import type { ContactMinute, ContactsRoom } from '../../../../src/ops/contacts/contract.js';
import { figure } from '../../format.js';
import { contactChannelList } from '../../server-values.js';

type Channel = (typeof contactChannelList)[number];

const channelNames: Record<Channel, string> = {
  phone: 'Phone',
  email: 'Email',
  chat: 'Chat',
  social: 'Social',
};

const minuteFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** What a minute's bar says on hover and to a screen reader: its time, its contacts and their channels. */
function minuteText(minute: ContactMinute): string {
  const count = `${figure(minute.contacts)} ${minute.contacts === 1 ? 'contact' : 'contacts'}`;
  const channels = contactChannelList
    .filter((channel) => minute.by_channel[channel] > 0)
    .map((channel) => `${channelNames[channel]} ${figure(minute.by_channel[channel])}`);
  const when = minuteFormat.format(new Date(minute.at));
  return channels.length === 0 ? `${when}: none` : `${when}: ${count} (${channels.join(', ')})`;
}

function MinuteBar({ minute, peak, current }: { minute: ContactMinute; peak: number; current: boolean }) {
  const text = minuteText(minute);
  return (
    <li
      class={`contacts-wall-minute${current ? ' current' : ''}`}
      data-minute={minute.at}
      data-contacts={minute.contacts}
      title={text}
    >
      <span class="contacts-wall-track" aria-hidden="true">
        {contactChannelList.map(
          (channel) =>
            minute.by_channel[channel] > 0 && (
              <span
                key={channel}
                class={`contacts-wall-bar contacts-channel-${channel}`}
                style={{ height: `${(100 * minute.by_channel[channel]) / Math.max(1, peak)}%` }}
              />
            ),
        )}
      </span>
      <span class="visually-hidden">{text}</span>
    </li>
  );
}

export function ContactsPanel({ contacts }: { contacts: ContactsRoom }) {
  const minutes = contacts.per_minute;
  const peak = Math.max(0, ...minutes.map((minute) => minute.contacts));
  const current = minutes.at(-1);
  return (
    <section class="card panel contacts-wall" aria-labelledby="contacts-wall-title" data-panel="contacts">
      <h2 id="contacts-wall-title">Customer contacts</h2>
      <div class="contacts-wall-body">
        <dl class="wall-figures">
          <div data-figure="last-minute">
            <dt>Last minute</dt>
            <dd>{figure(contacts.last_minute.contacts)}</dd>
          </div>
          <div data-figure="last-hour">
            <dt>Last hour</dt>
            <dd>{figure(contacts.last_hour.contacts)}</dd>
          </div>
        </dl>
        <div class="contacts-wall-plot">
          <span class="contacts-wall-peak" aria-hidden="true">
            {figure(peak)}/min
          </span>
          <ol
            class="contacts-wall-minutes"
            aria-label="Contacts per minute over the last hour, this minute last"
          >
            {minutes.map((minute) => (
              <MinuteBar key={minute.at} minute={minute} peak={peak} current={minute === current} />
            ))}
          </ol>
          <span class="contacts-wall-axis" aria-hidden="true">
            <span>60 min ago</span>
            <span>now</span>
          </span>
        </div>
        <div class="contacts-wall-lists">
          <table class="compact" aria-label="Contacts by channel">
            <thead>
              <tr>
                <th>Channel</th>
                <th class="num">Last minute</th>
                <th class="num">Last hour</th>
              </tr>
            </thead>
            <tbody>
              {contactChannelList.map((channel) => (
                <tr key={channel} data-channel={channel}>
                  <td>
                    <span class={`contacts-wall-swatch contacts-channel-${channel}`} aria-hidden="true" />
                    {channelNames[channel]}
                  </td>
                  <td class="num">{figure(contacts.last_minute.by_channel[channel])}</td>
                  <td class="num">{figure(contacts.last_hour.by_channel[channel])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {contacts.top_topics.length > 0 && (
            <table class="compact" aria-label="Topics of the last hour">
              <thead>
                <tr>
                  <th>Topic</th>
                  <th class="num">Contacts</th>
                </tr>
              </thead>
              <tbody>
                {contacts.top_topics.map((row) => (
                  <tr key={row.topic} data-topic={row.topic}>
                    <td class="name" title={row.topic}>
                      {row.topic}
                    </td>
                    <td class="num">{figure(row.contacts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
