/**
 * Order sources: channels that do not push their orders, pulled — a folder of order files, or a
 * JSON endpoint read with a cursor. Set up by the API; run every `interval_s` by one process at a
 * time (the puller), or at once on demand; each run's report kept.
 */
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { pullAdapters } from './adapter.js';
import type { OrderSource, OrderSourceInput, PullRun } from './contract.js';
import type { OrderSourceRow } from './source-repo.js';

const defaultIntervalS = 60;

/** A source as shown: header values (a channel's token) are never answered back. */
function sourceView(row: OrderSourceRow): OrderSource {
  const settings = JSON.parse(row.settings) as Record<string, unknown>;
  const headers = settings.headers as Record<string, string> | undefined;
  return {
    name: row.name,
    kind: row.kind as OrderSource['kind'],
    channel: row.channel_code,
    settings:
      headers === undefined
        ? settings
        : { ...settings, headers: Object.fromEntries(Object.keys(headers).map((name) => [name, '…'])) },
    interval_s: row.interval_s,
    enabled: row.enabled === 1,
    cursor: row.cursor,
    last_run: row.last_report === null ? null : (JSON.parse(row.last_report) as PullRun),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export async function putSource(
  ctx: AppContext,
  name: string,
  input: OrderSourceInput,
): Promise<Result<{ created: boolean; source: OrderSource }>> {
  return inTransaction(ctx, async (tx) => {
    if ((await tx.catalog.getChannel(input.channel)) === undefined) {
      return fail('unknown_channel', `No channel ${input.channel}.`, { channels: [input.channel] });
    }
    const { kind, channel, interval_s, enabled, ...settings } = input;
    const existing = await tx.orderSources.get(name);
    const now = ctx.clock.now();
    await tx.orderSources.put({
      name,
      kind,
      channel_code: channel,
      settings: JSON.stringify(settings),
      interval_s: interval_s ?? defaultIntervalS,
      enabled: enabled === false ? 0 : 1,
      cursor: null,
      claimed_by: null,
      claimed_until: null,
      last_run_at: existing?.last_run_at ?? null,
      last_report: existing?.last_report ?? null,
      last_error: existing?.last_error ?? null,
      created_at: now,
      updated_at: now,
    });
    await tx.events.append(
      [
        {
          type: existing === undefined ? 'order_source.created' : 'order_source.updated',
          entityType: 'order_source',
          entityId: name,
          payload: { name, kind, channel },
        },
      ],
      now,
    );
    return ok({ created: existing === undefined, source: sourceView((await tx.orderSources.get(name))!) });
  });
}

export async function listSources(ctx: AppContext): Promise<{ data: OrderSource[] }> {
  return { data: (await ctx.store.read.orderSources.list()).map(sourceView) };
}

export async function getSource(ctx: AppContext, name: string): Promise<Result<OrderSource>> {
  const row = await ctx.store.read.orderSources.get(name);
  return row === undefined ? notFound('order source', name) : ok(sourceView(row));
}

export async function deleteSource(ctx: AppContext, name: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.orderSources.delete(name))) return notFound('order source', name);
    await tx.events.append(
      [{ type: 'order_source.deleted', entityType: 'order_source', entityId: name, payload: { name } }],
      ctx.clock.now(),
    );
    return ok(null);
  });
}

/**
 * Runs a source once in this process, if no other process holds it: its orders placed, its report
 * kept. A run that stops short (a folder unreadable, an endpoint down) keeps what it placed and says why.
 */
export async function runSource(
  ctx: AppContext,
  name: string,
  processId: string,
  leaseMs: number,
): Promise<Result<PullRun>> {
  const row = await ctx.store.read.orderSources.get(name);
  if (row === undefined) return notFound('order source', name);
  const started = ctx.clock.now();
  if (
    !(await ctx.store.transaction((tx) => tx.orderSources.claim(name, processId, started, started + leaseMs)))
  ) {
    return fail(
      'source_busy',
      `Order source ${name} is being run by another process; try again in a moment.`,
      {
        source: name,
      },
    );
  }
  const source = { name, channel: row.channel_code };
  let run: PullRun;
  try {
    const adapter = pullAdapters[row.kind as keyof typeof pullAdapters];
    const report = await adapter.pull(
      ctx,
      { ...source, settings: JSON.parse(row.settings) as unknown, cursor: row.cursor },
      (cursor) => ctx.store.transaction((tx) => tx.orderSources.moveCursor(name, cursor)),
    );
    run = { at: toIso(started), error: null, ...report };
  } catch (error) {
    run = {
      at: toIso(started),
      orders: 0,
      placed: 0,
      already_placed: 0,
      refused: [],
      refused_total: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const { cursor: _cursor, ...kept } = run as PullRun & { cursor?: string | null };
  await ctx.store.transaction((tx) =>
    tx.orderSources.finish(name, processId, {
      last_run_at: started,
      last_report: JSON.stringify(kept),
      last_error: run.error,
    }),
  );
  return ok(kept);
}
