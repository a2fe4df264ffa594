/**
 * On an order's page, its returns: the window (open until when, or closed), per SKU what may still be
 * returned, a form to authorise a return with a reason per line, and the order's returns so far.
 */
import { useId, useState } from 'preact/hooks';
import type { Location } from '../../../src/catalog/contract.js';
import type { Order } from '../../../src/orders/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import type { OrderReturns, Return } from '../../../src/returns/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { civilDate, dateTime, money } from '../format.js';
import {
  plural,
  type ReturnReason,
  ReturnStatusPill,
  reasonLabels,
  returnPath,
  returnReasonList,
  unitsOf,
} from './marks.js';

type ServerLimits = typeof serverLimits;
const noteLengthMax: ServerLimits['returnNoteLengthMax'] = 1_000;

/** The order statuses whose page shows its returns: from delivered on, when returns may exist. */
export const statusesWithReturns: readonly string[] = ['delivered', 'partially_returned', 'returned'];

interface LineDraft {
  readonly quantity: string;
  readonly reason: ReturnReason | '';
  readonly note: string;
}

const emptyDraft: LineDraft = { quantity: '', reason: '', note: '' };

/** The last instant a return is taken: the API names the first one refused (the shop's midnight). */
function lastMomentOf(closesAt: string): string {
  return new Date(Date.parse(closesAt) - 1000).toISOString();
}

function Window({ answer }: { answer: OrderReturns }) {
  if (answer.window_closes_at === null)
    return <p class="muted">Not delivered yet: a return starts once the order is delivered.</p>;
  return (
    <p class="returns-window" data-window={answer.window_open ? 'open' : 'closed'}>
      {answer.window_open ? (
        <>
          Return window <strong class="returns-window-open">open</strong> until{' '}
          {dateTime(lastMomentOf(answer.window_closes_at))}
        </>
      ) : (
        <>
          Return window <strong class="returns-window-closed">closed</strong>
          {answer.order_status === 'returned'
            ? ': every unit is back.'
            : ` since ${dateTime(answer.window_closes_at)}.`}
        </>
      )}{' '}
      <span class="muted">(delivered {dateTime(answer.delivered_at)})</span>
    </p>
  );
}

