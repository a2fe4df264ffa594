/**
 * One rehearsal from start to verdict: the target (given, or an `affluence serve` started on a
 * fresh embedded store), the shop set up through the API, the load, the audit, the report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { rehearsalLimits as limits } from '../platform/core/limits.js';
import { readAdvent } from './advent.js';
import { audit, collectAuditInput } from './audit.js';
import { FeedReceiver, feedLag } from './feed-lag.js';
import { httpTransport, isLoopback } from './http.js';
import { type AcknowledgedOrder, drive, type Progress } from './load.js';
import {
  adventLine,
  buildReport,
  type ChannelLag,
  channelLagLines,
  lagWarning,
  type Report,
  writeReport,
} from './report.js';
import { loadScenario, type Scaling, scaleScenario } from './scenario.js';
import { newRunId, setUpShop } from './setup.js';

export interface RehearseOptions {
  readonly scenario: string;
  /** A running Affluence; without it the rehearsal starts its own. */
  readonly url?: string;
  readonly adminKey?: string;
  readonly scaling: Scaling;
  /** The report's folder; default reports/<scenario>-<timestamp>/. */
  readonly out?: string;
  /** Allow a target that is not on this machine (loopback) — a rehearsal is a load test. */
  readonly allowRemote?: boolean;
  /** Where progress and the summary go; a TTY gets one line rewritten in place. */
  readonly output?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface RehearseOutcome {
  readonly report: Report;
  readonly paths: { markdown: string; json: string; chart: string };
  readonly passed: boolean;
}

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = join(packageRoot, 'dist', 'cli', 'main.js');
const serverStartMsMax = 30_000;
const serverStopMsMax = 10_000;

interface StartedServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** `affluence serve` from dist/ on a fresh SQLite file in a temporary folder, with a key of our choosing. */
async function startServer(adminKey: string): Promise<StartedServer> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'affluence-rehearsal-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [cliPath, 'serve', '--db', join(dir, 'rehearsal.db'), '--port', '0', '--host', '127.0.0.1', '--no-demo'],
    {
      env: { ...process.env, AFFLUENCE_ADMIN_KEY: adminKey, DATABASE_URL: '', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const url = await new Promise<string>((done, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start in ${serverStartMsMax} ms:\n${output}`)),
        serverStartMsMax,
      );
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-10_000);
        const match = /serves on (http:\/\/\S+)/.exec(output);
        if (match !== null) {
          clearTimeout(timer);
          done(match[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${output}`));
      });
    });
    return {
      url,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), serverStopMsMax);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function progressLine(scenarioSteps: { name: string; rate_per_s: number }[], progress: Progress): string {
  const step = scenarioSteps[progress.step];
  const s = (ms: number) => (ms / 1000).toFixed(0);
  return [
    `${s(progress.elapsedMs)}/${s(progress.totalMs)} s`,
    `step ${progress.step + 1}/${scenarioSteps.length} ${step?.name ?? ''} @${Math.round(step?.rate_per_s ?? 0)}/s`,
    `answers ${Math.round(progress.ratePerS)}/s`,
    `p99 ${progress.p99Ms.toFixed(1)} ms`,
    `errors ${progress.errors}`,
    `shed ${progress.shed}`,
    `in flight ${progress.inFlight}`,
  ].join('  ');
}

