/**
 * `npm run bench [-- --quick] [-- --cpu-prof]`: the figures of issue 4 on this machine, in one run,
 * load generator included: the bare-http ceiling, then orders, reads and a flash sale on SQLite and
 * on PostgreSQL, each audited. Progress goes to stderr, the table to stdout, and the report to
 * reports/bench-<timestamp>/ (results.json, results.md). Exits 1 if an audit fails; a missed target
 * is a figure, not a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeApiClient } from './api.js';
import { awaitQuietMachine, cpuNote, metered } from './cpu.js';
import { closedLoad } from './load.js';
import { startCeilingServer, stopAllServers } from './processes.js';
import { summarizeProfiles } from './profile.js';
import { allAuditsOk, type BenchResult, type Ceiling, renderMarkdown, renderText } from './report.js';
import { type BenchSettings, benchSettings } from './settings.js';
import { benchStore, type StoreFigures } from './store-runs.js';
import { dropAllStores, type EngineName } from './stores.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Functions named per CPU profile. */
const profileTopCount = 15;

const usage = `usage: npm run bench [-- --quick] [-- --cpu-prof]
  --quick      shorter runs on fewer SKUs: about a minute, rougher figures
  --cpu-prof   run each affluence server under node --cpu-prof and name its hottest functions
               (the profiler slows the servers: read its figures as a profile, not as the baseline)`;

function parseArguments(args: string[]): BenchSettings {
  const known = new Set(['--quick', '--cpu-prof']);
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    if (!known.has(arg)) {
      process.stderr.write(`bench: unknown argument ${arg}\n${usage}\n`);
      process.exit(2);
    }
  }
  return benchSettings(args.includes('--quick'), args.includes('--cpu-prof'));
}

const startedMs = performance.now();
function progress(line: string): void {
  const elapsedSeconds = (performance.now() - startedMs) / 1_000;
  const stamp = `${String(Math.floor(elapsedSeconds / 60)).padStart(2, '0')}:${(elapsedSeconds % 60).toFixed(0).padStart(2, '0')}`;
  process.stderr.write(`[${stamp}] ${line}\n`);
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? head : `${head}+changes`;
  } catch {
    return 'unknown';
  }
}

async function measureCeiling(
  settings: BenchSettings,
  when: string,
  awaitQuiet: () => Promise<void>,
): Promise<Ceiling> {
  const server = await startCeilingServer();
  try {
    await awaitQuiet();
    progress(
      `ceiling (${when}): bare Node http, ${settings.connections} connections, ${settings.warmupDurationSeconds} s warm-up, ${settings.loadDurationSeconds} s measured`,
    );
    const options = {
      urls: [server.url],
      connections: settings.connections,
      headers: {},
      okStatus: 200,
      requests: { perConnection: () => [{ method: 'GET' as const, path: '/' }] },
    };
    await closedLoad({ ...options, until: { durationSeconds: settings.warmupDurationSeconds } });
    const figures = await metered(
      async () => [server.pid],
      () => closedLoad({ ...options, until: { durationSeconds: settings.loadDurationSeconds } }),
    );
    progress(
      `ceiling: ${Math.round(figures.okPerSecond).toLocaleString('en-US')} req/s, p50 ${figures.latencyMsP50} ms, p99 ${figures.latencyMsP99} ms; ${cpuNote(figures.cpu)}`,
    );
    return { ...figures, when };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  const settings = parseArguments(process.argv.slice(2));
  const startedAt = new Date();
  const reportDir = join(root, 'reports', `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(reportDir, { recursive: true });
  progress(`${settings.quick ? 'quick' : 'full'} run; report in ${reportDir}`);

  const quietBudget = { remainingMs: settings.quietWaitBudgetMs };
  const awaitQuiet = async () => {
    await awaitQuietMachine(quietBudget, settings.quietWaitPerRunMaxMs, progress);
  };
  // The ceiling is measured before, between and after the stores: each store's ratios are over the
  // mean of the two measured around it, so a machine that gets busier or quieter shows, and counts less.
  const ceilings: Ceiling[] = [await measureCeiling(settings, 'at the start', awaitQuiet)];
  const stores: (StoreFigures & { ceilingPerSecond: number })[] = [];
  const engines: EngineName[] = ['sqlite', 'postgres'];
  for (const [index, engine] of engines.entries()) {
    const profileDir = settings.cpuProfile ? join(reportDir, 'profiles', engine) : undefined;
    const figures = await benchStore(engine, { settings, progress, awaitQuiet, cpuProfileDir: profileDir });
    const after = await measureCeiling(
      settings,
      index === engines.length - 1 ? 'at the end' : `after ${engine}`,
      awaitQuiet,
    );
    ceilings.push(after);
    stores.push({ ...figures, ceilingPerSecond: (ceilings[index]!.okPerSecond + after.okPerSecond) / 2 });
  }
  const profiles = stores.flatMap((store) =>
    store.cpuProfileDir === undefined
      ? []
      : summarizeProfiles(store.cpuProfileDir, root, profileTopCount, store.sustainedWindow),
  );

  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (performance.now() - startedMs) / 1_000,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      commit: commit(),
    },
    settings,
    ceilings,
    stores,
    profiles,
  };
  writeFileSync(join(reportDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(reportDir, 'results.md'), renderMarkdown(result));
  process.stdout.write(`\n${renderText(result)}\n\nReport: ${reportDir}/results.{md,json}\n`);
  const ok = allAuditsOk(result);
  if (!ok) process.stderr.write('bench: an audit FAILED: see the audit table\n');
  return ok ? 0 : 1;
}

let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  process.stderr.write('bench: interrupted, stopping the servers\n');
  void stopAllServers()
    .then(dropAllStores)
    .finally(() => process.exit(130));
});

main()
  .then(async (code) => {
    await closeApiClient();
    process.exitCode = code;
  })
  .catch(async (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopAllServers();
    process.exit(1);
  });
