/** A SKU's incoming stock, on its stock page: the purchase orders bringing more, the units sold ahead. */
import type { Stock } from '../../../../src/inventory/contract.js';
import { query } from '../../api.js';
import { Link } from '../../components/link.js';
import { Day, LateBadge, plural, purchaseOrderPath } from './marks.js';

export function SkuIncoming({ stock }: { stock: Stock }) {
  const { incoming, waiting } = stock;
  return (
    <div class="incoming-sku" data-incoming>
      {incoming.length === 0 ? (
        <p class="empty">No purchase order is bringing more.</p>
      ) : (
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">Expected</th>
              <th scope="col" class="num">
                Units
              </th>
              <th scope="col">To</th>
              <th scope="col">Purchase order</th>
            </tr>
          </thead>
          <tbody>
            {incoming.map((line) => (
              <tr key={line.purchase_order_id} class={line.late ? 'incoming-late' : undefined}>
                <td>
                  <Day day={line.expected_on} /> {line.late && <LateBadge />}
                </td>
                <td class="num strong">+{line.quantity}</td>
                <td>{line.location}</td>
                <td>
                  <Link to={purchaseOrderPath(line.purchase_order_id)}>
                    <code>{line.purchase_order_id}</code>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {waiting > 0 && (
        <p class="incoming-sku-waiting">
          <strong>{plural(waiting, 'unit', 'units')}</strong> sold beyond stock{' '}
          {waiting === 1 ? 'waits' : 'wait'} for it.{' '}
          <Link to={`/incoming/backorders${query({ sku: stock.sku })}`}>See the waiting orders</Link>
        </p>
      )}
    </div>
  );
}
