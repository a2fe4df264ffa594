/**
 * The receipt of a return's parcel, as the warehouse inspects it: where it was opened, and per line
 * the units found resellable (back on hand there, to sell again) and damaged (written off, with the
 * reason the ledger keeps). A parcel may come in several: each receipt adds its units.
 */
import { useId, useState } from 'preact/hooks';
import type { Location } from '../../../src/catalog/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import type { Return } from '../../../src/returns/contract.js';
import { api } from '../api.js';
import { ErrorNote, Field, inputValue, useAction } from '../components/forms.js';
import { apiPathOf, plural, reasonLabels } from './marks.js';

type ServerLimits = typeof serverLimits;
const damageReasonLengthMax: ServerLimits['returnNoteLengthMax'] = 1_000;

interface Counted {
  readonly resellable: string;
  readonly damaged: string;
  readonly damageReason: string;
}

const nothingCounted: Counted = { resellable: '', damaged: '', damageReason: '' };

/** A count typed in a field: empty is none. */
function unitsOf(text: string): number {
  return text.trim() === '' ? 0 : Number(text);
}

export function ReceiptForm({
  value,
  locations,
  onReceived,
}: {
  value: Return;
  locations: readonly Location[] | undefined;
  onReceived: () => void;
}) {
  const expected = value.lines.filter((line) => line.received < line.quantity);
  const [location, setLocation] = useState(value.location ?? '');
  const [counted, setCounted] = useState<Record<string, Counted>>({});
  const [typo, setTypo] = useState<Error | undefined>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const headingId = useId();
  const countedOf = (sku: string) => counted[sku] ?? nothingCounted;
  const change = (sku: string, values: Partial<Counted>) =>
    setCounted({ ...counted, [sku]: { ...countedOf(sku), ...values } });

  const submit = async (event: Event) => {
    event.preventDefault();
    action.clear();
    setDone(null);
    const lines = expected
      .map((line) => {
        const each = countedOf(line.sku);
        return {
          sku: line.sku,
          resellable: unitsOf(each.resellable),
          damaged: unitsOf(each.damaged),
          damageReason: each.damageReason.trim(),
          left: line.quantity - line.received,
        };
      })
      .filter((line) => line.resellable + line.damaged > 0);
    // The browser's own checks stop most of these; a reason of spaces only gets past them.
    const unexplained = lines.find((line) => line.damaged > 0 && line.damageReason === '');
    const over = lines.find((line) => line.resellable + line.damaged > line.left);
    const wrong =
      lines.length === 0
        ? new Error('Count at least one unit, resellable or damaged.')
        : unexplained !== undefined
          ? new Error(`Say why the damaged ${unexplained.sku} is written off.`)
          : over !== undefined
            ? new Error(`${over.sku}: ${plural(over.left, 'unit is', 'units are')} still expected, no more.`)
            : undefined;
    setTypo(wrong);
    if (wrong !== undefined) return;
    const body = {
      location,
      lines: lines.map((line) => ({
        sku: line.sku,
        resellable: line.resellable,
        damaged: line.damaged,
        ...(line.damaged > 0 ? { damage_reason: line.damageReason } : {}),
      })),
    };
    const ok = await action.run(() => api<Return>('POST', `${apiPathOf(value.id)}/receipts`, body));
    if (!ok) return;
    const resellable = lines.reduce((total, line) => total + line.resellable, 0);
    const damaged = lines.reduce((total, line) => total + line.damaged, 0);
    const where = locations?.find((each) => each.code === location)?.name ?? location;
    setDone(
      `Received: ${plural(resellable, 'unit', 'units')} back on hand at ${where}, ${plural(damaged, 'unit', 'units')} written off.`,
    );
    setCounted({});
    onReceived();
  };

  return (
    <div class="card">
      <h2 id={headingId}>Receipt and inspection</h2>
      {expected.length === 0 ? (
        <p class="empty">Every unit of this return is back.</p>
      ) : (
        <form class="stacked-form returns-receipt-form" aria-labelledby={headingId} onSubmit={submit}>
          <Field label="Received at">
            <select required value={location} onChange={(event) => setLocation(inputValue(event))}>
              {value.location === null && <option value="">Choose the location…</option>}
              {locations?.map((each) => (
                <option key={each.code} value={each.code}>
                  {each.name}
                </option>
              ))}
            </select>
          </Field>
          <table class="rows returns-receipt">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Reason</th>
                <th scope="col" class="num">
                  Expected
                </th>
                <th scope="col">Resellable</th>
                <th scope="col">Damaged</th>
                <th scope="col">Damage reason</th>
              </tr>
            </thead>
            <tbody>
              {expected.map((line) => {
                const each = countedOf(line.sku);
                const left = line.quantity - line.received;
                return (
                  <tr key={line.sku} data-receipt-line={line.sku}>
                    <td>{line.sku}</td>
                    <td>{reasonLabels[line.reason]}</td>
                    <td class="num">
                      {left}
                      {line.received > 0 && <div class="muted">{line.received} back already</div>}
                    </td>
                    <td>
                      <input
                        type="number"
                        class="returns-count"
                        min={0}
                        max={left}
                        step={1}
                        placeholder="0"
                        aria-label={`Resellable units of ${line.sku}`}
                        value={each.resellable}
                        onInput={(event) => change(line.sku, { resellable: inputValue(event) })}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        class="returns-count"
                        min={0}
                        max={left}
                        step={1}
                        placeholder="0"
                        aria-label={`Damaged units of ${line.sku}`}
                        value={each.damaged}
                        onInput={(event) => change(line.sku, { damaged: inputValue(event) })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Damage reason of ${line.sku}`}
                        placeholder={
                          unitsOf(each.damaged) > 0 ? 'Required: what is wrong' : 'Only if damaged'
                        }
                        maxLength={damageReasonLengthMax}
                        required={unitsOf(each.damaged) > 0}
                        disabled={unitsOf(each.damaged) === 0}
                        value={each.damageReason}
                        onInput={(event) => change(line.sku, { damageReason: inputValue(event) })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="submit" class="primary" disabled={action.busy}>
            Record the receipt
          </button>
        </form>
      )}
      <ErrorNote error={typo ?? action.error} />
      {done !== null && (
        <output class="notice" data-received>
          {done}
        </output>
      )}
    </div>
  );
}
