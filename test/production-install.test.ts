/**
 * A production install, made as the README's "Deploying" says: what `npm pack` packs from the built
 * tree (the "files" field) with package-lock.json, installed by `npm ci --omit=dev`, then every
 * command's --help, every module of dist/ loaded, API keys, and a short rehearsal. A devDependency
 * imported at run time fails here rather than on the server.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
/** The whole install: about 20 s from a warm npm cache, minutes if better-sqlite3 must be compiled. */
const installMsMax = 300_000;
/** Any one command of the installed tree; the rehearsal is the longest (about 10 s). */
const commandMsMax = 90_000;
/** The walk over every command's `--help`: one process each, one after the other. */
const helpWalkMsMax = 180_000;

const directory = mkdtempSync(join(tmpdir(), 'affluence-deploy-'));
const app = join(directory, 'app');

/** Runs a command of the installed tree; a non-zero exit rejects with its output. */
function affluence(...args: string[]) {
  return run(process.execPath, ['dist/cli/main.js', ...args], {
    cwd: app,
    timeout: commandMsMax,
    env: { ...process.env, DATABASE_URL: '', AFFLUENCE_ADMIN_KEY: '' },
  });
}

/**
 * The project's own better-sqlite3 binary (built by `npm ci` for this Node), offered to its install
 * script as a local prebuild: the install takes it as it would the prebuilt download (GitHub may be
 * out of reach), instead of compiling SQLite for minutes. Without it the install downloads or compiles.
 * Returns the folder to name in npm_config_better_sqlite3_local_prebuilds, if there is a binary to offer.
 */
async function localPrebuilds(): Promise<string | undefined> {
  const installed = join(root, 'node_modules', 'better-sqlite3');
  const binary = join(installed, 'build', 'Release', 'better_sqlite3.node');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version: string = lock.packages['node_modules/better-sqlite3'].version;
  const installedVersion = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
  if (process.platform !== 'linux' || !existsSync(binary) || installedVersion !== version) return undefined;
  const folder = join(directory, 'prebuilds');
  mkdirSync(folder);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-linux-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(folder, name), '-C', installed, 'build/Release/better_sqlite3.node']);
  return folder;
}

/** Subcommand names under "Commands:" in a commander help text, without `help`. */
function subcommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)]
    .map((match) => match[1]!)
    .filter((name) => name !== 'help');
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', directory], {
    cwd: root,
  });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  mkdirSync(app);
  await run('tar', ['-xzf', join(directory, filename), '-C', app, '--strip-components=1']);
  writeFileSync(join(app, 'package-lock.json'), readFileSync(join(root, 'package-lock.json')));

  const env: NodeJS.ProcessEnv = { ...process.env };
  const prebuilds = await localPrebuilds();
  if (prebuilds !== undefined) env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
  // The shared npm cache (the default one) keeps this to a copy from disk after the first run.
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts=false', '--no-audit', '--no-fund'], {
    cwd: app,
    env,
    timeout: installMsMax,
  });
}, installMsMax + 60_000);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('a production install (npm pack, then npm ci --omit=dev)', () => {
  it('ships dist/ and scenarios/, and leaves every devDependency out of reach', async () => {
    expect(existsSync(join(app, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'web', 'index.html'))).toBe(true);
    // The page `affluence plan` inlines into report.html: without it the installed planner cannot write one.
    expect(existsSync(join(app, 'dist', 'report', 'index.html'))).toBe(true);
    expect(existsSync(join(app, 'scenarios', 'flash-sale.json'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(existsSync(join(app, 'dist', 'bench'))).toBe(false);
    // Were a devDependency found (a node_modules above the temporary folder), this test would prove nothing.
    const reachable = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const names = Object.keys(JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8')).devDependencies);
         console.log(JSON.stringify(names.filter((name) => { try { import.meta.resolve(name); return true; } catch { return false; } })));`,
      ],
      { cwd: app },
    );
    expect(JSON.parse(reachable.stdout)).toEqual([]);
  });

  it('loads every module of dist/, those imported on use included', async () => {
    // cli/main.js runs the command line when loaded; the --help runs below load it.
    const loaded = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { readdirSync } from 'node:fs';
         import { join } from 'node:path';
         import { pathToFileURL } from 'node:url';
         const modules = readdirSync('dist', { recursive: true })
           .filter((file) => file.endsWith('.js') && !/^(web|report)[\\/]/.test(file) && file !== join('cli', 'main.js'));
         for (const file of modules) await import(pathToFileURL(join('dist', file)).href);
         console.log(modules.length);`,
      ],
      { cwd: app, timeout: commandMsMax },
    );
    expect(Number(loaded.stdout)).toBeGreaterThan(50);
  });

  it(
    'answers --help for every command and subcommand',
    async () => {
      const helped: string[] = [];
      const walk = async (path: string[]) => {
        const { stdout } = await affluence(...path, '--help');
        expect(stdout).toContain(`Usage: affluence${path.map((name) => ` ${name}`).join('')}`);
        helped.push(path.join(' '));
        for (const name of subcommands(stdout)) await walk([...path, name]);
      };
      await walk([]);
      // The README's way in: `npx affluence` finds the package's own bin, without a download (--no).
      const npx = await run('npx', ['--no', '--', 'affluence', '--help'], {
        cwd: app,
        timeout: commandMsMax,
      });
      expect(npx.stdout).toContain('Usage: affluence');
      expect(helped).toEqual(
        expect.arrayContaining([
          '',
          'serve',
          'keys',
          'keys create',
          'keys list',
          'keys revoke',
          'rehearse',
          'plan',
        ]),
      );
      // Some thirty commands, each a process of its own loading the command line alone (0.2 s each).
    },
    helpWalkMsMax,
  );

  it('creates, lists and revokes an API key on a fresh store', async () => {
    const db = join(directory, 'keys.db');
    const created = await affluence(
      'keys',
      'create',
      '--name',
      'deploy-check',
      '--scopes',
      'storefront',
      '--db',
      db,
    );
    const id = created.stdout.split(/\s+/)[0]!;
    expect(created.stdout).toContain('aff_');
    await affluence('keys', 'revoke', id, '--db', db);
    expect((await affluence('keys', 'list', '--db', db)).stdout).toMatch(/deploy-check {2}revoked/);
  });

  it('rehearses a short flash sale on its own server, and the audit passes', async () => {
    // A tenth of the flash sale: 1.5 s of load on one SKU, the server started from the installed tree.
    const { stdout } = await affluence(
      'rehearse',
      'flash-sale',
      '--scale',
      '0.1',
      '--out',
      join(directory, 'report'),
    );
    expect(stdout).toContain('Audit: PASSED');
    expect(existsSync(join(directory, 'report', 'report.md'))).toBe(true);
  });
});
