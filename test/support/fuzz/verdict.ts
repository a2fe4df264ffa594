/** What is wrong with an answer to a hostile request, and the request told so that a person can replay it. */
import type { LightMyRequestResponse } from 'fastify';
import { errorCatalog } from '../../../src/platform/core/errors.js';
import { writeMethods } from './document.js';
import type { FuzzRequest } from './requests.js';

const cut = (text: string, length: number) =>
  text.length <= length ? text : `${text.slice(0, length)}… (${text.length} characters)`;

/** The problems of one answer: empty when it is a fair answer to the request. */
export function problemsOf(request: FuzzRequest, response: LightMyRequestResponse): string[] {
  const status = response.statusCode;
  if (status >= 500) return [`answered ${status}: ${cut(response.body, 500)}`];
  if (status < 400) {
    if (writeMethods.has(request.operation.method))
      return [
        `a write accepted from malformed input (${request.refusals.join('; ') || 'by design'}): ${status} ${cut(response.body, 300)}`,
      ];
    if (request.refusals.length > 0)
      return [
        `accepted a request it must refuse (${request.refusals.join('; ')}): ${status} ${cut(response.body, 300)}`,
      ];
    return [];
  }
  return errorShapeProblems(response);
}

/** Every error is `{error: {code, message, details?}}`, its code from the catalog with this status. */
function errorShapeProblems(response: LightMyRequestResponse): string[] {
  const status = response.statusCode;
  const shown = `${status} ${response.headers['content-type'] ?? '(no content type)'} ${cut(response.body, 300)}`;
  if (!/^application\/json/.test(String(response.headers['content-type'] ?? '')))
    return [`an error that is not JSON: ${shown}`];
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [`an error body that does not parse: ${shown}`];
  }
  const error = (body as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (
    typeof body !== 'object' ||
    body === null ||
    Object.keys(body).join() !== 'error' ||
    typeof error !== 'object'
  )
    return [`an error not in the one format: ${shown}`];
  const problems: string[] = [];
  const extra = Object.keys(error).filter((key) => !['code', 'message', 'details'].includes(key));
  if (extra.length > 0) problems.push(`an error with fields of its own (${extra.join(', ')}): ${shown}`);
  const code = error.code;
  if (typeof code !== 'string' || !Object.hasOwn(errorCatalog, code))
    problems.push(`an error code outside the catalog: ${shown}`);
  else if (errorCatalog[code as keyof typeof errorCatalog] !== status)
    problems.push(
      `the code ${code} is ${errorCatalog[code as keyof typeof errorCatalog]} in the catalog: ${shown}`,
    );
  if (typeof error.message !== 'string' || error.message.length === 0)
    problems.push(`an error without a message: ${shown}`);
  return problems;
}

/** The request as a person would replay it: method and URL, headers, the start of the body, and what was done to it. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.entries(request.headers).map(
    ([name, value]) => `  ${name}: ${cut(JSON.stringify(value), 200)}`,
  );
  return [
    `${request.method} ${cut(request.url, 400)}`,
    ...headers.slice(0, 20),
    ...(headers.length > 20 ? [`  … and ${headers.length - 20} more headers`] : []),
    request.payload === undefined ? '  (no body)' : `  body: ${cut(JSON.stringify(request.payload), 400)}`,
    `  operation: ${request.operation.name}`,
    `  mutations: ${request.mutations.join(' | ')}`,
    `  must be refused for: ${request.refusals.length === 0 ? '(nothing: may be accepted)' : request.refusals.join('; ')}`,
  ].join('\n');
}
