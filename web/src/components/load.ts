/** Loads what a page shows from the API, and again on demand after a change. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [version, setVersion] = useState(0);
  // The caller names what the load depends on.
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
      },
      (failure: ApiError) => {
        if (current) setError(failure);
      },
    );
    // An answer to an earlier query must not overwrite a later one's.
    return () => {
      current = false;
    };
  }, [...inputs, version]);
  const reload = useCallback(() => setVersion((count) => count + 1), []);
  return { data, error, reload };
}
