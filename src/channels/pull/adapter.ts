/**
 * A pull adapter: how the orders of a channel that does not push are fetched. Each adapter reads its
 * source's settings, finds orders where the channel leaves them and places them through `placePulled`
 * (the intake, once per channel and external id), and says what it did. Two are real: the folder
 * drop and the HTTP poller; another channel's way is one more adapter in `pullAdapters`.
 */
import type { AppContext } from '../../platform/context.js';
import { pullFolder } from './folder-drop.js';
import { pullHttp } from './http-poller.js';
import type { PullReport } from './place.js';

/** A source as its adapter is given it: the settings as put, and where it got to. */
export interface SourceToPull {
  readonly name: string;
  readonly channel: string;
  readonly settings: unknown;
  /** Where the last run got to (an endpoint's cursor); null before the first, or for an adapter without one. */
  readonly cursor: string | null;
}

export interface PullAdapter {
  /** Fetches and places what the source holds now; `moveCursor` keeps its place after each step. */
  pull(
    ctx: AppContext,
    source: SourceToPull,
    moveCursor: (cursor: string) => Promise<void>,
  ): Promise<PullReport>;
}

export const pullAdapters: Readonly<Record<'folder' | 'http', PullAdapter>> = {
  folder: { pull: (ctx, source) => pullFolder(ctx, source as Parameters<typeof pullFolder>[1]) },
  http: {
    pull: (ctx, source, moveCursor) => pullHttp(ctx, source as Parameters<typeof pullHttp>[1], moveCursor),
  },
};
