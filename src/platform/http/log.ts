/**
 * What the server's log may hold: what went wrong and where, never a secret or a customer's data.
 * The server logs warnings and errors only (no line per request, so no URLs, addresses or headers),
 * and an error is written with an allowlist of its fields: PostgreSQL's `detail` names the values of
 * the row that failed (`Key (customer_email)=(…)`, `Failing row contains (…)`), and an HTTP client's
 * error may carry the request it made, with its headers.
 */
import type { FastifyServerOptions } from 'fastify';

interface LoggedError {
  readonly [field: string]: unknown;
  readonly type: string;
  readonly message: string;
  readonly stack: string;
  readonly code?: unknown;
  /** Which constraint, table or column a database error is about: names, never values. */
  readonly constraint?: unknown;
  readonly table?: unknown;
  readonly column?: unknown;
  readonly cause?: LoggedError;
}

const causesMax = 5;

/** The allowlisted fields of an error and of its causes. */
export function loggedError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error))
    return { type: typeof error, message: 'a value was thrown that is not an Error', stack: '' };
  const fields = error as Error & Record<string, unknown>;
  const named = (key: string) => (fields[key] === undefined ? {} : { [key]: fields[key] });
  return {
    type: error.name,
    message: error.message,
    stack: error.stack ?? '',
    ...named('code'),
    ...named('constraint'),
    ...named('table'),
    ...named('column'),
    ...(error.cause === undefined || depth >= causesMax
      ? {}
      : { cause: loggedError(error.cause, depth + 1) }),
  };
}

/** The logger of `affluence serve`: warnings and errors, written as above. */
export function serverLogger(): FastifyServerOptions['logger'] {
  return { level: 'warn', serializers: { err: loggedError } };
}
