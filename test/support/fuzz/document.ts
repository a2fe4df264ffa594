/** The operations of the OpenAPI document the app serves, in the shape the fuzzer builds requests from. */

/** A JSON Schema as the document writes it (TypeBox's output, through @fastify/swagger). */
export type Schema = {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly default?: unknown;
};

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

/**
 * How a route reads its body: `json`, parsed and checked against `schema`; `none`, no body is
 * declared (a JSON body is still parsed, then left unread); `raw`, the bytes are the route's whatever
 * their media type (the file upload); `signed`, bytes whose signature is the credential (the
 * payment providers' webhooks): without a valid one every request is refused.
 */
export type BodyKind =
  | { readonly kind: 'json'; readonly schema: Schema }
  | { readonly kind: 'none' }
  | { readonly kind: 'raw' }
  | { readonly kind: 'signed' };

export interface Operation {
  /** `POST /v1/orders`, as the document names it. */
  readonly name: string;
  readonly method: Method;
  /** The path template, `/v1/orders/{id}`. */
  readonly path: string;
  /** The scope its key needs; null for the public operations. */
  readonly scope: 'admin' | 'storefront' | null;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  readonly headerParams: readonly Parameter[];
  readonly body: BodyKind;
  /** A live stream that answers for as long as it is open: only ever sent requests refused at the door. */
  readonly streams: boolean;
}

interface DocumentOperation {
  readonly 'x-scope'?: 'admin' | 'storefront';
  readonly security?: unknown[];
  readonly parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  readonly requestBody?: { content: Record<string, { schema: Schema }> };
  readonly responses?: Record<string, { description?: string }>;
}

export interface Document {
  readonly paths: Record<string, Partial<Record<Lowercase<Method>, DocumentOperation>>>;
}

/** Writes change state: a request with one of these methods must be refused when its input is bad. */
export const writeMethods: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bodyOf(operation: DocumentOperation): BodyKind {
  if (operation.security !== undefined && operation.security.length === 0) return { kind: 'signed' };
  const content = operation.requestBody?.content;
  if (content === undefined) return { kind: 'none' };
  const json = content['application/json'];
  return json === undefined ? { kind: 'raw' } : { kind: 'json', schema: json.schema };
}

export function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]): Operation => {
      const parameters = operation!.parameters ?? [];
      const of = (where: string) =>
        parameters
          .filter((parameter) => parameter.in === where)
          .map((parameter) => ({
            name: parameter.name,
            required: parameter.required === true,
            schema: parameter.schema,
          }));
      return {
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Method,
        path,
        scope: operation!['x-scope'] ?? null,
        pathParams: of('path'),
        queryParams: of('query'),
        headerParams: of('header'),
        body: bodyOf(operation!),
        streams: operation!.responses?.['200']?.description === 'text/event-stream',
      };
    }),
  );
}
