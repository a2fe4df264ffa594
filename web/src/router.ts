/** Client-side routes under /ops/ with the History API; the server answers index.html for every one. */
import { useEffect, useState } from 'preact/hooks';

const base = '/ops';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

/** The path inside the app: `/`, `/orders/ord_…`. */
function currentPath(): string {
  const path = window.location.pathname;
  return path.startsWith(`${base}/`) ? path.slice(base.length) : '/';
}

export function href(path: string): string {
  return `${base}${path}`;
}

export function navigate(path: string): void {
  window.history.pushState(null, '', href(path));
  for (const listener of listeners) listener();
}

export interface Route {
  readonly path: string;
  readonly search: URLSearchParams;
}

export function useRoute(): Route {
  const read = (): Route => ({ path: currentPath(), search: new URLSearchParams(window.location.search) });
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = () => setRoute(read());
    listeners.add(changed);
    return () => {
      listeners.delete(changed);
    };
  }, []);
  return route;
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

/**
 * Matches `path` against a pattern such as `/orders/:id`; answers the decoded parameters, or null.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = trimSlash(pattern).split('/');
  const have = trimSlash(path).split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}
