/** Versioned migrations, one per file, run at start on either engine. Append new ones; never edit a released one. */
import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import type { Engine } from '../engine.js';
import { core } from './0001-core.js';
import { waitingRoom } from './0002-waiting-room.js';
import { operations } from './0003-operations.js';
import { pricing } from './0004-pricing.js';
import { payments } from './0005-payments.js';
import { fulfilment } from './0006-fulfilment.js';
import { packing } from './0007-packing.js';
import { fulfilmentFigures } from './0008-fulfilment-figures.js';
import { shortOrders } from './0009-short-orders.js';
import { webhooks } from './0010-webhooks.js';
import { imports } from './0011-imports.js';
import { orderExternalIds } from './0012-order-external-ids.js';
import { channelFeeds } from './0013-channel-feeds.js';
import { orderSources } from './0014-order-sources.js';
import { webhookClaims } from './0015-webhook-claims.js';
import { promoCodes } from './0016-promo-codes.js';
import { campaigns } from './0017-campaigns.js';
import { selections } from './0018-selections.js';
import { advent } from './0019-advent.js';
import { incomingStock } from './0020-incoming-stock.js';
import { returns } from './0021-returns.js';
import { contacts } from './0022-contacts.js';
import { plans } from './0023-plans.js';

function provider(engine: Engine): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_core': core(engine),
      '0002_waiting_room': waitingRoom(engine),
      '0003_operations': operations(engine),
      '0004_pricing': pricing(engine),
      '0005_payments': payments(engine),
      '0006_fulfilment': fulfilment(engine),
      '0007_packing': packing(engine),
      '0008_fulfilment_figures': fulfilmentFigures(engine),
      '0009_short_orders': shortOrders(engine),
      '0010_webhooks': webhooks(engine),
      '0011_imports': imports(engine),
      '0012_order_external_ids': orderExternalIds(engine),
      '0013_channel_feeds': channelFeeds(engine),
      '0014_order_sources': orderSources(engine),
      '0015_webhook_claims': webhookClaims(engine),
      '0016_promo_codes': promoCodes(engine),
      '0017_campaigns': campaigns(engine),
      '0018_selections': selections(engine),
      '0019_advent': advent(engine),
      '0020_incoming_stock': incomingStock(engine),
      '0021_returns': returns(engine),
      '0022_contacts': contacts(engine),
      '0023_plans': plans(engine),
    }),
  };
}

/** Brings the schema to the latest version; concurrent starts on PostgreSQL wait for each other. */
export async function migrateToLatest(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: provider(engine) }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
