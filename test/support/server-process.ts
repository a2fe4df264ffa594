/** Runs `affluence serve` as a real child process (the built CLI in dist/), as an operator would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  /** What the server printed when it started. */
  readonly banner: string;
  readonly child: ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** The built CLI, for tests that run other commands. */
export const cliPath = cli;

export async function startServer(
  db: string,
  adminKey: string,
  extraArgs: readonly string[] = [],
): Promise<ServerProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
  // No --host, no HOST: the server listens where it does unless told, on this machine only.
  const { HOST: _host, ...environment } = process.env;
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--db', db, '--port', '0', '--no-demo', ...extraArgs],
    {
      env: { ...environment, AFFLUENCE_ADMIN_KEY: adminKey, DATABASE_URL: '', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serves on (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    banner: output,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
