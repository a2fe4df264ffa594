/**
 * A real small disk for a test to fill up: a tmpfs of its own, which only root may mount (the CI
 * machine runs the tests as root). Without it, a reason to say why the full disk is not drilled.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  /** Where it is mounted. */
  readonly dir: string;
  /** Writes a filler file until the disk refuses (ENOSPC), as runaway logs would. */
  fill(): void;
  /** Removes the filler: space returns, as when an operator clears what filled the disk. */
  free(): void;
  /** Unmounts it and removes the folder. */
  dispose(): void;
}

export function mountSmallDisk(sizeMb: number): SmallDisk | string {
  if (process.getuid?.() !== 0)
    return 'mounting a tmpfs needs root: run the tests as root to drill a full disk';
  const dir = mkdtempSync(join(tmpdir(), 'affluence-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `a tmpfs cannot be mounted on this machine (${String(error).split('\n')[0]}): a full disk is not drilled`;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    dispose() {
      // Lazily: a server process being stopped may still hold the store's files open.
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
