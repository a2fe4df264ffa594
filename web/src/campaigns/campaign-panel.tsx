/** One campaign opened from the calendar: its items, its conflicts, and the moves a person makes on it. */
import { useState } from 'preact/hooks';
import type { CampaignDetail } from '../../../src/campaigns/calendar/contract.js';
import type { campaignTransitions } from '../../../src/campaigns/core/calendar.js';
import { api } from '../api.js';
import { ErrorNote, inputValue, useAction } from '../components/forms.js';
import { useLoad } from '../components/load.js';
import { dateTime } from '../format.js';
import { conflictText, type Known, kindLabels } from './conflicts.js';
import { period } from './dates.js';

type Status = CampaignDetail['status'];
type Move = 'draft' | 'approved' | 'scheduled';

/** The server's table, copied: typed by it, so a copy that differs does not compile. */
const transitions: typeof campaignTransitions = {
  draft: ['approved', 'cancelled'],
  approved: ['draft', 'scheduled', 'cancelled'],
  scheduled: ['approved', 'published', 'cancelled'],
  published: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** What the button says for a move, by where the campaign stands: the same target reads differently. */
function moveLabel(from: Status, to: Move): string {
  if (to === 'approved') return from === 'draft' ? 'Approve' : 'Back to approved';
  if (to === 'scheduled') return 'Schedule';
  return 'Back to draft';
}

function movesFrom(status: Status): Move[] {
  return (transitions[status] as readonly Status[]).filter(
    (to): to is Move => to === 'draft' || to === 'approved' || to === 'scheduled',
  );
}

function CancelForm({ campaign, onDone }: { campaign: CampaignDetail; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const sent = await action.run(() =>
      api('POST', `/v1/campaigns/${encodeURIComponent(campaign.id)}/cancel`, { reason: reason.trim() }),
    );
    if (sent) {
      setReason('');
      onDone();
    }
  };
  return (
    <form class="inline-form" aria-label={`Cancel ${campaign.name}`} onSubmit={submit}>
      <input
        aria-label={`Reason to cancel ${campaign.name}`}
        placeholder="Reason to cancel (required)"
        maxLength={500}
        value={reason}
        onInput={(event) => setReason(inputValue(event))}
      />
      <button type="submit" class="danger" disabled={action.busy || reason.trim() === ''}>
        Cancel campaign
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function CampaignPanel({
  id,
  known,
  onChanged,
  onClose,
}: {
  id: string;
  known: Known;
  onChanged: () => void;
  onClose: () => void;
}) {
  const loaded = useLoad(() => api<CampaignDetail>('GET', `/v1/campaigns/${encodeURIComponent(id)}`), [id]);
  const action = useAction();
  const campaign = loaded.data;
  const changed = () => {
    loaded.reload();
    onChanged();
  };
  const move = async (to: Move) => {
    if (await action.run(() => api('POST', `/v1/campaigns/${encodeURIComponent(id)}/transitions`, { to })))
      changed();
  };
  return (
    <section class="card campaign-panel" aria-labelledby="campaign-panel-title">
      <h2 id="campaign-panel-title">
        {campaign === undefined ? 'Campaign' : campaign.name}{' '}
        {campaign !== undefined && (
          <span class={`status campaign-status-${campaign.status}`} data-campaign-status>
            {campaign.status}
          </span>
        )}
        <button type="button" class="quiet" onClick={onClose}>
          Close
        </button>
      </h2>
      <ErrorNote error={loaded.error} />
      {campaign !== undefined && (
        <>
          <p class="muted">
            Owner {campaign.owner}
            {campaign.sale_id !== null && <> · announces sale {campaign.sale_id}</>}
            {campaign.cancel_reason !== null && <> · cancelled: “{campaign.cancel_reason}”</>}
          </p>
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Site</th>
                <th scope="col">Channel</th>
                <th scope="col">Segment</th>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col">Published</th>
              </tr>
            </thead>
            <tbody>
              {campaign.items.map((item) => (
                <tr key={item.id} data-item-id={item.id}>
                  <td>
                    <span class={`kind-dot kind-${item.kind}`} aria-hidden="true" />
                    {kindLabels[item.kind]}
                  </td>
                  <td>{item.site}</td>
                  <td>{item.channel}</td>
                  <td>{item.segment}</td>
                  <td>{period(item.starts_at, item.ends_at)}</td>
                  <td>{item.status}</td>
                  <td>
                    {item.published_at === null ? (
                      <span class="muted">not yet</span>
                    ) : (
                      dateTime(item.published_at)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {campaign.conflicts.length > 0 && (
            <ul class="campaign-own-conflicts" aria-label={`Conflicts of ${campaign.name}`}>
              {campaign.conflicts.map((conflict, index) => (
                <li key={index}>{conflictText(conflict, known)}.</li>
              ))}
            </ul>
          )}
          <div class="actions">
            {movesFrom(campaign.status).map((to) => (
              <button
                key={to}
                type="button"
                class={to === 'draft' ? 'secondary' : 'primary'}
                disabled={action.busy}
                onClick={() => move(to)}
              >
                {moveLabel(campaign.status, to)}
              </button>
            ))}
          </div>
          <ErrorNote error={action.error} />
          {(transitions[campaign.status] as readonly Status[]).includes('cancelled') && (
            <CancelForm campaign={campaign} onDone={changed} />
          )}
        </>
      )}
    </section>
  );
}
