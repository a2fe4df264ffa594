/**
 * The packing station, for a keyboard-wedge scanner that types each code then Enter: the order's
 * barcode opens its parcel, then its items and its label make it packed. Every answer is shown; a
 * refusal is loud (a red banner, the input flashing, a buzz) and changes nothing else on screen.
 * Beside it, the pick list of the next parcels at the station's location.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Location } from '../../../src/catalog/contract.js';
import type { PackingSession, PickList, ScanResult } from '../../../src/fulfilment/packing/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { useLoad } from '../components/load.js';

/** The station's location outlives the tab: a packing bench does not move. */
const locationStorageKey = 'affluence.packingLocation';
/** Parcels on the pick list: a picker's round, short enough to read at a glance from the bench. */
const pickListParcelsMax = 20;

const stepWords: Record<PackingSession['step'], string> = {
  scanning_items: 'Scan the items',
  scanning_label: "Scan the parcel's label",
  done: 'Packed',
};

const nextScanWords: Record<PackingSession['step'], string> = {
  scanning_items: 'Scan an item',
  scanning_label: "Scan the parcel's label",
  done: "Scan the next order's barcode",
};

interface Answer {
  readonly refused: boolean;
  readonly message: string;
  /** Counts answers, so that the same refusal twice is shown, and announced, twice. */
  readonly serial: number;
}

/** Made at the first refusal: by then the scanner has typed, and a page may play sound after a key press. */
let audio: AudioContext | undefined;

/**
 * A short, low, harsh buzz: the packer looks at the parcel, not the screen, and a good scan makes no
 * sound at all, so this one cannot be taken for it.
 */
function buzzRefusal(): void {
  audio ??= new AudioContext();
  const oscillator = audio.createOscillator();
  const volume = audio.createGain();
  oscillator.type = 'square';
  oscillator.frequency.value = 170;
  volume.gain.value = 0.2;
  oscillator.connect(volume).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + 0.35);
}

function AnswerBanner({ answer }: { answer: Answer | null }) {
  if (answer === null) return null;
  return answer.refused ? (
    <div key={answer.serial} class="scan-answer scan-refused" role="alert">
      <span class="scan-answer-mark" aria-hidden="true">
        ✕
      </span>
      <strong class="scan-answer-word">Refused</strong>
      <span class="scan-answer-message">{answer.message}</span>
    </div>
  ) : (
    <output key={answer.serial} class="scan-answer scan-accepted">
      <span class="scan-answer-mark" aria-hidden="true">
        ✓
      </span>
      <span class="scan-answer-message">{answer.message}</span>
    </output>
  );
}