function NewReturn({
  order,
  answer,
  locations,
  onAuthorised,
}: {
  order: Order;
  answer: OrderReturns;
  locations: readonly Location[] | undefined;
  onAuthorised: () => void;
}) {
  const [drafts, setDrafts] = useState<Record<string, LineDraft>>({});
  const [location, setLocation] = useState('');
  const [typo, setTypo] = useState<Error | undefined>(undefined);
  const [created, setCreated] = useState<Return | null>(null);
  const action = useAction();
  const headingId = useId();
  const draftOf = (sku: string) => drafts[sku] ?? emptyDraft;
  const change = (sku: string, values: Partial<LineDraft>) =>
    setDrafts({ ...drafts, [sku]: { ...draftOf(sku), ...values } });
  const windowOpen = answer.window_open;

  const submit = async (event: Event) => {
    event.preventDefault();
    action.clear();
    setCreated(null);
    const lines = answer.lines
      .map((line) => ({ sku: line.sku, returnable: line.returnable, ...draftOf(line.sku) }))
      .filter((line) => line.quantity.trim() !== '' && Number(line.quantity) > 0);
    const unexplained = lines.find((line) => line.reason === 'other' && line.note.trim() === '');
    const wrong =
      lines.length === 0
        ? new Error('Give the units to return of at least one SKU.')
        : lines.some((line) => line.reason === '')
          ? new Error('Each line returned needs its reason.')
          : unexplained !== undefined
            ? new Error(`${unexplained.sku}: a return for another reason says which, in its note.`)
            : undefined;
    setTypo(wrong);
    if (wrong !== undefined) return;
    const body = {
      lines: lines.map((line) => ({
        sku: line.sku,
        quantity: Number(line.quantity),
        reason: line.reason,
        ...(line.note.trim() === '' ? {} : { note: line.note.trim() }),
      })),
      ...(location === '' ? {} : { location }),
    };
    await action.run(async () => {
      setCreated(await api<Return>('POST', `/v1/orders/${encodeURIComponent(order.id)}/returns`, body));
      setDrafts({});
      onAuthorised();
    });
  };

  return (
    <>
      <form aria-labelledby={headingId} onSubmit={submit}>
        <h3 id={headingId}>Start a return</h3>
        <table class="rows returns-start">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col" class="num">
                Delivered
              </th>
              <th scope="col" class="num">
                Held by returns
              </th>
              <th scope="col" class="num">
                May be returned
              </th>
              <th scope="col">Units to return</th>
              <th scope="col">Reason</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {answer.lines.map((line) => {
              const draft = draftOf(line.sku);
              const returning = Number(draft.quantity) > 0;
              const closed = !windowOpen || line.returnable === 0;
              return (
                <tr key={line.sku} data-returnable={line.sku}>
                  <td>{line.sku}</td>
                  <td class="num">{line.delivered}</td>
                  <td class="num">{line.held}</td>
                  <td class="num strong">{line.returnable}</td>
                  <td>
                    <input
                      type="number"
                      class="returns-count"
                      min={0}
                      max={line.returnable}
                      step={1}
                      placeholder="0"
                      disabled={closed}
                      aria-label={`Units of ${line.sku} to return`}
                      value={draft.quantity}
                      onInput={(event) => change(line.sku, { quantity: inputValue(event) })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Reason for ${line.sku}`}
                      disabled={closed}
                      required={returning}
                      value={draft.reason}
                      onChange={(event) => change(line.sku, { reason: inputValue(event) as ReturnReason })}
                    >
                      <option value="">Choose…</option>
                      {returnReasonList.map((reason) => (
                        <option key={reason} value={reason}>
                          {reasonLabels[reason]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={`Note on ${line.sku}`}
                      placeholder={
                        draft.reason === 'other' ? 'Required: which reason' : 'In the customer’s words'
                      }
                      maxLength={noteLengthMax}
                      disabled={closed}
                      required={returning && draft.reason === 'other'}
                      value={draft.note}
                      onInput={(event) => change(line.sku, { note: inputValue(event) })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div class="inline-form">
          <Field label="Send back to">
            <select
              value={location}
              disabled={!windowOpen}
              onChange={(event) => setLocation(inputValue(event))}
            >
              <option value="">The channel’s return location</option>
              {locations?.map((each) => (
                <option key={each.code} value={each.code}>
                  {each.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" class="primary" disabled={action.busy || !windowOpen}>
            Authorise the return
          </button>
        </div>
      </form>
      <ErrorNote error={typo ?? action.error} />
      {created !== null && (
        <output class="notice" data-authorised>
          Return authorised: <Link to={returnPath(created.id)}>{created.id}</Link>, to be sent back by{' '}
          {civilDate(created.send_back_by)}.
        </output>
      )}
    </>
  );
}

function ReturnsOfOrder({ returns }: { returns: readonly Return[] }) {
  if (returns.length === 0) return <p class="empty">No return of this order yet.</p>;
  return (
    <table class="rows">
      <thead>
        <tr>
          <th scope="col">Return</th>
          <th scope="col">Authorised</th>
          <th scope="col">Lines</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">
            Refund
          </th>
        </tr>
      </thead>
      <tbody>
        {returns.map((each) => {
          const units = unitsOf(each);
          return (
            <tr key={each.id} data-order-return={each.id}>
              <td>
                <Link to={returnPath(each.id)}>
                  <code>{each.id}</code>
                </Link>
              </td>
              <td>{dateTime(each.created_at)}</td>
              <td>
                {each.lines
                  .map((line) => `${line.sku} ×${line.quantity} (${reasonLabels[line.reason]})`)
                  .join(', ')}
                <div class="muted">
                  {plural(units.authorised, 'unit', 'units')}, {units.received} back
                </div>
              </td>
              <td>
                <ReturnStatusPill status={each.status} />
              </td>
              <td class="num">
                {each.status === 'refunded' ? money(each.refund.total, each.currency) : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function OrderReturnsPanel({ order, onChange }: { order: Order; onChange: () => void }) {
  const answer = useLoad(
    () => api<OrderReturns>('GET', `/v1/orders/${encodeURIComponent(order.id)}/returns`),
    [order.id, order.updated_at],
  );
  const locations = useLoad(() => api<{ data: Location[] }>('GET', '/v1/locations'), []);
  return (
    <div class="card returns-of-order">
      <h2>Returns</h2>
      <ErrorNote error={answer.error ?? locations.error} />
      {answer.data === undefined ? (
        answer.error === undefined && <p class="empty">Loading…</p>
      ) : (
        <>
          <Window answer={answer.data} />
          {answer.data.order_status !== 'returned' && (
            <NewReturn
              order={order}
              answer={answer.data}
              locations={locations.data?.data}
              onAuthorised={() => {
                answer.reload();
                onChange();
              }}
            />
          )}
          <h3>Returns of this order</h3>
          <ReturnsOfOrder returns={answer.data.returns} />
        </>
      )}
    </div>
  );
}
