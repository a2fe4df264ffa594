/** What the returns pages share: statuses and reasons as people read them, a rate, and the paths. */
import type { Return } from '../../../src/returns/contract.js';
import type { returnReasons, returnStatuses } from '../../../src/returns/core/return-process.js';
import { percent } from '../format.js';

export type ReturnStatus = Return['status'];
export type ReturnReason = Return['lines'][number]['reason'];

/** The server's statuses and reasons, copied: typed by its tables, so a copy that differs does not compile. */
export const returnStatusList: typeof returnStatuses = ['authorised', 'received', 'refunded', 'cancelled'];
export const returnReasonList: typeof returnReasons = [
  'changed_mind',
  'wrong_size',
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'arrived_late',
  'other',
];

export const reasonLabels: Record<ReturnReason, string> = {
  changed_mind: 'Changed their mind',
  wrong_size: 'Wrong size',
  defective: 'Defective',
  damaged_in_transit: 'Damaged in transit',
  wrong_item: 'Wrong item sent',
  not_as_described: 'Not as described',
  arrived_late: 'Arrived late',
  other: 'Other',
};

export function returnPath(id: string): string {
  return `/returns/${encodeURIComponent(id)}`;
}

export function apiPathOf(id: string): string {
  return `/v1/returns/${encodeURIComponent(id)}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A rate in basis points as a percentage, never broken from its sign across a line; a dash without deliveries. */
export function rate(bp: number | null): string {
  return bp === null ? '—' : percent(bp / 10_000).replace(' ', '\u00a0');
}

/** The status is its word; the colour only repeats it. */
export function ReturnStatusPill({ status }: { status: ReturnStatus }) {
  return <span class={`status returns-status-${status}`}>{status}</span>;
}

/** Units over a return's lines: authorised, received back, refunded. */
export function unitsOf(value: Return): { authorised: number; received: number } {
  let authorised = 0;
  let received = 0;
  for (const line of value.lines) {
    authorised += line.quantity;
    received += line.received;
  }
  return { authorised, received };
}
