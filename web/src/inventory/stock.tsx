/** Stock: find a SKU by its code or the words of its name. */

import { useState } from 'preact/hooks';
import type { Sku } from '../../../src/catalog/contract.js';
import type { Page } from '../../../src/platform/http/schemas.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { Pager } from '../components/pager.js';
import { navigate } from '../router.js';
import { pageLimits } from '../server-values.js';

export function StockPage({ search }: { search: URLSearchParams }) {
  const q = search.get('q') ?? '';
  const cursor = search.get('cursor');
  const [text, setText] = useState(q);
  const skus = useLoad(
    () => api<Page<Sku>>('GET', `/v1/skus${query({ q, cursor, limit: pageLimits.backOfficePageSize })}`),
    [q, cursor],
  );
  return (
    <section>
      <h1>Stock</h1>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(`/stock${query({ q: text.trim() })}`);
        }}
      >
        <Field label="SKU code or name">
          <input
            type="search"
            name="q"
            value={text}
            placeholder="mug"
            onInput={(event) => setText(inputValue(event))}
          />
        </Field>
        <button type="submit" class="primary">
          Find
        </button>
      </form>
      <ErrorNote error={skus.error} />
      {skus.data !== undefined && skus.data.data.length === 0 && <p class="empty">No SKU matches.</p>}
      {skus.data !== undefined && skus.data.data.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Name</th>
              <th>Sold on</th>
            </tr>
          </thead>
          <tbody>
            {skus.data.data.map((sku) => (
              <tr key={sku.sku}>
                <td>
                  <Link to={`/stock/${encodeURIComponent(sku.sku)}`}>{sku.sku}</Link>
                </td>
                <td>{sku.name}</td>
                <td>{Object.keys(sku.prices).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        cursor={cursor}
        next={skus.data?.next_cursor ?? null}
        onPage={(next) => navigate(`/stock${query({ q, cursor: next })}`)}
      />
    </section>
  );
}
