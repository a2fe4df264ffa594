/** Opens the store with every part's repositories: the one place that knows them all. */
import { AdventRepo, CampaignRepo, SelectionRepo } from '../campaigns/index.js';
import { CatalogRepo } from '../catalog/index.js';
import { FeedRepo, ImportRepo, OrderSourceRepo, WebhookRepo } from '../channels/index.js';
import { CarrierRepo, PackingRepo, ShipmentRepo, WarehouseRepo } from '../fulfilment/index.js';
import { IncomingRepo, StockRepo } from '../inventory/index.js';
import { AlertRepo, ContactRepo, FiguresRepo, IncidentRepo, SwitchRepo } from '../ops/index.js';
import { OrderRepo } from '../orders/index.js';
import { PaymentRepo } from '../payments/index.js';
import { PlanRepo } from '../planner/index.js';
import type { ReposFactory } from '../platform/store/store.js';
import { kernelRepos, type Repos, Store } from '../platform/store/store.js';
import { PricingRepo, PromoCodeRepo } from '../pricing/index.js';
import { ReturnRepo } from '../returns/index.js';

const allRepos: ReposFactory = (db, engine): Repos => {
  const kernel = kernelRepos(db, engine);
  return {
    ...kernel,
    catalog: new CatalogRepo(db),
    advent: new AdventRepo(db, engine),
    campaigns: new CampaignRepo(db, engine),
    pricing: new PricingRepo(db, engine),
    promoCodes: new PromoCodeRepo(db, engine),
    stock: new StockRepo(db, engine),
    incoming: new IncomingRepo(db, engine),
    orders: new OrderRepo(db, engine),
    payments: new PaymentRepo(db),
    returns: new ReturnRepo(db, engine),
    warehouse: new WarehouseRepo(db),
    carriers: new CarrierRepo(db),
    shipments: new ShipmentRepo(db, engine),
    packing: new PackingRepo(db, engine),
    webhooks: new WebhookRepo(db, engine),
    feeds: new FeedRepo(db),
    orderSources: new OrderSourceRepo(db),
    imports: new ImportRepo(db),
    alerts: new AlertRepo(db),
    incidents: new IncidentRepo(db),
    contacts: new ContactRepo(db),
    switches: new SwitchRepo(db, engine, kernel.settings),
    figures: new FiguresRepo(db),
    selections: new SelectionRepo(db),
    plans: new PlanRepo(db),
  };
};

/** A SQLite file path or a `postgres://` URL, migrated to the latest schema. */
export function openStore(location: string): Promise<Store> {
  return Store.open(location, allRepos);
}
