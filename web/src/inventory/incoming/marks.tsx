/** What the incoming pages share: days as dates, the late and delayed marks, how much of an order came. */
import type { PurchaseOrder } from '../../../../src/inventory/incoming/contract.js';
import { civilDate } from '../../format.js';

type Status = PurchaseOrder['status'];

export const statusLabels: Record<Status, string> = {
  open: 'open',
  received: 'received',
  closed: 'closed short',
};

export function purchaseOrderPath(id: string): string {
  return `/incoming/purchase-orders/${encodeURIComponent(id)}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A day as people read it, its `YYYY-MM-DD` kept for machines; "no date" stands out when there is none. */
export function Day({ day }: { day: string | null }) {
  if (day === null) return <span class="incoming-no-date">no date</span>;
  return <time dateTime={day}>{civilDate(day)}</time>;
}

/** The word is the mark, the colour only repeats it. */
export function LateBadge() {
  return <span class="badge incoming-late-badge">late</span>;
}

export function DelayedBadge() {
  return <span class="badge incoming-delayed-badge">delayed</span>;
}

export function StatusPill({ status }: { status: Status }) {
  return <span class={`status incoming-status-${status}`}>{statusLabels[status]}</span>;
}

/**
 * Units received of those ordered, as a bar and its figures. A supplier may send more than
 * ordered: the figures say so, the bar stops full.
 */
export function ReceivedBar({
  received,
  ordered,
  label,
}: {
  received: number;
  ordered: number;
  label: string;
}) {
  return (
    <div class="incoming-progress">
      <progress max={Math.max(1, ordered)} value={Math.min(received, ordered)} aria-label={label} />
      <span class="num">
        {received} / {ordered}
      </span>
    </div>
  );
}

/** Units received and ordered over all of a purchase order's lines. */
export function totalsOf(order: PurchaseOrder): { received: number; ordered: number; remaining: number } {
  let received = 0;
  let ordered = 0;
  let remaining = 0;
  for (const line of order.lines) {
    received += line.received;
    ordered += line.ordered;
    remaining += line.remaining;
  }
  return { received, ordered, remaining };
}