export async function rehearse(options: RehearseOptions): Promise<RehearseOutcome> {
  const output = options.output ?? process.stdout;
  const say = (line: string) => output.write(`${line}\n`);
  const scenario = scaleScenario(loadScenario(options.scenario), options.scaling);

  let server: StartedServer | undefined;
  let receiver: FeedReceiver | undefined;
  let url: string;
  let adminKey: string;
  if (options.url === undefined) {
    adminKey = `aff_rehearsal_${randomBytes(24).toString('hex')}`;
    server = await startServer(adminKey);
    url = server.url;
    say(`Started affluence serve on ${url} (fresh embedded SQLite) for this rehearsal`);
  } else {
    if (options.adminKey === undefined)
      throw new Error('--url needs --key (an admin key) or AFFLUENCE_ADMIN_KEY');
    adminKey = options.adminKey;
    url = options.url;
    if (!isLoopback(new URL(url)) && options.allowRemote !== true)
      throw new Error(`${url} is not on this machine; pass --allow-remote to rehearse against it`);
  }

  // Set-up and audit on their own few connections; the load on the scenario's pool.
  const transport = httpTransport(url, limits.setupConcurrency);
  const loadTransport = httpTransport(url, scenario.client.connections);
  try {
    const health = await transport.request('GET', '/healthz', { key: adminKey, timeoutMs: 5_000 });
    if (health.status !== 200) throw new Error(`${url}/healthz answered ${health.status}`);
    const runId = newRunId();
    const startedAt = new Date();
    say(
      `Setting up the rehearsal shop ${runId}: ${scenario.shop.skus} SKUs at ${scenario.shop.locations.length} locations`,
    );
    // Another channel's feed comes to this process: only a server on this machine can reach it.
    receiver = isLoopback(new URL(url)) ? await FeedReceiver.start() : undefined;
    const shop = await setUpShop(transport, adminKey, scenario, runId, 30_000, receiver?.url);

    const totalS = scenario.steps.reduce((sum, step) => sum + step.duration_s, 0);
    say(`Rehearsing ${scenario.name}: ${scenario.steps.length} steps over ${totalS.toFixed(1)} s`);
    const isTTY = output.isTTY === true;
    let lastPlainMs = 0;
    const result = await drive(
      scenario,
      {
        transport: loadTransport,
        storefrontKey: shop.storefrontKey,
        channel: shop.channel,
        skuCodes: shop.skuCodes,
        runId,
        adventSeason: shop.advent?.season,
      },
      {
        progressIntervalMs: 1000,
        onProgress: (progress) => {
          const line = progressLine(scenario.steps, progress);
          if (isTTY) output.write(`\r\x1b[2K${line}`);
          else if (progress.elapsedMs - lastPlainMs >= 5_000) {
            lastPlainMs = progress.elapsedMs;
            say(line);
          }
        },
      },
    );
    if (isTTY) output.write('\r\x1b[2K');
    await loadTransport.close();
    const channelLag = await measureChannelLag(receiver, result.acknowledged, say);
    if (shop.feedChannel !== undefined) {
      await transport.request('DELETE', `/v1/channels/${shop.feedChannel}/feed`, {
        key: adminKey,
        timeoutMs: 10_000,
      });
    }

    say('Auditing through the API…');
    const input = await collectAuditInput(
      { transport, adminKey, storefrontKey: shop.storefrontKey, runId, timeoutMs: 30_000 },
      {
        startingStock: shop.startingStock,
        acknowledged: result.acknowledged,
        retryMismatches: result.retryMismatches,
        cancelled: result.cancelled,
        cancelUnanswered: result.cancelUnanswered,
      },
    );
    const advent =
      shop.advent === null
        ? undefined
        : {
            codes: shop.advent.codes,
            batch: shop.advent.batch,
            answers: result.adventAnswers,
            ...(await readAdvent(transport, adminKey, shop.advent, 30_000)),
          };
    const verdict = audit({ ...input, advent });
    // The rehearsal's storefront key has done its work; a live shop should not keep it, nor the
    // rehearsal's calendar, which the operations room would show as the one in season.
    await transport.request('DELETE', `/v1/api-keys/${shop.storefrontKeyId}`, {
      key: adminKey,
      timeoutMs: 10_000,
    });
    if (shop.advent !== null)
      await transport.request('DELETE', `/v1/advent/${shop.advent.season}`, {
        key: adminKey,
        timeoutMs: 10_000,
      });

    const report = buildReport({
      scenario,
      scaling: options.scaling,
      url,
      selfStarted: server !== undefined,
      runId,
      startedAt,
      result,
      verdict,
      channelLag,
    });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const dir = options.out ?? join('reports', `${scenario.name}-${stamp}`);
    const paths = writeReport(dir, report);
    printSummary(say, report, paths.markdown);
    return { report, paths, passed: verdict.passed };
  } finally {
    await loadTransport.close();
    await transport.close();
    await receiver?.close();
    await server?.stop();
  }
}

