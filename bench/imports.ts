/**
 * `npm run bench:imports [-- --skus 13000] [-- --engine sqlite|postgres]`:
 * a mid-size shop's catalogue (SKUs with sizes, a barcode and prices on three channels), then its
 * stock in two warehouses, imported through `POST /v1/imports` into an empty `affluence serve`, each
 * job timed from its request to its end (the target: 13,000 SKUs with their stock under 5 s on
 * SQLite). Then the same catalogue again, every row unchanged: what checking alone costs.
 */
import { type Caller, caller, expectStatus } from './api.js';
import { startAffluence } from './processes.js';
import { type EngineName, freshStore } from './stores.js';

const adminKey = 'aff_bench_admin_key_not_a_secret';
const channels = ['web', 'marketplace', 'b2b'] as const;
const locations = { paris: [...channels], lyon: ['web'] } as const;
/** A job is asked for again this often: the figures are rounded to it. */
const pollIntervalMs = 20;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** The GTIN-13 of 12 digits and their check digit. */
function gtin(first12: string): string {
  const sum = [...first12].reduce(
    (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
    0,
  );
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

function catalogFile(skuCount: number): string {
  const lines = [
    `sku,name,weight_g,length_mm,width_mm,height_mm,gtin,${channels.map((c) => `price:${c}`).join(',')}`,
  ];
  for (let index = 1; index <= skuCount; index++) {
    const price = 500 + ((index * 137) % 9_500);
    lines.push(
      `IMP-${String(index).padStart(6, '0')},"Bench item ${index}, size ${['S', 'M', 'L'][index % 3]}",${100 + (index % 900)},${100 + (index % 200)},80,40,${gtin(String(300_000_000_000 + index))},${price},${price + 100},${Math.round(price * 0.8)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function stockFile(skuCount: number): string {
  const lines = ['sku,location,on_hand'];
  for (let index = 1; index <= skuCount; index++) {
    const sku = `IMP-${String(index).padStart(6, '0')}`;
    lines.push(`${sku},paris,${index % 50}`, `${sku},lyon,${index % 7}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Job {
  id: string;
  status: string;
  report: { rows: Record<string, number>; errors: unknown[] } | null;
  error: string | null;
}

/** Sends an import and follows its job to the end: its report, and the seconds from the request to the end. */
async function timedImport(
  admin: Caller,
  kind: string,
  content: string,
): Promise<{ seconds: number; job: Job }> {
  const startedMs = performance.now();
  let job = await expectStatus<Job>(admin('POST', '/v1/imports', { kind, content }), 202, `import ${kind}`);
  while (job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    job = await expectStatus<Job>(admin('GET', `/v1/imports/${job.id}`), 200, `import ${job.id}`);
  }
  const seconds = (performance.now() - startedMs) / 1_000;
  if (job.status !== 'done')
    throw new Error(
      `import ${kind} ${job.status}: ${job.error ?? JSON.stringify(job.report?.errors.slice(0, 5))}`,
    );
  return { seconds, job };
}

async function benchEngine(engine: EngineName, skuCount: number): Promise<void> {
  const store = await freshStore(engine);
  const server = await startAffluence(store.location, adminKey, undefined);
  try {
    const admin = caller(server.url, adminKey);
    for (const channel of channels)
      await expectStatus(
        admin('PUT', `/v1/channels/${channel}`, { name: channel, currency: 'EUR' }),
        200,
        channel,
      );
    for (const [location, served] of Object.entries(locations))
      await expectStatus(
        admin('PUT', `/v1/locations/${location}`, { name: location, channels: served }),
        200,
        location,
      );
    const catalog = catalogFile(skuCount);
    const stock = stockFile(skuCount);
    const figure = (what: string, { seconds, job }: { seconds: number; job: Job }) =>
      `${what} in ${seconds.toFixed(2)} s (${JSON.stringify(job.report?.rows)})`;
    const created = await timedImport(admin, 'catalog', catalog);
    const counted = await timedImport(admin, 'stock', stock);
    const again = await timedImport(admin, 'catalog', catalog);
    const total = created.seconds + counted.seconds;
    process.stdout.write(
      [
        `${engine}:`,
        `  catalogue, ${skuCount.toLocaleString('en-US')} SKUs: ${figure('created', created)}`,
        `  stock, ${(2 * skuCount).toLocaleString('en-US')} counts: ${figure('written', counted)}`,
        `  together: ${total.toFixed(2)} s (target: 13,000 SKUs with their stock under 5 s on SQLite)`,
        `  catalogue again, nothing to change: ${figure('checked', again)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
    await store.drop();
  }
}

const skuCount = Number(argument('skus', '13000'));
const engines = argument('engine', 'sqlite,postgres').split(',') as EngineName[];
for (const engine of engines) await benchEngine(engine, skuCount);
