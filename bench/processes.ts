/** The servers under load, each its own child process: `affluence serve` from dist/, and the bare-http ceiling. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const ceilingServer = fileURLToPath(new URL('./ceiling-server.js', import.meta.url));

/** A server that does not print its address in this time did not start. */
const startTimeoutMs = 30_000;
/** A server that does not exit this long after SIGTERM is killed (a profile being written takes a while). */
const stopTimeoutMs = 30_000;
/** The tail of a server's output kept to explain a failure; the rest is read and dropped. */
const outputTailChars = 8_000;

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
  output(): string;
}

const running = new Set<ServerProcess>();

/** Stops every server still running, one by one (used on failure and on Ctrl-C). */
export async function stopAllServers(): Promise<void> {
  for (const server of [...running]) await server.stop();
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  addressPattern: RegExp,
  what: string,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-outputTailChars);
  };
  // Read both pipes for the whole life of the server: a full pipe would block its writes.
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start in ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const look = () => {
      const match = addressPattern.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        child.off('exit', onExit);
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before serving:\n${output}`));
    };
    child.stdout!.on('data', look);
    child.once('exit', onExit);
  });
  const server: ServerProcess = {
    url,
    pid: child.pid!,
    output: () => output,
    async stop() {
      running.delete(server);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited(child);
      clearTimeout(timer);
    },
  };
  running.add(server);
  return server;
}

/** `affluence serve` on a store, as an operator starts it, with the admin key of the bench. */
export async function startAffluence(
  db: string,
  adminKey: string,
  cpuProfileDir: string | undefined,
): Promise<ServerProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const profile = cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`];
  return startProcess(
    [...profile, cli, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--no-demo'],
    { ...process.env, AFFLUENCE_ADMIN_KEY: adminKey, DATABASE_URL: '', PORT: '', HOST: '' },
    /serves on (http:\/\/\S+)/,
    'affluence serve',
  );
}

/** The machine's own ceiling: a bare Node `http` server answering a fixed small JSON. */
export async function startCeilingServer(): Promise<ServerProcess> {
  return startProcess([ceilingServer], process.env, /serves on (http:\/\/\S+)/, 'the ceiling server');
}
