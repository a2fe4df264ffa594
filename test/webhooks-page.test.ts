/**
 * The Webhooks page in a real Chromium, against a real receiver: a subscription made on the page
 * shows its secret once (and that secret is the one that signs); a delivery to a broken endpoint goes
 * dead after its attempts, each listed with its error; replayed once the endpoint is fixed, it is
 * delivered; a subscription is edited, switched off and on, and deleted after a confirmation.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on a real socket: the
 * page is the built one in dist/web (`vite build --config web/vite.config.ts`). Deliveries are sent
 * by a dispatcher of the test's own, with two attempts a few milliseconds apart, drained where the
 * page should then show the outcome.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DispatcherOptions, WebhookDispatcher } from '../src/channels/index.js';
import type { Delivery, WebhookSubscription } from '../src/channels/webhooks/contract.js';
import { body, placed } from './support/api-helpers.js';
import { type BrowserTab, openBrowser } from './support/browser.js';
import { openShop, type TestShop } from './support/shop.js';
import { signedBy, webhookReceiver } from './support/webhook-receiver.js';

/** Two attempts, 10 to 20 ms apart: a delivery to a broken endpoint is dead within a test. */
const quick: DispatcherOptions = {
  policy: { attemptsMax: 2, backoffMs: 10, backoffMaxMs: 20 },
  timeoutMs: 300,
  pollMs: 10,
  inFlightMax: 4,
};
const brokenAnswer = 'answered 500: database is down';

let shop: TestShop;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let dispatcher: WebhookDispatcher;
let tab: BrowserTab;
let page: Page;
let baseUrl: string;
/** What the page made and showed, for the steps after. */
let secret: string;
let hook: WebhookSubscription;
let deadEventId: number;

async function subscriptions(): Promise<WebhookSubscription[]> {
  return body<{ data: WebhookSubscription[] }>(await shop.admin('GET', '/v1/webhooks'), 200).data;
}

