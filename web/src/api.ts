/** Calls the Affluence API with the signed-in key; a refusal becomes an ApiError carrying the API's own message. */
import type { ErrorBody } from '../../src/platform/http/schemas.js';
import { currentKey, signOut } from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The API's error body, each part optional: a refused answer may come from a proxy, not the API. */
type MaybeErrorBody = { error?: Partial<ErrorBody['error']> };

export function authorization(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** The API's error of a refused answer, or a plain one when the body is not the API's (a proxy's page). */
export async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as MaybeErrorBody;
  return new ApiError(
    response.status,
    body.error?.code ?? 'http_error',
    body.error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
    body.error?.details,
  );
}

/**
 * One API call as the signed-in admin, its answer unread. A 401 means the key stopped working
 * (revoked, or the store was reset): the page signs out rather than showing every panel broken.
 */
export async function request(
  method: string,
  path: string,
  body?: unknown,
  key = currentKey(),
): Promise<Response> {
  if (key === null) throw new ApiError(401, 'unauthorized', 'Sign in with an admin key first.');
  const headers: Record<string, string> = authorization(key);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.ok) return response;
  const error = await errorOf(response);
  if (response.status === 401 && key === currentKey()) signOut(error.message);
  throw error;
}

/** One API call as the signed-in admin, its JSON answer read. */
export async function api<T>(method: string, path: string, body?: unknown, key = currentKey()): Promise<T> {
  const response = await request(method, path, body, key);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** A query string of the values given, skipping empty ones. */
export function query(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
