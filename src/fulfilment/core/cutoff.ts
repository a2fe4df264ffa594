/** The shop's daily cut-off, as minutes since local midnight, and its `HH:MM` spelling. */

/**
 * The shop's own pickup time, for every service: the carriers' files carry no cut-off. Before it a
 * parcel leaves the same working day; from it, the next.
 */
export const defaultCutoffMinutes = 15 * 60;

const clockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Local minutes since midnight of `HH:MM` (00:00 to 23:59); null when it is not one. */
export function minutesOfClock(text: string): number | null {
  const match = clockPattern.exec(text);
  return match === null ? null : Number(match[1]) * 60 + Number(match[2]);
}

/** `HH:MM` of local minutes since midnight. */
export function clockOfMinutes(minutes: number): string {
  return `${String(Math.trunc(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