async function deliveries(id: string): Promise<Delivery[]> {
  return body<{ data: Delivery[] }>(await shop.admin('GET', `/v1/webhooks/${id}/deliveries`), 200).data;
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** The cells' texts of the rows of an attempts table. */
async function attemptRows(table: Locator): Promise<string[][]> {
  const rows = table.locator('tbody tr');
  const cells: string[][] = [];
  for (const row of await rows.all()) cells.push(await row.locator('td').allTextContents());
  return cells;
}

const row = () => page.locator(`tr[data-webhook="${hook.id}"]`);

describe('the webhooks page', () => {
  beforeAll(async () => {
    shop = await openShop('sqlite');
    receiver = await webhookReceiver();
    receiver.behave('/orders', 'broken');
    dispatcher = new WebhookDispatcher(shop.ctx, quick);
    baseUrl = await shop.app.listen({ port: 0, host: '127.0.0.1' });
    tab = await openBrowser();
    page = tab.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  });

  afterAll(async () => {
    await tab?.close();
    await receiver?.close();
    await shop?.close();
  });

  it('subscribes through the page, refusing bad input in the API’s words, and shows the secret once', async () => {
    await page.goto(`${baseUrl}/ops/webhooks`);
    await page.getByLabel('Admin key').fill(shop.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const section = page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Webhooks' });
    expect(await section.getAttribute('class')).toContain('active');
    await page.getByText('No subscription yet.').waitFor();

    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByLabel('URL').fill(receiver.url('/orders'));
    await form.getByLabel('Event types').fill('Order placed');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('event_types');
    expect(await subscriptions()).toEqual([]);

    // Commas and spaces both separate; a type given twice is sent once.
    await form.getByLabel('Event types').fill('order.placed, order.cancelled order.placed');
    expect(await textOf(form.getByText('Subscribes to'))).toBe('Subscribes to order.placed order.cancelled ');
    await form.getByRole('button', { name: 'Subscribe' }).click();

    const notice = page.locator('[data-secret-shown-once]');
    expect(await textOf(notice)).toContain('Shown once.');
    expect(await textOf(notice)).toContain('never shows it again');
    secret = await textOf(notice.locator('code.secret'));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await subscriptions();
    expect(listed).toHaveLength(1);
    hook = listed[0]!;
    expect(hook).toMatchObject({
      url: receiver.url('/orders'),
      event_types: ['order.placed', 'order.cancelled'],
      enabled: true,
    });
    expect(JSON.stringify(hook)).not.toContain(secret);
    expect(await form.getByLabel('URL').inputValue()).toBe('');

    await notice.getByRole('button', { name: 'Copy' }).click();
    await notice.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(secret);

    expect(await textOf(row().getByRole('link'))).toBe(receiver.url('/orders'));
    expect(await row().getByRole('switch').getAttribute('aria-checked')).toBe('true');
    expect(await textOf(row().locator('td').nth(5))).toBe('never sent');

    await notice.getByRole('button', { name: 'Done' }).click();
    expect(await notice.count()).toBe(0);
    await page.reload();
    await row().waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows a delivery to a broken endpoint dead after its attempts, the dead count standing out, each attempt with its error', async () => {
    const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    await dispatcher.drain();
    const [dead, ...others] = await deliveries(hook.id);
    expect(others).toEqual([]);
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 2,
      event_type: 'order.placed',
      entity_id: order.id,
    });
    deadEventId = dead!.event_id;
    // Every attempt was signed with the secret the page showed.
    expect(receiver.at('/orders')).toHaveLength(2);
    expect(receiver.at('/orders').every((request) => signedBy(secret, request))).toBe(true);

    await page.getByRole('button', { name: 'Refresh' }).click();
    const deadCount = row().getByRole('link', { name: '1 dead' });
    await deadCount.waitFor();
    expect(await deadCount.getAttribute('class')).toContain('count-badge hot');
    expect(
      await deadCount.evaluate((element) => (globalThis as any).getComputedStyle(element).backgroundColor),
    ).toBe('rgb(255, 92, 92)');
    expect(await textOf(row().locator('td').nth(3))).toBe('0');
    const last = row().locator('td').nth(5);
    expect(await textOf(last)).toContain(`HTTP 500${brokenAnswer}`);
    expect(await last.getAttribute('class')).toBe('bad');

    // The dead-letter list is one click away.
    await deadCount.click();
    await page.waitForURL(/\/ops\/webhooks\/whk_[^/?]+\?status=dead$/);
    await page.getByRole('heading', { name: /^Webhook/, level: 1 }).waitFor();
    const deadTab = page.getByRole('tab', { name: 'Dead-letter list (1)' });
    expect(await deadTab.getAttribute('aria-selected')).toBe('true');
    const delivery = page.locator(`tr[data-event="${deadEventId}"]`);
    // The tab's count comes with the webhook; its rows come with their own request.
    await delivery.waitFor();
    const cells = await delivery.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      String(deadEventId),
      'order.placed',
      `order ${order.id}`,
      'dead',
      '2',
    ]);

    const show = delivery.getByRole('button', { name: 'Show attempts (2)' });
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    const controlled = await show.getAttribute('aria-controls');
    await show.click();
    const attempts = page.locator(`[id="${controlled}"] table`);
    await attempts.waitFor();
    expect(await delivery.getByRole('button', { name: 'Hide attempts' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    const shown = await attemptRows(attempts);
    expect(shown.map(([, status, error]) => [status, error])).toEqual([
      ['HTTP 500', brokenAnswer],
      ['HTTP 500', brokenAnswer],
    ]);
    expect(
      shown.every(([time, , , duration]) => /\d{2}:\d{2}:\d{2}/.test(time!) && / ms$/.test(duration!)),
    ).toBe(true);

    // The replay is prefilled with the oldest dead delivery's event.
    expect(await page.getByLabel('From event').inputValue()).toBe(String(deadEventId));
    expect(tab.pageErrors).toEqual([]);
  });

  it('replays it once the endpoint is fixed, says how many deliveries were reset, and shows it delivered', async () => {
    receiver.behave('/orders', 'ok');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: `Replay from event ${deadEventId}` }).click();
    expect(await textOf(page.locator('[data-replayed]'))).toBe(
      `Replayed from event ${deadEventId}: 1 delivery reset, to be sent again in order.`,
    );
    expect(asked).toEqual([
      `Send again, in order, every event from ${deadEventId} on that this subscription takes, delivered ones too?`,
    ]);
    // Reset, it is pending again: off the dead-letter list, and nothing left to prefill.
    await page.getByRole('tab', { name: 'Dead-letter list (0)' }).waitFor();
    await page.getByText('The dead-letter list is empty.').waitFor();
    expect(await page.getByLabel('From event').inputValue()).toBe('');

    await dispatcher.drain();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('tab', { name: 'Delivered' }).click();
    await page.waitForURL(/\?status=delivered$/);
    const delivery = page.locator(`tr[data-event="${deadEventId}"]`);
    expect(await textOf(delivery.locator('td').nth(3))).toBe('delivered');
    await delivery.getByRole('button', { name: 'Show attempts (3)' }).click();
    const attempts = page.locator(`tr[data-event="${deadEventId}"] + tr table`);
    await attempts.waitFor();
    expect((await attemptRows(attempts)).map(([, status, error]) => [status, error])).toEqual([
      ['HTTP 500', brokenAnswer],
      ['HTTP 500', brokenAnswer],
      ['HTTP 200', '—'],
    ]);
    await page.getByRole('row', { name: /^Last attempt .* HTTP 200$/ }).waitFor();
    expect(await textOf(page.getByRole('row', { name: /^Backlog/ }))).toBe('Backlog0 pending · 0 dead');

    const answered = receiver.at('/orders').filter((request) => request.answered === 200);
    expect(answered.map((request) => request.eventId)).toEqual([deadEventId]);
    expect(signedBy(secret, answered[0]!)).toBe(true);
    expect(await subscriptions()).toMatchObject([{ id: hook.id, pending: 0, dead: 0, last_status: 200 }]);
    expect(tab.pageErrors).toEqual([]);
  });

  it('edits a subscription, switches it off and on, and deletes it only once confirmed', async () => {
    await page.getByRole('link', { name: '← Webhooks' }).click();
    await row().waitFor();
    await row().getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: `Edit the subscription to ${hook.url}` });
    expect(await edit.getByLabel('Event types').inputValue()).toBe('order.placed, order.cancelled');
    await edit.getByLabel('Event types').fill('order.*');
    await edit.getByLabel('Enabled').uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    const switchOf = row().getByRole('switch', { name: `Enabled: ${hook.url}` });
    await page.locator(`tr[data-webhook="${hook.id}"] [role="switch"][aria-checked="false"]`).waitFor();
    expect(await subscriptions()).toMatchObject([{ event_types: ['order.*'], enabled: false }]);

    await switchOf.click();
    await page.locator(`tr[data-webhook="${hook.id}"] [role="switch"][aria-checked="true"]`).waitFor();
    expect(await subscriptions()).toMatchObject([{ enabled: true }]);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await row().getByRole('button', { name: 'Delete' }).click();
    expect(await subscriptions()).toHaveLength(1);
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await row().getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No subscription yet.').waitFor();
    expect(asked[0]).toContain(`Delete the subscription to ${hook.url}?`);
    expect(await subscriptions()).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
  });
});
