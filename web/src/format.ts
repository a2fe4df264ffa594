/** How the page writes figures, money and instants: in the browser's locale, the same everywhere. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const cacheKey = `${currency}:${compact}`;
  let format = moneyFormats.get(cacheKey);
  if (format === undefined) {
    format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      // Three digits are what an eye takes in from across a room: €845K, €43.1K.
      ...(compact ? { notation: 'compact', maximumSignificantDigits: 3 } : {}),
    });
    moneyFormats.set(cacheKey, format);
  }
  return format;
}

/**
 * An amount in minor units, written in its currency. The decimal is built as text from the integer
 * (12345 EUR → "123.45") so that no float ever stands between the API's exact amount and the screen.
 */
export function money(amountMinor: number, currency: string, options: { compact?: boolean } = {}): string {
  const digits = moneyFormat(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
  const sign = amountMinor < 0 ? '-' : '';
  const magnitude = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = magnitude.slice(magnitude.length - digits);
  const decimal = (digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`) as `${number}`;
  return moneyFormat(currency, options.compact ?? false).format(decimal);
}

/** Several currencies' amounts side by side ("€1,200.00 · £80.00"); a dash when there is none. */
export function moneyByCurrency(amounts: Readonly<Record<string, number>>, compact = false): string {
  const entries = Object.entries(amounts).filter(([, amount]) => amount !== 0);
  if (entries.length === 0) return '—';
  return entries.map(([currency, amount]) => money(amount, currency, { compact })).join(' · ');
}

const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A count or a rate: one decimal below 10 (4.5 orders/min), whole above (812). */
export function figure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) < 10 ? oneDecimalFormat.format(value) : integerFormat.format(value);
}

/** A share (0.0123) as a percentage ("1.2 %"), with two decimals when small enough to matter. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  const points = share * 100;
  const digits = points !== 0 && points < 1 ? 2 : 1;
  return `${points.toFixed(digits)} %`;
}

export function milliseconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${integerFormat.format(value)} ms`;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function dateTime(instant: string | null | undefined): string {
  return instant === null || instant === undefined ? '—' : dateTimeFormat.format(new Date(instant));
}

const civilDateFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * A civil date, `YYYY-MM-DD`, as people read it ("Sat 12 Dec 2026"). It names a day, not an instant:
 * read and written in UTC, no browser's time zone moves it to the day before.
 */
export function civilDate(day: string | null | undefined): string {
  if (day === null || day === undefined) return '—';
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(midnight) ? day : civilDateFormat.format(midnight);
}

export function clockTime(instant: Date): string {
  return timeFormat.format(instant);
}

/** How long ago, in the largest whole unit: "45 s", "12 min", "3 h", "2 d". */
export function age(instant: string, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(instant)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** Minutes before a stock-out, the way a person says it: "3 min", "2 h 10 min", "9 d". */
export function minutesLeft(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return '—';
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return `${whole} min`;
  if (whole >= 48 * 60) return `${Math.round(whole / (24 * 60))} d`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
