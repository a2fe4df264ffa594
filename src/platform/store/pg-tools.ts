/**
 * PostgreSQL's own client tools (pg_dump, pg_restore), run as child processes for the backup and
 * restore of a PostgreSQL store: they know every object of the database, and its snapshot rules.
 */
import { spawn } from 'node:child_process';

export type PostgresTool = 'pg_dump' | 'pg_restore';

/** What is kept of a tool's stderr for the error message: its last lines say why it failed. */
const stderrKeptCharsMax = 4_000;

/**
 * The URL without its password, and the environment that carries it: a password on a command line
 * is readable by every user of the machine (`ps`), the environment is not.
 */
function credentials(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  if (parsed.password === '') return { url, env: process.env };
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, PGPASSWORD: password } };
}

export interface ToolRun {
  /** The arguments; `{url}` stands for the database URL, which is passed without its password. */
  readonly args: readonly string[];
  readonly url?: string;
  /** Each line the tool writes to stderr (its `--verbose` progress). */
  readonly onStderrLine?: (line: string) => void;
  /** Each chunk of its stdout; when absent, stdout is collected and returned. */
  readonly onStdout?: (chunk: Buffer) => void;
}

/** Runs the tool to its end; resolves with its stdout, or fails with what it said. */
export function runPostgresTool(tool: PostgresTool, run: ToolRun): Promise<string> {
  const { url, env } = run.url === undefined ? { url: '', env: process.env } : credentials(run.url);
  const args = run.args.map((arg) => arg.replace('{url}', url));
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (run.onStdout === undefined) stdout.push(chunk);
      else run.onStdout(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr = (stderr + text).slice(-stderrKeptCharsMax);
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) run.onStderrLine?.(line);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${tool} was not found on the PATH: install PostgreSQL's client tools (Debian/Ubuntu: postgresql-client), of the server's major version or newer`,
            )
          : new Error(`${tool} could not be started: ${error.message}`),
      );
    });
    child.once('close', (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString());
        return;
      }
      // Its own words are the best explanation; errors rather than --verbose chatter.
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      const errors = lines.filter((line) =>
        /error|fatal|could not|invalid|denied|does not exist/i.test(line),
      );
      const said = (errors.length > 0 ? errors : lines.slice(-5)).join('\n');
      reject(
        new Error(`${tool} failed (${signal ?? `exit code ${code}`})${said === '' ? '' : `:\n${said}`}`),
      );
    });
  });
}
