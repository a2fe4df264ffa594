/** What a CLI command writes, caught for its tests: stdout and stderr, each as one text. */
import { afterEach, beforeEach, vi } from 'vitest';

/** Catches stdout and stderr around every test of the calling file; read them after the command ran. */
export function captureOutput(): { readonly out: () => string; readonly err: () => string } {
  let out = '';
  let err = '';
  beforeEach(() => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      out += String(text);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      err += String(text);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());
  return { out: () => out, err: () => err };
}
