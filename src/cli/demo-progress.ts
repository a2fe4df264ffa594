/** Seeds the demo shop with a progress bar per phase on the terminal (plain lines when not a TTY). */
import cliProgress from 'cli-progress';
import { type DemoPhase, seedDemo } from '../demo/index.js';
import type { AppContext } from '../platform/context.js';

const phaseNames: Record<DemoPhase, string> = {
  plan: 'planning the shop',
  catalog: 'catalog',
  stock: 'stock',
  history: 'order history',
};

export async function seedDemoWithProgress(ctx: AppContext, quiet: boolean): Promise<void> {
  // Made on the first progress report: a store that has the demo already prints nothing.
  let bars: cliProgress.MultiBar | undefined;
  const makeBars = () =>
    new cliProgress.MultiBar(
      {
        format: ' {phase} [{bar}] {percentage}% | {value}/{total}',
        hideCursor: true,
        clearOnComplete: false,
        noTTYOutput: true,
        notTTYSchedule: 5_000,
        stream: process.stdout,
      },
      cliProgress.Presets.shades_classic,
    );
  const byPhase = new Map<DemoPhase, cliProgress.SingleBar>();
  const startedMs = Date.now();
  const summary = await seedDemo(ctx, {
    onProgress: (done, total, phase) => {
      if (quiet) return;
      if (bars === undefined) {
        process.stdout.write('Seeding the demo shop (once per store)…\n');
        bars = makeBars();
      }
      let bar = byPhase.get(phase);
      if (bar === undefined) {
        bar = bars.create(total, 0, { phase: phaseNames[phase].padEnd(17) });
        byPhase.set(phase, bar);
      }
      bar.setTotal(total);
      bar.update(done);
    },
  });
  bars?.stop();
  if (!quiet && !summary.alreadyPresent) {
    const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
    process.stdout.write(
      `Demo shop ready in ${seconds} s: ${summary.skus} SKUs, ${summary.channels} channels, ${summary.locations} warehouses, ${summary.orders} orders of history.\n`,
    );
  }
}
