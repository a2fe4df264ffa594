/** The operations room's web app: signs in, then routes between the live wall and the back office. */
import { type JSX, render } from 'preact';
import { AdventPage } from './campaigns/advent.js';
import { CampaignsPage } from './campaigns/calendar.js';
import { SelectionsPage } from './campaigns/selections.js';
import { ChannelsPage } from './catalog/channels.js';
import { ImportsPage } from './channels/imports.js';
import { WebhookPage, WebhooksPage } from './channels/webhooks.js';
import { Shell } from './components/shell.js';
import { PackingPage } from './fulfilment/packing.js';
import { ShippingPage } from './fulfilment/savings.js';
import { BackordersPage } from './inventory/incoming/backorders.js';
import { PurchaseOrderPage } from './inventory/incoming/purchase-order.js';
import { PurchaseOrdersPage } from './inventory/incoming/purchase-orders.js';
import { SkuStockPage } from './inventory/sku-stock.js';
import { StockPage } from './inventory/stock.js';
import { AlertsPage } from './ops/alerts.js';
import { IncidentPage } from './ops/incident.js';
import { IncidentsPage } from './ops/incidents.js';
import { Live } from './ops/live.js';
import { OrderPage } from './orders/order.js';
import { OrdersPage } from './orders/orders.js';
import { PlanPage } from './planner/plan-page.js';
import { ApiKeysPage } from './platform/api-keys.js';
import { AuditLogPage } from './platform/audit-log.js';
import { SignIn } from './platform/sign-in.js';
import { PromoCodesPage } from './pricing/promo-codes.js';
import { SalesPage } from './pricing/sales.js';
import { ReturnPoliciesPage } from './returns/policies.js';
import { ReturnRatesPage } from './returns/rates.js';
import { ReturnPage } from './returns/return.js';
import { ReturnsPage } from './returns/returns.js';
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
  ['/incoming', (_params, route) => <PurchaseOrdersPage search={route.search} />],
  ['/incoming/backorders', (_params, route) => <BackordersPage search={route.search} />],
  ['/incoming/purchase-orders/:id', (params) => <PurchaseOrderPage id={params.id!} />],
  ['/packing', () => <PackingPage />],
  ['/shipping', (_params, route) => <ShippingPage search={route.search} />],
  ['/plan', () => <PlanPage />],
  ['/returns', (_params, route) => <ReturnsPage search={route.search} />],
  ['/returns/rates', (_params, route) => <ReturnRatesPage search={route.search} />],
  ['/returns/policies', () => <ReturnPoliciesPage />],
  // After the tabs: the first match wins, so `rates` and `policies` are never taken for a return's id.
  ['/returns/:id', (params) => <ReturnPage id={params.id!} />],
  ['/channels', () => <ChannelsPage />],
  ['/webhooks', () => <WebhooksPage />],
  ['/webhooks/:id', (params, route) => <WebhookPage id={params.id!} search={route.search} />],
  ['/imports', (_params, route) => <ImportsPage search={route.search} />],
  ['/sales', () => <SalesPage />],
  ['/promo-codes', () => <PromoCodesPage />],
  ['/campaigns', (_params, route) => <CampaignsPage search={route.search} />],
  ['/selections', () => <SelectionsPage />],
  ['/advent', () => <AdventPage />],
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