function ParcelCard({ session, onSetAside }: { session: PackingSession | null; onSetAside: () => void }) {
  if (session === null) {
    return (
      <div class="card parcel">
        <h2>Parcel</h2>
        <p class="packing-step">Scan an order's barcode</p>
        <p class="muted">The barcode on the packing slip opens the order's parcel.</p>
      </div>
    );
  }
  const packed = session.step === 'done';
  return (
    <div class={packed ? 'card parcel parcel-packed' : 'card parcel'} data-step={session.step}>
      <h2>Parcel of order {session.order_number}</h2>
      <p class="packing-step">{stepWords[session.step]}</p>
      {packed && <p class="muted">Scan the next order's barcode to open its parcel.</p>}
      <table class="rows checklist">
        <caption>Items</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">SKU</th>
            <th scope="col">GTIN</th>
            <th scope="col" class="num">
              Scanned
            </th>
          </tr>
        </thead>
        <tbody>
          {session.items.map((item) => {
            const complete = item.scanned === item.quantity;
            return (
              <tr key={item.sku} data-sku={item.sku} class={complete ? 'item-in' : ''}>
                <td>
                  <span class="tick" aria-hidden="true">
                    {complete ? '✓' : '○'}
                  </span>
                  {item.name}
                </td>
                <td>
                  <code>{item.sku}</code>
                </td>
                <td>
                  <code>{item.gtin ?? '—'}</code>
                </td>
                <td class="num">
                  {item.scanned} / {item.quantity}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!packed && (
        <p class="actions">
          <button type="button" class="secondary" onClick={onSetAside}>
            Set this parcel aside
          </button>
          <span class="muted">Its scans are kept: scanning its order again resumes it.</span>
        </p>
      )}
    </div>
  );
}

function PickListPanel({ location, refreshKey }: { location: string; refreshKey: number }) {
  const pick = useLoad(
    () => api<PickList>('GET', `/v1/pick-lists${query({ location, limit: pickListParcelsMax })}`),
    [location, refreshKey],
  );
  const orderOf = new Map(pick.data?.shipments.map((parcel) => [parcel.id, parcel.order_number]) ?? []);
  const parcels = pick.data?.shipments.length ?? 0;
  return (
    <div class="card pick-list">
      <h2>
        Pick list
        <button type="button" class="secondary" onClick={pick.reload}>
          Refresh
        </button>
      </h2>
      <ErrorNote error={pick.error} />
      {pick.data === undefined ? (
        pick.error === undefined && <p class="muted">Loading the next parcels…</p>
      ) : parcels === 0 ? (
        <p class="empty">No parcel waiting to be packed here.</p>
      ) : (
        <>
          <p class="muted">
            {parcels === pickListParcelsMax
              ? `The next ${parcels} parcels`
              : `${parcels} parcel${parcels === 1 ? '' : 's'}`}{' '}
            to pack, oldest first.
          </p>
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Name</th>
                <th scope="col" class="num">
                  Quantity
                </th>
                <th scope="col">Parcels</th>
              </tr>
            </thead>
            <tbody>
              {pick.data.lines.map((line) => (
                <tr key={line.sku} data-sku={line.sku}>
                  <td>
                    <code>{line.sku}</code>
                  </td>
                  <td>{line.name}</td>
                  <td class="num">{line.quantity}</td>
                  <td>
                    {line.shipments
                      .map(
                        (parcel) =>
                          `${orderOf.get(parcel.id) ?? parcel.id}${parcel.quantity > 1 ? ` ×${parcel.quantity}` : ''}`,
                      )
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function Station({
  location,
  onPacked,
  children,
}: {
  location: string;
  onPacked: () => void;
  children: ComponentChildren;
}) {
  const [session, setSession] = useState<PackingSession | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  // The queue reads the parcel as the scan before it left it, not as the last render saw it.
  const current = useRef<PackingSession | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const answers = useRef(0);

  const show = (next: PackingSession | null) => {
    current.current = next;
    setSession(next);
  };
  const say = (refused: boolean, message: string) => {
    answers.current += 1;
    setAnswer({ refused, message, serial: answers.current });
  };

  const answerScan = async (code: string) => {
    const open = current.current;
    try {
      if (open === null || open.step === 'done') {
        const opened = await api<PackingSession>('POST', '/v1/packing/sessions', {
          location,
          order_code: code,
        });
        show(opened);
        say(false, `Parcel of order ${opened.order_number} open: ${stepWords[opened.step].toLowerCase()}.`);
      } else {
        const { scan, ...next } = await api<ScanResult>(
          'POST',
          `/v1/packing/sessions/${encodeURIComponent(open.id)}/scans`,
          { code },
        );
        show(next);
        say(false, scan.message);
        if (next.step === 'done') onPacked();
      }
    } catch (failure) {
      say(true, failure instanceof Error ? failure.message : String(failure));
      buzzRefusal();
    }
    input.current?.focus();
  };

  const submit = (event: Event) => {
    event.preventDefault();
    // Read from the field itself: a scanner types faster than a render, and Enter follows at once.
    const field = input.current!;
    const code = field.value.trim();
    field.value = '';
    if (code === '') return;
    // A scanner does not wait for the answer: scans are answered one after the other, in order,
    // whatever became of the one before.
    queue.current = queue.current.finally(() => answerScan(code));
  };

  const setAside = () => {
    show(null);
    setAnswer(null);
  };

  useEffect(() => {
    input.current?.focus();
    // A click anywhere but in a field sends the focus back here, so the next scan is not lost (nor
    // its Enter taken for a press of the button clicked last).
    const refocus = (event: MouseEvent) => {
      if ((event.target as Element).closest('input, select, textarea') === null) input.current?.focus();
    };
    document.addEventListener('click', refocus);
    return () => document.removeEventListener('click', refocus);
  }, []);

  // A refusal after a refusal must flash again: the class stays on, so its animation is restarted.
  useEffect(() => {
    if (answer?.refused !== true) return;
    for (const animation of input.current?.getAnimations() ?? []) {
      animation.cancel();
      animation.play();
    }
  }, [answer]);

  return (
    <>
      <form class="scan-form" onSubmit={submit}>
        <label for={inputId}>Scan</label>
        <input
          id={inputId}
          ref={input}
          class={answer?.refused === true ? 'scan-input refused' : 'scan-input'}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder={session === null ? "Scan an order's barcode" : nextScanWords[session.step]}
        />
      </form>
      <AnswerBanner answer={answer} />
      <div class="packing-columns">
        <ParcelCard session={session} onSetAside={setAside} />
        {children}
      </div>
    </>
  );
}

function LocationChooser({
  locations,
  onChoose,
}: {
  locations: Location[];
  onChoose: (code: string) => void;
}) {
  const [chosen, setChosen] = useState('');
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  const submit = (event: Event) => {
    event.preventDefault();
    if (chosen !== '') onChoose(chosen);
  };
  if (locations.length === 0) {
    return <p class="empty">No location yet: create one with PUT /v1/locations/{'{code}'}.</p>;
  }
  return (
    <form class="card inline-form location-chooser" onSubmit={submit}>
      <p>Which location does this station pack for? This computer remembers it.</p>
      <Field label="Station location">
        <select ref={select} value={chosen} onChange={(event) => setChosen(inputValue(event))}>
          <option value="">Choose…</option>
          {locations.map((location) => (
            <option key={location.code} value={location.code}>
              {location.name} ({location.code})
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="primary" disabled={chosen === ''}>
        Pack here
      </button>
    </form>
  );
}

export function PackingPage() {
  const [location, setLocation] = useState(() => localStorage.getItem(locationStorageKey));
  const [packedCount, setPackedCount] = useState(0);
  const locations = useLoad(() => api<{ data: Location[] }>('GET', '/v1/locations'), []);
  const choose = (code: string | null) => {
    if (code === null) localStorage.removeItem(locationStorageKey);
    else localStorage.setItem(locationStorageKey, code);
    setLocation(code);
  };
  const name = locations.data?.data.find((row) => row.code === location)?.name;
  return (
    <section class="packing">
      <div class="packing-head">
        <h1>Packing</h1>
        {location !== null && (
          <p>
            Station at <strong>{name === undefined ? location : `${name} (${location})`}</strong>{' '}
            <button type="button" class="quiet" onClick={() => choose(null)}>
              Change location
            </button>
          </p>
        )}
      </div>
      <ErrorNote error={locations.error} />
      {location === null ? (
        locations.data !== undefined && <LocationChooser locations={locations.data.data} onChoose={choose} />
      ) : (
        // A new location is a new station: the parcel on screen belonged to the old one.
        <Station key={location} location={location} onPacked={() => setPackedCount((count) => count + 1)}>
          <PickListPanel location={location} refreshKey={packedCount} />
        </Station>
      )}
    </section>
  );
}