/**
 * Waits, a bounded while, for the other channel's feed to bring every acknowledged order's figures,
 * then matches each order with the push that carried them.
 */
async function measureChannelLag(
  receiver: FeedReceiver | undefined,
  acknowledged: readonly AcknowledgedOrder[],
  say: (line: string) => void,
): Promise<ChannelLag> {
  if (receiver === undefined)
    return { measured: false, reason: 'the server is not on this machine, so it cannot reach a feed here' };
  const changes = acknowledged.map((order) => ({
    placedAtMs: order.placedAtMs,
    skus: order.lines.map((line) => line.sku),
  }));
  say('Waiting for the other channel’s feed to catch up…');
  const deadline = Date.now() + limits.feedCatchUpMsMax;
  let measured = feedLag(changes, receiver.pushes);
  while (measured.unmatched > 0 && Date.now() < deadline) {
    await sleep(100);
    measured = feedLag(changes, receiver.pushes);
  }
  return {
    measured: true,
    lag: measured.lag,
    unmatched: measured.unmatched,
    target_p99_ms: limits.channelLagP99TargetMs,
    within_target: measured.unmatched === 0 && measured.lag.p99_ms <= limits.channelLagP99TargetMs,
  };
}

function printSummary(say: (line: string) => void, report: Report, path: string) {
  say('');
  say('step                 rate/s  answers/s     ok  rej  shed  err   p50 ms   p99 ms  sustained');
  for (const step of report.steps) {
    const c = step.counts;
    say(
      `${step.name.padEnd(20)} ${step.rate_per_s.toFixed(0).padStart(6)} ${step.answers_per_s.toFixed(0).padStart(10)} ${String(c.ok).padStart(6)} ${String(c.rejected).padStart(4)} ${String(c.shed).padStart(5)} ${String(c.error + c.timeout).padStart(4)} ${step.latency.p50_ms.toFixed(2).padStart(8)} ${step.latency.p99_ms.toFixed(2).padStart(8)}  ${step.sustained ? 'yes' : 'no'}`,
    );
  }
  const capacity = report.capacity;
  say('');
  say(
    capacity.sustained_rate_per_s === null
      ? `Capacity found: none within p99 ≤ ${capacity.target_p99_ms} ms`
      : `Capacity found: ${capacity.sustained_rate_per_s} arrivals/s ("${capacity.sustained_step}") with p99 ≤ ${capacity.target_p99_ms} ms and errors ≤ ${capacity.error_rate_max * 100} %`,
  );
  if (capacity.first_failure !== null)
    say(`First step over the target: "${capacity.first_failure.step}" (${capacity.first_failure.reason})`);
  say(
    `Driver send lag: p99 ${report.run.send_lag.p99_ms} ms; arrivals dropped by the driver: ${report.run.arrivals_dropped}`,
  );
  for (const line of channelLagLines(report.channel_lag)) say(line.replaceAll('**', ''));
  const warning = lagWarning(report);
  if (warning !== null) say(`Note: ${warning}`);
  say('');
  say(
    `Audit: ${report.audit.passed ? 'PASSED' : 'FAILED'} (${report.audit.ordersAcknowledged} orders acknowledged, ${report.audit.unitsSold} units sold)`,
  );
  for (const item of report.audit.checks) {
    say(
      `  ${item.passed ? 'ok  ' : 'FAIL'} ${item.title} (${item.checked} checked${item.passed ? '' : `, ${item.breachCount} breaches`})`,
    );
    for (const breach of item.breaches.slice(0, 5)) say(`       ${breach}`);
  }
  if (report.audit.advent !== null) say(adventLine(report.audit.advent));
  say(`Report: ${path}`);
}
