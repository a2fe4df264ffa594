/** The operations room's web app: signs in, then routes between the live wall and the back office. */
import { type JSX, render } from 'preact';
import { Shell } from './components/shell.js';
import { AlertsPage } from './pages/alerts.js';
import { ApiKeysPage } from './pages/api-keys.js';
import { AuditLogPage } from './pages/audit-log.js';
import { ChannelsPage } from './pages/channels.js';
import { IncidentPage } from './pages/incident.js';
import { IncidentsPage } from './pages/incidents.js';
import { Live } from './pages/live.js';
import { OrderPage } from './pages/order.js';
import { OrdersPage } from './pages/orders.js';
import { SignIn } from './pages/sign-in.js';
import { SkuStockPage } from './pages/sku-stock.js';
import { StockPage } from './pages/stock.js';
import { match, type Route, useRoute } from './router.js';
import { useKey } from './session.js';
import './styles.css';

type Params = Record<string, string>;

const pages: readonly [string, (params: Params, route: Route) => JSX.Element][] = [
  ['/alerts', () => <AlertsPage />],
  ['/incidents', () => <IncidentsPage />],
  ['/incidents/:id', (params) => <IncidentPage id={params.id!} />],
  ['/orders', (_params, route) => <OrdersPage search={route.search} />],
  ['/orders/:id', (params) => <OrderPage id={params.id!} />],
  ['/stock', (_params, route) => <StockPage search={route.search} />],
  ['/stock/:sku', (params) => <SkuStockPage sku={params.sku!} />],
  ['/channels', () => <ChannelsPage />],
  ['/keys', () => <ApiKeysPage />],
  ['/audit-log', () => <AuditLogPage />],
];

function Page({ route }: { route: Route }) {
  for (const [pattern, page] of pages) {
    const params = match(pattern, route.path);
    if (params !== null) return page(params, route);
  }
  return <p class="empty big">There is no page here.</p>;
}

function App() {
  const key = useKey();
  const route = useRoute();
  if (key === null) return <SignIn />;
  if (match('/', route.path)) return <Live path={route.path} apiKey={key} />;
  return (
    <Shell path={route.path}>
      <div class="back-office">
        <Page route={route} />
      </div>
    </Shell>
  );
}

render(<App />, document.getElementById('app')!);
