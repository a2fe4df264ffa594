/**
 * A PostgreSQL server of a test's own, in a temporary folder on a port of its own, that the test may
 * stop and start again: the machine's shared server serves other test files at the same time and
 * must never be restarted by one of them.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** The URL of its database `affluence`, for `affluence serve --db`. */
  readonly url: string;
  readonly port: number;
  /** `pg_ctl stop -m immediate`: every server process ends at once, as in a crash. */
  crash(): Promise<void>;
  /** Starts it again on the same folder and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/** The newest PostgreSQL installed as Debian lays it out, or the folder AFFLUENCE_TEST_PG_BIN names. */
function binDir(): string {
  const given = process.env.AFFLUENCE_TEST_PG_BIN;
  if (given !== undefined) return given;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      `no PostgreSQL server binaries under ${root}: install postgresql, or set AFFLUENCE_TEST_PG_BIN to the folder of initdb and pg_ctl`,
    );
  return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The postgres account's ids: initdb and the server refuse to run as root. */
async function postgresAccount(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'affluence-private-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresAccount();
    chownSync(dir, uid, gid);
  }
  // As root, every command runs as the postgres account, which owns the folder.
  const pgCommand = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args])
      : run(join(bin, program), args);
  const port = await freePort();

  // Trust on the loopback only, no fsync: a crash here is the server's processes ending, never the
  // machine's, so what they wrote is in the system's cache and survives as it would on disk.
  await pgCommand('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    try {
      await pgCommand('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
    } catch (error) {
      const output = existsSync(log) ? readFileSync(log, 'utf8').slice(-2_000) : '';
      throw new Error(`the private PostgreSQL did not start: ${String(error)}\n${output}`);
    }
  };
  const stop = async (mode: 'immediate' | 'fast') => {
    await pgCommand('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  };
  try {
    await start();
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE affluence');
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop('immediate').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/affluence`,
    port,
    crash: () => stop('immediate'),
    start,
    async dispose() {
      await stop('fast').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
