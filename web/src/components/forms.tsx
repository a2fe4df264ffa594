/** What every form shares: the API's refusal shown as it worded it, a call that keeps it, labelled fields. */
import { cloneElement, type VNode } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError } from '../api.js';

interface FieldIssue {
  path?: string;
  message?: string;
  property?: string;
}

/** The refusal as the API worded it, with the fields it names (validation_failed details). */
export function ErrorNote({ error }: { error: ApiError | Error | undefined | null }) {
  if (error === undefined || error === null) return null;
  const issues =
    error instanceof ApiError && typeof error.details === 'object' && error.details !== null
      ? ((error.details as { errors?: FieldIssue[] }).errors ?? [])
      : [];
  return (
    <div class="error-note" role="alert">
      <strong>{error.message}</strong>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}${issue.property}`}>
              {[issue.path, issue.property].filter(Boolean).join(' ')} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface Action {
  readonly busy: boolean;
  readonly error: Error | undefined;
  /** Runs the call; answers whether it succeeded (the error is kept for ErrorNote otherwise). */
  run(call: () => Promise<unknown>): Promise<boolean>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  return {
    busy,
    error,
    async run(call) {
      setBusy(true);
      setError(undefined);
      try {
        await call();
        return true;
      } catch (failure) {
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        return false;
      } finally {
        setBusy(false);
      }
    },
    clear: () => setError(undefined),
  };
}

/**
 * A labelled control. The label points at the control by id rather than wrapping it: a wrapped
 * select would lend its chosen option to the label's name ("Status any").
 */
export function Field({ label, children }: { label: string; children: VNode<{ id?: string }> }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}

/** A value read from an input event, typed. */
export function inputValue(event: Event): string {
  return (event.currentTarget as HTMLInputElement).value;
}
