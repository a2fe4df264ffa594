/**
 * The hostile requests of one operation, as a fast-check arbitrary: a valid-looking request (real ids
 * in the path, the required query, a body drawn from its schema, a key with the scope), one to three
 * mutations of any kind, and for a write one more the server must refuse it for, applied last.
 */
import fc from 'fast-check';
import { type Operation, type Parameter, writeMethods } from './document.js';
import { anyMutation, encodeSegment, fatalMutation, type Keys, type Mutation, textOf } from './mutations.js';
import { type Draft, type DraftBody, type FuzzRequest, type Principal, render } from './requests.js';
import { validValue } from './schemas.js';

/**
 * Existing values of parameters: by `METHOD /path:name` (a list's cursor), `resource:name` or
 * `*:name` (see `openFuzzShop`).
 */
export type KnownValues = ReadonlyMap<string, readonly string[]>;

interface Base {
  readonly path: Record<string, string>;
  readonly query: [string, string][];
  readonly idempotencyKey: string;
  readonly body: DraftBody;
  readonly principal: Principal;
}

/** The first static segment after `/v1/`: what the path's parameters name (`orders` in `/v1/orders/{id}`). */
const resourceOf = (path: string) => path.split('/')[2] ?? '';

const sampleFiles = [
  'sku,location,quantity\nFUZZ-MUG,paris,1\n',
  '{"sku":"FUZZ-MUG","location":"paris","quantity":1}\n',
  'sku;location\n\u0000\n',
  '',
];

const dayMs = 24 * 60 * 60 * 1000;
/** Where a window starts and ends, by the name of its bound: the last week, so that reads find things. */
const windowOffsetsMs: Record<string, number> = {
  from: -7 * dayMs,
  since: -7 * dayMs,
  created_after: -7 * dayMs,
  to: dayMs,
  until: dayMs,
  on: 0,
};

/** A window's bound, written as its schema wants it (an instant, or a day). */
function windowBound(parameter: Parameter): string | undefined {
  const offsetMs = windowOffsetsMs[parameter.name];
  if (offsetMs === undefined) return undefined;
  const at = new Date(Date.now() + offsetMs).toISOString();
  if (parameter.schema.format === 'date-time') return at;
  return parameter.schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$' ? at.slice(0, 10) : undefined;
}

/** A value of a parameter as written in a URL: an existing one when the shop has some, else one drawn from its schema. */
function parameterValue(
  operation: Operation,
  parameter: Parameter,
  known: KnownValues,
): fc.Arbitrary<string> {
  const existing = [
    ...(known.get(`${operation.name}:${parameter.name}`) ??
      known.get(`${resourceOf(operation.path)}:${parameter.name}`) ??
      known.get(`*:${parameter.name}`) ??
      []),
    ...[windowBound(parameter)].filter((each) => each !== undefined),
  ];
  const made = validValue(parameter.schema).map((value) => encodeSegment(textOf(value)));
  if (existing.length === 0) return made;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...existing.map(encodeSegment)) },
    { weight: 1, arbitrary: made },
  );
}

function baseOf(operation: Operation, known: KnownValues): fc.Arbitrary<Base> {
  const path = fc.record(
    Object.fromEntries(
      operation.pathParams.map((parameter) => [parameter.name, parameterValue(operation, parameter, known)]),
    ),
  );
  const query = fc
    .tuple(
      ...operation.queryParams.map((parameter) => {
        const value = parameterValue(operation, parameter, known).map((each): [string, string][] => [
          [parameter.name, each],
        ]);
        // The optional ones now and then: a read is asked mostly what it is asked most.
        const absent: [string, string][] = [];
        return parameter.required
          ? value
          : fc.oneof({ weight: 2, arbitrary: fc.constant(absent) }, { weight: 1, arbitrary: value });
      }),
    )
    .map((pairs) => pairs.flat());
  const body: fc.Arbitrary<DraftBody> =
    operation.body.kind === 'json'
      ? validValue(operation.body.schema).map((value) => ({ kind: 'json', value }))
      : operation.body.kind === 'raw' || operation.body.kind === 'signed'
        ? fc.constantFrom(...sampleFiles).map((text) => ({ kind: 'text', text }))
        : fc.constant({ kind: 'absent' });
  const principal: fc.Arbitrary<Principal> =
    operation.scope === 'admin'
      ? fc.constant('admin')
      : operation.scope === 'storefront'
        ? fc.constantFrom<Principal>('admin', 'storefront')
        : fc.constant(null);
  return fc.record({ path, query, idempotencyKey: fc.uuid(), body, principal });
}

function draftOf(operation: Operation, base: Base, keys: Keys): Draft {
  const headers: Record<string, string> = {};
  if (operation.headerParams.some((parameter) => parameter.name === 'idempotency-key'))
    headers['idempotency-key'] = `fuzz-${base.idempotencyKey}`;
  return {
    method: operation.method,
    path: { ...base.path },
    query: [...base.query],
    headers,
    authorization: base.principal === null ? undefined : `Bearer ${keys[base.principal]}`,
    principal: base.principal,
    body: base.body,
    contentType:
      operation.body.kind === 'json'
        ? 'application/json'
        : operation.body.kind === 'none'
          ? null
          : 'text/csv',
    mutations: [],
  };
}

/** Each request comes from an address of its own on this machine: the keyless rate limit counts per address. */
const addressOf = (index: number) => `127.0.${(index >> 8) & 255}.${index & 255}`;

export function requestArbitrary(
  operation: Operation,
  keys: Keys,
  known: KnownValues,
): fc.Arbitrary<FuzzRequest> {
  const mustRefuse = writeMethods.has(operation.method) || operation.streams;
  const none: fc.Arbitrary<Mutation | undefined> = fc.constant(undefined);
  return fc
    .record({
      base: baseOf(operation, known),
      mutations: fc.array(anyMutation(operation, keys), { minLength: 1, maxLength: 3 }),
      fatal: mustRefuse ? fatalMutation(operation, keys) : none,
      address: fc.nat(65_535),
    })
    .map(({ base, mutations, fatal, address }) => {
      const draft = draftOf(operation, base, keys);
      for (const mutation of [...mutations, ...(fatal === undefined ? [] : [fatal])]) {
        const noted = draft.mutations.length;
        mutation.apply(draft);
        if (draft.mutations.length === noted) draft.mutations.push(mutation.name);
      }
      return render(operation, draft, addressOf(address));
    });
}
