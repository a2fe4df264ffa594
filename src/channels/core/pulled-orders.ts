/**
 * Orders pulled from channels that do not push, pure: an item of a channel's JSON mapped to an
 * order by a mapping given as data, and the rows of an order file (one row per order line) gathered
 * into orders. What comes out is checked against the order body by the use case, as the API's is.
 */

/** Where each order field comes from in a channel's item, as dot paths (`buyer.email`, `items.0.sku`). */
export interface OrderMapping {
  /** Order body field (`external_id`, `customer.email`, `shipping_address.city`, …) → path in the item. */
  readonly fields: Readonly<Record<string, string>>;
  /** The item's lines: the array at `from`, and in each line where its SKU and quantity are. */
  readonly lines: { readonly from: string; readonly sku: string; readonly quantity: string };
}

/** The value at a dot path of a JSON value; undefined when any step is missing. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(step)] : (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Sets a dot path in a plain object, making the objects on the way. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.');
  let current = target;
  for (const step of steps.slice(0, -1)) {
    const next = current[step];
    current[step] =
      next !== null && typeof next === 'object' && !Array.isArray(next)
        ? next
        : ({} as Record<string, unknown>);
    current = current[step] as Record<string, unknown>;
  }
  current[steps.at(-1)!] = value;
}

/** A quantity as channels send it: a number, or digits in a string. */
function quantityOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** Builds the order body an item maps to (unchecked), on `channel` unless the mapping names one. */
export function mapOrder(item: unknown, mapping: OrderMapping, channel: string): Record<string, unknown> {
  const order: Record<string, unknown> = { channel };
  for (const [field, path] of Object.entries(mapping.fields)) {
    const value = valueAt(item, path);
    if (value !== undefined && value !== null && value !== '')
      setAt(order, field, typeof value === 'number' && field === 'external_id' ? String(value) : value);
  }
  const lines = valueAt(item, mapping.lines.from);
  order.lines = Array.isArray(lines)
    ? lines.map((line) => ({
        sku: valueAt(line, mapping.lines.sku),
        quantity: quantityOf(valueAt(line, mapping.lines.quantity)),
      }))
    : lines;
  return order;
}

/** The columns of an order file in CSV: one row per order line, the order's fields repeated. */
export const orderFileColumns = {
  required: [
    'external_id',
    'email',
    'name',
    'address_line1',
    'city',
    'postal_code',
    'country',
    'sku',
    'quantity',
  ],
  optional: ['address_line2'],
} as const;

export interface FileOrder {
  /** Where it came from in the file, for the report: its first line. */
  readonly line: number;
  readonly body: Record<string, unknown>;
}

/**
 * Gathers an order file's rows into orders by `external_id` (rows need not be next to each other):
 * the customer and address come from an order's first row, each row adds its line.
 */
export function ordersFromRows(
  rows: readonly { readonly line: number; readonly record: Readonly<Record<string, string>> }[],
  channel: string,
): FileOrder[] {
  const orders = new Map<string, { line: number; body: Record<string, unknown> & { lines: unknown[] } }>();
  for (const { line, record } of rows) {
    const externalId = record.external_id ?? '';
    let order = orders.get(externalId);
    if (order === undefined) {
      const address: Record<string, string> = {
        name: record.name ?? '',
        line1: record.address_line1 ?? '',
        city: record.city ?? '',
        postal_code: record.postal_code ?? '',
        country: record.country ?? '',
      };
      if ((record.address_line2 ?? '') !== '') address.line2 = record.address_line2!;
      order = {
        line,
        body: {
          channel,
          external_id: externalId,
          customer: { email: record.email ?? '', ...(record.name ? { name: record.name } : {}) },
          shipping_address: address,
          lines: [],
        },
      };
      orders.set(externalId, order);
    }
    order.body.lines.push({ sku: record.sku ?? '', quantity: quantityOf(record.quantity ?? '') });
  }
  return [...orders.values()];
}
