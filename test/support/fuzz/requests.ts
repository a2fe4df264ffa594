/**
 * A request being made hostile (a draft every mutation edits), the request it becomes, and the
 * fuzzer's judgement of it: the reasons the server must refuse it, worked out from the document's
 * schemas and the server's documented rules, never from its answer.
 */
import { parse as parseQuery } from 'node:querystring';
import type { HTTPMethods } from 'fastify';
import { limits } from '../../../src/platform/core/limits.js';
import type { Operation } from './document.js';
import { type Loose, toJsonText } from './json-text.js';
import { bodyIsValid, textIsValid, textPartSchema } from './schemas.js';

/** Who a request authenticates as, if its Authorization header works: the judge reads this, not the header. */
export type Principal = 'admin' | 'storefront' | null;

export type DraftBody =
  | { readonly kind: 'absent' }
  | { readonly kind: 'json'; readonly value: Loose }
  | { readonly kind: 'text'; readonly text: string };

export interface Draft {
  /** The operation's own, or one no route of the API has. */
  method: HTTPMethods;
  /** Each path parameter as written in the URL (percent-encoded, or not quite). */
  path: Record<string, string>;
  /** Query parameters as written in the URL; a null value is a bare name. */
  query: [string, string | null][];
  headers: Record<string, string>;
  /** The Authorization header, absent when undefined, and whom it stands for. */
  authorization: string | undefined;
  principal: Principal;
  body: DraftBody;
  /** The Content-Type header; null sends none. */
  contentType: string | null;
  /** What was done to the request, in order, for the report. */
  mutations: string[];
}

/** One request as sent, with why it must be refused (nothing when the server may accept it). */
export interface FuzzRequest {
  readonly operation: Operation;
  readonly method: HTTPMethods;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload: string | undefined;
  readonly mutations: readonly string[];
  readonly refusals: readonly string[];
  readonly remoteAddress: string;
}

/**
 * Media types the server's JSON parser takes (`true`), refuses with 415 (`false`), or that the
 * fuzzer does not judge (`undefined`): those count for nothing either way.
 */
export const contentTypes: readonly (readonly [string, boolean | undefined])[] = [
  ['application/json', true],
  ['application/json; charset=utf-8', true],
  ['APPLICATION/JSON', true],
  ['application/json;charset=UTF-8', true],
  ['application/xml', false],
  ['text/plain', false],
  ['text/html', false],
  ['application/x-www-form-urlencoded', false],
  ['multipart/form-data; boundary=fuzz', false],
  ['application/octet-stream', false],
  ['image/png', false],
  ['application/jsonx', false],
  ['application/json-patch+json', undefined],
  ['application/vnd.api+json', undefined],
  ['text/json', undefined],
  ['*/*', undefined],
  ['application/json, text/plain', undefined],
  [' application/json', undefined],
  ['', undefined],
];

const contentTypeVerdicts = new Map(contentTypes);

function jsonTaken(contentType: string | null): boolean | undefined {
  if (contentType === null) return false;
  return contentTypeVerdicts.get(contentType);
}

/** The router's limit on a decoded path parameter (Fastify's default, as the server sets it). */
const pathParameterLengthMax = 100;

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A leading byte-order mark is dropped by the server's JSON parser before parsing. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return undefined;
  }
}

/** `__proto__` anywhere, or `constructor.prototype`: the server refuses such bodies outright. */
function poisoned(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (Object.hasOwn(current, '__proto__')) return true;
    const maker = (current as Record<string, unknown>).constructor;
    if (Object.hasOwn(current, 'constructor') && typeof maker === 'object' && maker !== null) {
      if (Object.hasOwn(maker, 'prototype')) return true;
    }
    for (const each of Object.values(current)) stack.push(each);
  }
  return false;
}

/**
 * The payload as it goes on the wire: UTF-8, where a lone surrogate half cannot be written and
 * arrives as U+FFFD; the judge reads what the server will read.
 */
