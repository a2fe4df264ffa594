/**
 * The HTTP poller: a channel's JSON endpoint read page by page with a cursor, each item mapped to an
 * order by a mapping given as data. The cursor moves, in the store, once every order of its page was
 * placed or refused for good; a page read again (a run that stopped midway) places nothing twice,
 * as every order is placed once per channel and external id.
 */
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { mapOrder, type OrderMapping, valueAt } from '../core/pulled-orders.js';
import type { PullRun } from './contract.js';
import { emptyReport, type PullReport, placePulled } from './place.js';

export interface HttpSettings {
  readonly url: string;
  /** Sent with every request (an `authorization` a channel hands out). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The query parameter the cursor goes in. */
  readonly cursor_param: string;
  /** Where, in the answer, the page's items are, and the cursor of the next page. */
  readonly items_path: string;
  readonly next_cursor_path: string;
  readonly mapping: OrderMapping;
}

/** What a run of the endpoint did, and the cursor it got to. */
export type HttpReport = PullReport & Required<Pick<PullRun, 'pages'>> & { cursor: string | null };

/** Reads pages from the source's cursor on, placing their orders; `moveCursor` is told after each page. */
export async function pullHttp(
  ctx: AppContext,
  source: { name: string; channel: string; settings: HttpSettings; cursor: string | null },
  moveCursor: (cursor: string) => Promise<void>,
): Promise<HttpReport> {
  const { settings } = source;
  const report: HttpReport = { ...emptyReport(), pages: 0, cursor: source.cursor };
  for (let page = 0; page < limits.pullPagesPerRun; page++) {
    const url = new URL(settings.url);
    if (report.cursor !== null) url.searchParams.set(settings.cursor_param, report.cursor);
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': 'Affluence order puller', ...settings.headers },
      signal: AbortSignal.timeout(limits.pullTimeoutMs),
      // A redirect is an answer like any other (and fails the run): followed, it would take the
      // channel's token to wherever the answer points.
      redirect: 'manual',
    });
    if (!response.ok) throw new Error(`${url.origin}${url.pathname} answered ${response.status}`);
    const body = (await response.json()) as unknown;
    const items = valueAt(body, settings.items_path);
    if (!Array.isArray(items)) throw new Error(`the answer has no array at ${settings.items_path}`);
    report.pages++;
    await placePulled(
      ctx,
      source.name,
      items.map((item, index) => ({
        ref: `page ${report.cursor ?? '(first)'}, item ${index + 1}`,
        body: mapOrder(item, settings.mapping, source.channel),
      })),
      report,
    );
    const next = valueAt(body, settings.next_cursor_path);
    if (next === undefined || next === null || next === '' || String(next) === report.cursor) break;
    report.cursor = String(next);
    await moveCursor(report.cursor);
    if (items.length === 0) break;
  }
  return report;
}
