/**
 * The demo shop's marketing, as of today: promo codes (one with a usage limit, one per customer),
 * customer segments and a selection over the generated order history, and two campaigns on the
 * calendar around now — one scheduled, one still a draft that conflicts with it — so that the
 * Promotions and Campaigns pages show a shop at work. The advent calendar and its batch of
 * single-use codes are older than today: `advent.ts` writes them with the history.
 */
import { createCampaign, moveCampaign, putSegment, putSelection } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { createPromoCode } from '../pricing/index.js';
import { expectOk } from './write-use-cases.js';

const dayMs = 24 * 60 * 60 * 1000;
/** Who the demo's promo codes and campaigns are by: no API key made them. */
const demoActor = 'demo';

export async function seedMarketing(ctx: AppContext, bestSellers: readonly string[]): Promise<void> {
  const nowMs = ctx.clock.now();
  const at = (days: number) => new Date(Math.floor((nowMs + days * dayMs) / dayMs) * dayMs).toISOString();

  expectOk(
    await createPromoCode(
      ctx,
      {
        code: 'PEAK10',
        kind: 'percent',
        value: 10,
        channels: ['web'],
        ends_at: at(30),
        usage_limit: 2_000,
        per_customer_limit: 1,
        stacks_with_sales: false,
      },
      demoActor,
    ),
    'promo code PEAK10',
  );
  expectOk(
    await createPromoCode(
      ctx,
      {
        code: 'WELCOME5',
        kind: 'amount',
        value: 500,
        min_basket: 3_000,
        channels: ['web', 'marketplace'],
        per_customer_limit: 1,
        stacks_with_sales: true,
      },
      demoActor,
    ),
    'promo code WELCOME5',
  );

  expectOk(await putSegment(ctx, 'new', { name: 'New customers', conditions: [{ kind: 'new' }] }), 'segment');
  expectOk(
    await putSegment(ctx, 'returning', { name: 'Returning customers', conditions: [{ kind: 'returning' }] }),
    'segment',
  );
  expectOk(
    await putSegment(ctx, 'big-spenders', {
      name: 'Big spenders',
      conditions: [{ kind: 'spend', currency: 'EUR', min_minor: 20_000 }],
    }),
    'segment',
  );
  expectOk(
    await putSelection(ctx, 'peak-picks', {
      name: 'Peak picks',
      channel: 'web',
      entries: [
        { segment: 'returning', best_sellers: { days: 7 }, limit: 8 },
        { best_sellers: { days: 30 }, limit: 12 },
      ],
    }),
    'selection',
  );

  const item = (kind: 'banner' | 'mailing' | 'social_post', from: number, to: number, extra: object) => ({
    kind,
    site: 'fr',
    channel: 'web',
    segment: 'returning',
    starts_at: at(from),
    ends_at: at(to),
    payload: { template: `${kind}-peak` },
    ...extra,
  });
  const peak = expectOk(
    await createCampaign(ctx, {
      name: 'Peak week',
      owner: 'Marketing',
      items: [
        item('banner', 1, 8, { skus: bestSellers.slice(0, 3) }),
        item('mailing', 2, 4, {
          selection: 'peak-picks',
          payload: { template: 'peak-mailing', code: 'PEAK10' },
        }),
      ],
    }),
    'campaign Peak week',
  );
  expectOk(await moveCampaign(ctx, peak.id, 'approved'), 'approving Peak week');
  expectOk(await moveCampaign(ctx, peak.id, 'scheduled'), 'scheduling Peak week');
  // A draft on the same segment and channel at the same time: the calendar shows the clash.
  expectOk(
    await createCampaign(ctx, {
      name: 'Gift ideas',
      owner: 'Social media',
      items: [item('social_post', 3, 6, { payload: { text: 'Gift ideas for the season' } })],
    }),
    'campaign Gift ideas',
  );
}