function payloadOf(body: DraftBody): string | undefined {
  if (body.kind === 'absent') return undefined;
  const text = body.kind === 'json' ? toJsonText(body.value) : body.text;
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The reasons a JSON-parsed body must be refused (the body's own rules apply only when it has a schema). */
function bodyRefusals(operation: Operation, draft: Draft, payload: string | undefined): string[] {
  const { body } = operation;
  if (operation.method === 'GET' || body.kind === 'raw') return [];
  if (body.kind === 'signed') return ['no valid signature'];
  // An empty payload without a media type is no body at all.
  if (payload === undefined || (payload === '' && draft.contentType === null))
    return body.kind === 'json' ? ['no body'] : [];
  const taken = jsonTaken(draft.contentType);
  if (taken === false) return ['a media type it does not take'];
  if (taken === undefined) return [];
  if (payload === '') return ['an empty JSON body'];
  if (Buffer.byteLength(payload) > limits.bodyBytesMax) return ['a body past its limit'];
  const parsed = parseJson(payload);
  if (parsed === undefined) return ['a body that is not JSON'];
  if (poisoned(parsed.value)) return ['a prototype-poisoning body'];
  if (body.kind === 'json' && !bodyIsValid(body.schema, parsed.value)) return ['a body its schema refuses'];
  return [];
}

function pathRefusals(operation: Operation, draft: Draft): string[] {
  if (operation.pathParams.length === 0) return [];
  const values: Record<string, string> = {};
  for (const parameter of operation.pathParams) {
    const written = draft.path[parameter.name] ?? '';
    if (written === '') return ['an empty path segment'];
    const value = decoded(written);
    if (value === undefined) return ['a path that is not percent-encoded UTF-8'];
    if (value.length > pathParameterLengthMax) return ['a path parameter past the router’s limit'];
    values[parameter.name] = value;
  }
  return textIsValid(textPartSchema(operation.pathParams, false), values)
    ? []
    : ['a path parameter its schema refuses'];
}

function queryRefusals(operation: Operation, draft: Draft): string[] {
  // A route that declares no query string reads none, whatever is sent.
  if (operation.queryParams.length === 0) return [];
  // Bytes that are not UTF-8 are read differently by parsers; such a query is not judged.
  if (
    draft.query.some(
      ([name, value]) => decoded(name) === undefined || (value !== null && decoded(value) === undefined),
    )
  )
    return [];
  const text = draft.query.map(([name, value]) => (value === null ? name : `${name}=${value}`)).join('&');
  const values = { ...parseQuery(text) } as Record<string, unknown>;
  return textIsValid(textPartSchema(operation.queryParams, true), values)
    ? []
    : ['a query its schema refuses'];
}

function headerRefusals(operation: Operation, draft: Draft): string[] {
  if (operation.headerParams.length === 0) return [];
  const values = Object.fromEntries(
    Object.entries(draft.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return textIsValid(textPartSchema(operation.headerParams, false), values)
    ? []
    : ['a header its schema refuses'];
}

function authRefusals(operation: Operation, draft: Draft): string[] {
  if (operation.scope === null) return [];
  if (draft.principal === null) return ['no valid API key'];
  if (operation.scope === 'admin' && draft.principal === 'storefront') return ['a key without the scope'];
  return [];
}

/** The request a draft stands for, judged. */
export function render(operation: Operation, draft: Draft, remoteAddress: string): FuzzRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => draft.path[name] ?? '');
  const query = draft.query.map(([name, value]) => (value === null ? name : `${name}=${value}`)).join('&');
  const payload = payloadOf(draft.body);
  const headers: Record<string, string> = { ...draft.headers };
  if (draft.authorization !== undefined) headers.authorization = draft.authorization;
  if (draft.contentType !== null) headers['content-type'] = draft.contentType;
  const refusals = [
    ...(draft.method === operation.method ? [] : ['a method no route has']),
    ...authRefusals(operation, draft),
    ...pathRefusals(operation, draft),
    ...queryRefusals(operation, draft),
    ...headerRefusals(operation, draft),
    ...bodyRefusals(operation, draft, payload),
  ];
  return {
    operation,
    method: draft.method,
    url: query === '' ? path : `${path}?${query}`,
    headers,
    payload,
    mutations: draft.mutations,
    refusals,
    remoteAddress,
  };
}
