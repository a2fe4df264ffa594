/** The admin key the page signs in with: kept in sessionStorage, so closing the tab signs out. */
import { useEffect, useState } from 'preact/hooks';

const storageKey = 'affluence.adminKey';
const listeners = new Set<() => void>();
/** Why the last session ended, shown on the sign-in page (a key revoked while the wall was open). */
let endedBecause: string | null = null;

export function currentKey(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function signIn(key: string): void {
  sessionStorage.setItem(storageKey, key);
  endedBecause = null;
  for (const listener of listeners) listener();
}

export function signOut(reason: string | null = null): void {
  sessionStorage.removeItem(storageKey);
  endedBecause = reason;
  for (const listener of listeners) listener();
}

export function sessionEndReason(): string | null {
  return endedBecause;
}

/** The key, re-rendering its component when someone signs in or out. */
export function useKey(): string | null {
  const [key, setKey] = useState(currentKey);
  useEffect(() => {
    const changed = () => setKey(currentKey());
    listeners.add(changed);
    return () => {
      listeners.delete(changed);
    };
  }, []);
  return key;
}
