/**
 * What the fuzzer does to a valid-looking request, part by part: the credentials, the path, the
 * query, the headers and the body. Every mutation is drawn by fast-check as plain data (so that a
 * failure shrinks) and applied to a draft; `fatalMutation` draws only mutations the server must
 * refuse, the one every write request carries.
 */
import fc from 'fast-check';
import type { HTTPMethods } from 'fastify';
import { limits } from '../../../src/platform/core/limits.js';
import type { Operation, Parameter } from './document.js';
import { hostileJson, hostileKey, hostileNumberTexts, hostileString } from './hostile.js';
import { Entries, type Loose, placesOf, RawJson, replaceAt, toJsonText, valueAt } from './json-text.js';
import { contentTypes, type Draft, type Principal } from './requests.js';
import { breakingValues, edgeValues, schemaAt } from './schemas.js';

export interface Mutation {
  readonly name: string;
  /** Edits the draft; notes in `draft.mutations` what it did when that says more than its name. */
  apply(draft: Draft): void;
}

export interface Keys {
  readonly admin: string;
  readonly storefront: string;
}

const excerpt = (text: string, length = 60) =>
  text.length <= length
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, length))}… (${text.length} chars)`;

/** How a value is written as text in a path, a query or a header. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof RawJson) return value.text;
  return toJsonText(value);
}

/**
 * Percent-encodes a string for a URL as a client would; a lone surrogate half, which UTF-8 cannot
 * hold, is written as the bytes a careless encoder produces (`%ED%A0%80`), which are not UTF-8.
 */
export function encodeSegment(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  // `.` and `..` are resolved away by URL parsing: they would reach another route, not this one.
  return /^(\.|%2e){1,2}$/i.test(out) ? `${out}x` : out;
}

/**
 * A header value as it arrives over HTTP/1.1: the text's UTF-8 bytes, read one byte per character,
 * without the control characters Node's parser refuses before any route runs.
 */
export function headerText(text: string): string {
  const bytes = [...Buffer.from(text, 'utf8')].filter(
    (byte) => byte === 0x09 || (byte >= 0x20 && byte !== 0x7f),
  );
  return Buffer.from(bytes).toString('latin1');
}

/** Percent sequences that are not UTF-8 or not percent-encoding at all, and other path trouble. */
const brokenEncodings = [
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  'a%',
  '%%',
  '%u0041',
  '%00',
  '%2F',
  '%0A',
];

/** A hostile text for a parameter: breaking its schema, tricky, numeric, or not encoded right. */
function parameterText(parameter: Parameter): fc.Arbitrary<{ text: string; encoded: boolean }> {
  const breaking = breakingValues(parameter.schema).map(textOf);
  return fc.oneof(
    ...(breaking.length > 0
      ? [{ weight: 3, arbitrary: fc.constantFrom(...breaking).map((text) => ({ text, encoded: false })) }]
      : []),
    { weight: 3, arbitrary: hostileString.map((text) => ({ text, encoded: false })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...hostileNumberTexts).map((text) => ({ text, encoded: false })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...brokenEncodings).map((text) => ({ text, encoded: true })) },
  );
}

const written = ({ text, encoded }: { text: string; encoded: boolean }) =>
  encoded ? text : encodeSegment(text);

// ---------------------------------------------------------------------------------------------
// Credentials

interface Credential {
  readonly header: string | undefined;
  readonly principal: Principal;
  readonly what: string;
}

function badCredentials(keys: Keys): fc.Arbitrary<Credential> {
  const { admin } = keys;
  const bad = (header: string | undefined, what: string): Credential => ({ header, principal: null, what });
  return fc.oneof(
    fc.constantFrom(
      bad(undefined, 'no Authorization'),
      bad('Basic YWRtaW46YWRtaW4=', 'Basic credentials'),
      bad('Bearer', 'a scheme without a key'),
      bad('Bearer ', 'a scheme and a space'),
      bad('Bearer aff_not-a-key', 'an unknown key'),
      bad(`Bearer ${admin}x`, 'the admin key and one more character'),
      bad(`Bearer ${admin.slice(0, -1)}`, 'the admin key less its last character'),
      bad(`Bearer ${admin} ${admin}`, 'the admin key twice'),
      bad(`Bearer ${admin}, Bearer ${admin}`, 'two keys in one header'),
      bad(`Token ${admin}`, 'another scheme'),
      bad(admin, 'the key without a scheme'),
      bad(`Bearer ${'A'.repeat(65_536)}`, 'a 64 KiB key'),
      bad('Bearer null', 'the key null'),
      bad('Bearer eyJhbGciOiJub25lIn0.eyJzY29wZSI6ImFkbWluIn0.', 'an unsigned JWT'),
    ),
    hostileString.map((text) => bad(`Bearer ${headerText(text)}`, `the key ${excerpt(text, 20)}`)),
  );
}

function credentials(keys: Keys): fc.Arbitrary<Credential> {
  const good = (header: string, principal: Principal, what: string): Credential => ({
    header,
    principal,
    what,
  });
  return fc.oneof(
    { weight: 4, arbitrary: badCredentials(keys) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        good(`Bearer ${keys.storefront}`, 'storefront', 'the storefront key'),
        good(`bearer ${keys.admin}`, 'admin', 'the admin key, scheme in lower case'),
        good(`Bearer \t ${keys.admin}  `, 'admin', 'the admin key among blanks'),
      ),
    },
  );
}

const authMutation = (credential: fc.Arbitrary<Credential>): fc.Arbitrary<Mutation> =>
  credential.map((each) => ({
    name: `credentials: ${each.what}`,
    apply(draft) {
      draft.authorization = each.header;
      draft.principal = each.principal;
    },
  }));

/** Bad credentials, or a key without the operation's scope: refused at the door. */
function refusedAtTheDoor(operation: Operation, keys: Keys): fc.Arbitrary<Mutation> {
  const storefrontOnAdmin: Credential[] =
    operation.scope === 'admin'
      ? [{ header: `Bearer ${keys.storefront}`, principal: 'storefront', what: 'the storefront key' }]
      : [];
  return authMutation(
    storefrontOnAdmin.length === 0
      ? badCredentials(keys)
      : fc.oneof(badCredentials(keys), fc.constantFrom(...storefrontOnAdmin)),
  );
}

// ---------------------------------------------------------------------------------------------
// Path

function pathMutation(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  if (operation.pathParams.length === 0) return undefined;
  return fc.oneof(
    ...operation.pathParams.map((parameter) =>
      fc
        .oneof(
          { weight: 8, arbitrary: parameterText(parameter).map(written) },
          { weight: 1, arbitrary: fc.integer({ min: 101, max: 400 }).map((length) => 'a'.repeat(length)) },
          { weight: 1, arbitrary: fc.constantFrom('%41'.repeat(40), '') },
        )
        .map(
          (segment): Mutation => ({
            name: `path {${parameter.name}} = ${excerpt(segment)}`,
            apply(draft) {
              draft.path[parameter.name] = segment;
            },
          }),
        ),
    ),
  );
}

/** A path parameter the router or its schema refuses. */
function refusedPath(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  if (operation.pathParams.length === 0) return undefined;
  return fc.oneof(
    ...operation.pathParams.map((parameter) => {
      const breaking = breakingValues(parameter.schema).map((value) => encodeSegment(textOf(value)));
      return fc
        .oneof(
          fc.constantFrom(...brokenEncodings.filter((text) => text !== '%2F')),
          fc.integer({ min: 101, max: 400 }).map((length) => 'b'.repeat(length)),
          ...(breaking.length > 0 ? [fc.constantFrom(...breaking)] : []),
        )
        .map(
          (segment): Mutation => ({
            name: `path {${parameter.name}} = ${excerpt(segment)}`,
            apply(draft) {
              draft.path[parameter.name] = segment;
            },
          }),
        );
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Query

const setQuery = (draft: Draft, name: string, value: string | null) => {
  draft.query = [...draft.query.filter(([each]) => each !== name), [name, value]];
};

function queryMutation(operation: Operation): fc.Arbitrary<Mutation> {
  const declared = operation.queryParams;
  const unknown = fc.tuple(hostileKey, hostileString).map(
    ([name, value]): Mutation => ({
      name: `query: unknown ${excerpt(name, 20)} = ${excerpt(value)}`,
      apply(draft) {
        draft.query = [...draft.query, [encodeSegment(name), encodeSegment(value)]];
      },
    }),
  );
  const broken = fc.constantFrom(...brokenEncodings).map(
    (text): Mutation => ({
      name: `query: ${text} as a name and a value`,
      apply(draft) {
        draft.query = [...draft.query, [text, text]];
      },
    }),
  );
  const huge = fc.constantFrom(1_000, 5_000).map(
    (count): Mutation => ({
      name: `query: ${count} parameters`,
      apply(draft) {
        draft.query = [
          ...draft.query,
          ...Array.from({ length: count }, (_, index): [string, string] => [`p${index}`, 'x']),
        ];
      },
    }),
  );
  if (declared.length === 0) return fc.oneof(unknown, broken, huge);
  const set = fc.constantFrom(...declared).chain((parameter) =>
    parameterText(parameter).map(
      (value): Mutation => ({
        name: `query ${parameter.name} = ${excerpt(value.text)}`,
        apply(draft) {
          setQuery(draft, parameter.name, written(value));
        },
      }),
    ),
  );
  const dropped = fc.constantFrom(...declared).map(
    (parameter): Mutation => ({
      name: `query: no ${parameter.name}`,
      apply(draft) {
        draft.query = draft.query.filter(([name]) => name !== parameter.name);
      },
    }),
  );
  const twice = fc.tuple(fc.constantFrom(...declared), hostileString).map(
    ([parameter, value]): Mutation => ({
      name: `query ${parameter.name} twice, then ${excerpt(value)}`,
      apply(draft) {
        const first = draft.query.find(([name]) => name === parameter.name)?.[1] ?? '1';
        draft.query = [...draft.query, [parameter.name, first], [parameter.name, encodeSegment(value)]];
      },
    }),
  );
  const bare = fc.constantFrom(...declared).map(
    (parameter): Mutation => ({
      name: `query: ${parameter.name} without a value`,
      apply(draft) {
        setQuery(draft, parameter.name, null);
      },
    }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: set },
    { weight: 2, arbitrary: dropped },
    { weight: 1, arbitrary: twice },
    { weight: 1, arbitrary: bare },
    { weight: 1, arbitrary: unknown },
    { weight: 1, arbitrary: broken },
    { weight: 1, arbitrary: huge },
  );
}

/** A declared query parameter its schema refuses, or a required one missing. */
function refusedQuery(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  const declared = operation.queryParams;
  if (declared.length === 0) return undefined;
  const candidates = declared.flatMap((parameter) =>
    breakingValues(parameter.schema).map((value) => [parameter.name, encodeSegment(textOf(value))] as const),
  );
  const required = declared.filter(
    (parameter) => parameter.required && parameter.schema.default === undefined,
  );
  return fc.oneof(
    ...(candidates.length > 0
      ? [
          fc.constantFrom(...candidates).map(
            ([name, value]): Mutation => ({
              name: `query ${name} = ${excerpt(value)}`,
              apply(draft) {
                setQuery(draft, name, value);
              },
            }),
          ),
        ]
      : []),
    ...(required.length > 0
      ? [
          fc.constantFrom(...required).map(
            (parameter): Mutation => ({
              name: `query: no ${parameter.name}`,
              apply(draft) {
                draft.query = draft.query.filter(([name]) => name !== parameter.name);
              },
            }),
          ),
        ]
      : []),
    fc.tuple(hostileKey, hostileString).map(
      ([name, value]): Mutation => ({
        name: `query: unknown ${excerpt(`fuzz_${name}`, 20)}`,
        apply(draft) {
          draft.query = [...draft.query, [encodeSegment(`fuzz_${name}`), encodeSegment(value)]];
        },
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Headers

const idempotencyKeys: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'x'.repeat(256), 'x'.repeat(10_000), 'a, b', 'null', '../../etc/passwd', '*'),
  hostileString.map(headerText),
);

const headerNames = [
  'user-agent',
  'accept',
  'x-request-id',
  'cookie',
  'referer',
  'x-fuzz',
  'accept-language',
  'origin',
];

function headerMutation(): fc.Arbitrary<Mutation> {
  const set = (name: string, value: string, what = `${name}: ${excerpt(value)}`): Mutation => ({
    name: `header ${what}`,
    apply(draft) {
      draft.headers[name] = value;
    },
  });
  return fc.oneof(
    { weight: 3, arbitrary: idempotencyKeys.map((value) => set('idempotency-key', value)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...headerNames), fc.constantFrom(1_000, 16_384, 65_536))
        .map(([name, length]) => set(name, 'x'.repeat(length), `${name}: ${length} characters`)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(100, 500).map(
        (count): Mutation => ({
          name: `${count} more headers`,
          apply(draft) {
            for (let index = 0; index < count; index++) draft.headers[`x-fuzz-${index}`] = String(index);
          },
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '',
          'garbage',
          'unknown, ::1',
          '999.999.999.999',
          '127.0.0.1,'.repeat(500),
          '[::1]:99999',
        )
        .map((value) => set('x-forwarded-for', value)),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('application/xml', 'text/html;q=0', '*/*;q=abc', 'x'.repeat(1_000), '')
        .map((value) => set('accept', value)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('GET', 'DELETE', 'PUT').map((value) => set('x-http-method-override', value)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...headerNames), hostileString)
        .map(([name, text]) => set(name, headerText(text))),
    },
  );
}

/** An Idempotency-Key past its limit, on the operations that declare one. */
function refusedHeader(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  const declared = operation.headerParams.find((parameter) => parameter.name === 'idempotency-key');
  if (declared === undefined) return undefined;
  const maxLength = declared.schema.maxLength ?? 255;
  return fc.constantFrom(maxLength + 1, 10_000).map(
    (length): Mutation => ({
      name: `header idempotency-key: ${length} characters`,
      apply(draft) {
        draft.headers['idempotency-key'] = 'k'.repeat(length);
      },
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Body

/** The body as a value, whatever the draft holds: an absent or textual body counts as empty. */
const bodyValue = (draft: Draft): Loose => (draft.body.kind === 'json' ? draft.body.value : {});

const setBody = (draft: Draft, value: Loose) => {
  draft.body = { kind: 'json', value };
  if (draft.contentType === null) draft.contentType = 'application/json';
};

const pointer = (at: readonly (string | number)[]) => (at.length === 0 ? '/' : `/${at.join('/')}`);

function removeAt(value: Loose, at: readonly (string | number)[]): Loose {
  const parent = at.slice(0, -1);
  const key = at.at(-1)!;
  return replaceAt(value, parent, (old) => {
    if (old instanceof Entries) return new Entries(old.entries.filter(([each]) => each !== key));
    if (Array.isArray(old)) return old.filter((_, index) => index !== key);
    const { [key as string]: _, ...rest } = old as Record<string, unknown>;
    return rest;
  });
}

/** A value in the body swapped for a hostile one, picked to break the schema of its place when it can. */
function replacedField(operation: Operation): fc.Arbitrary<Mutation> {
  const schema = operation.body.kind === 'json' ? operation.body.schema : undefined;
  return fc.tuple(fc.nat(), fc.nat(), hostileJson, fc.boolean()).map(
    ([at, pick, generic, breakingOnly]): Mutation => ({
      name: 'body: a value swapped',
      apply(draft) {
        const value = bodyValue(draft);
        const places = placesOf(value);
        const place = places[at % places.length]!;
        const breaking = breakingValues(schemaAt(schema, place));
        const candidates = breakingOnly && breaking.length > 0 ? breaking : [...breaking, generic];
        const replacement = candidates[pick % candidates.length];
        setBody(
          draft,
          replaceAt(value, place, () => replacement),
        );
        draft.mutations.push(`body ${pointer(place)} = ${excerpt(textOf(replacement))}`);
      },
    }),
  );
}

function bodyMutation(operation: Operation): fc.Arbitrary<Mutation> {
  const propertyPlace = (value: Loose, at: number) => {
    const places = placesOf(value).filter((place) => typeof place.at(-1) === 'string');
    return places.length === 0 ? undefined : places[at % places.length]!;
  };
  const objectPlace = (value: Loose, at: number) => {
    const places = placesOf(value).filter((place) => {
      const each = valueAt(value, place);
      return (
        each instanceof Entries ||
        (typeof each === 'object' && each !== null && !Array.isArray(each) && !(each instanceof RawJson))
      );
    });
    return places.length === 0 ? [] : places[at % places.length]!;
  };
  const removed = fc.nat().map(
    (at): Mutation => ({
      name: 'body: a property removed',
      apply(draft) {
        const value = bodyValue(draft);
        const place = propertyPlace(value, at);
        if (place === undefined) return;
        setBody(draft, removeAt(value, place));
        draft.mutations.push(`body: no ${pointer(place)}`);
      },
    }),
  );
  const added = fc.tuple(fc.nat(), hostileKey, hostileJson).map(
    ([at, key, extra]): Mutation => ({
      name: `body: an extra property ${excerpt(key, 20)}`,
      apply(draft) {
        const value = bodyValue(draft);
        const place = objectPlace(value, at);
        setBody(
          draft,
          replaceAt(value, place, (old) => {
            if (old instanceof Entries) return new Entries([...old.entries, [key, extra]]);
            const entries =
              typeof old === 'object' && old !== null && !Array.isArray(old) ? Object.entries(old) : [];
            return new Entries([...entries, [key, extra]]);
          }),
        );
      },
    }),
  );
  const twice = fc.tuple(fc.nat(), hostileJson, fc.boolean()).map(
    ([at, other, hostileLast]): Mutation => ({
      name: `body: a key twice, the hostile value ${hostileLast ? 'last' : 'first'}`,
      apply(draft) {
        const value = bodyValue(draft);
        const place = propertyPlace(value, at);
        if (place === undefined) return;
        const key = place.at(-1) as string;
        const original = valueAt(value, place);
        setBody(
          draft,
          replaceAt(value, place.slice(0, -1), (old) => {
            const entries = (old instanceof Entries ? old.entries : Object.entries(old as object)).filter(
              ([each]) => each !== key,
            );
            const pair: [string, unknown][] = hostileLast
              ? [
                  [key, original],
                  [key, other],
                ]
              : [
                  [key, other],
                  [key, original],
                ];
            return new Entries([...entries, ...pair]);
          }),
        );
        draft.mutations.push(
          `body: ${pointer(place)} twice, ${excerpt(textOf(other))} ${hostileLast ? 'last' : 'first'}`,
        );
      },
    }),
  );
  const whole = fc.oneof(hostileJson, fc.constant('as an array')).map(
    (replacement): Mutation => ({
      name:
        replacement === 'as an array'
          ? 'body: the body inside an array'
          : `body: ${excerpt(textOf(replacement))}`,
      apply(draft) {
        setBody(draft, replacement === 'as an array' ? [bodyValue(draft)] : replacement);
      },
    }),
  );
  const corrupted = fc
    .tuple(
      fc.constantFrom(
        'truncated',
        'inserted',
        'trailing',
        'bom',
        'single quotes',
        'trailing comma',
        'NaN',
        'comment',
      ),
      fc.nat(),
      fc.constantFrom('{', '}', '"', '\\', ',', ':', '\u0000', '\u2028', ' '),
    )
    .map(
      ([how, at, char]): Mutation => ({
        name: `body text: ${how}`,
        apply(draft) {
          const text = draft.body.kind === 'text' ? draft.body.text : toJsonText(bodyValue(draft));
          const position = text.length === 0 ? 0 : at % text.length;
          const corrupt: Record<typeof how, () => string> = {
            truncated: () => text.slice(0, position),
            inserted: () => text.slice(0, position) + char + text.slice(position),
            trailing: () => `${text}}{`,
            bom: () => `\ufeff${text}`,
            'single quotes': () => text.replaceAll('"', "'"),
            'trailing comma': () => text.replace(/([}\]])$/, ',$1'),
            NaN: () => text.replace(/:(-?\d[^,}\]]*)/, ':NaN'),
            comment: () => `/* fuzz */${text}`,
          };
          draft.body = { kind: 'text', text: corrupt[how]() };
          if (draft.contentType === null) draft.contentType = 'application/json';
        },
      }),
    );
  const mediaType = fc.constantFrom(...contentTypes.map(([type]) => type), null).map(
    (type): Mutation => ({
      name: type === null ? 'no Content-Type' : `Content-Type: ${JSON.stringify(type)}`,
      apply(draft) {
        draft.contentType = type;
        if (draft.body.kind === 'absent') draft.body = { kind: 'text', text: '{}' };
      },
    }),
  );
  const special = fc
    .constantFrom('empty', 'oversize', 'form', 'multipart', 'xml', 'none')
    .map((what): Mutation => ({ name: `body: ${what}`, apply: (draft) => specialBody(draft, what) }));
  return fc.oneof(
    { weight: 6, arbitrary: replacedField(operation) },
    { weight: 2, arbitrary: removed },
    { weight: 2, arbitrary: added },
    { weight: 2, arbitrary: twice },
    { weight: 2, arbitrary: whole },
    { weight: 2, arbitrary: corrupted },
    { weight: 2, arbitrary: mediaType },
    { weight: 1, arbitrary: special },
  );
}

let oversize: string | undefined;

function specialBody(draft: Draft, what: 'empty' | 'oversize' | 'form' | 'multipart' | 'xml' | 'none'): void {
  switch (what) {
    case 'empty':
      draft.body = { kind: 'text', text: '' };
      draft.contentType = 'application/json';
      return;
    case 'oversize':
      oversize ??= `{"name":"${'x'.repeat(limits.bodyBytesMax)}"}`;
      draft.body = { kind: 'text', text: oversize };
      draft.contentType = 'application/json';
      return;
    case 'form':
      draft.body = { kind: 'text', text: 'name=x&__proto__[admin]=1' };
      draft.contentType = 'application/x-www-form-urlencoded';
      return;
    case 'multipart':
      draft.body = {
        kind: 'text',
        text: '--fuzz\r\ncontent-disposition: form-data; name="name"\r\n\r\nx\r\n--fuzz--\r\n',
      };
      draft.contentType = 'multipart/form-data; boundary=fuzz';
      return;
    case 'xml':
      draft.body = { kind: 'text', text: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>' };
      draft.contentType = 'application/xml';
      return;
    case 'none':
      draft.body = { kind: 'absent' };
      return;
  }
}

/** A body the server must refuse, for the operations that read one as JSON. */
function refusedBody(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  if (operation.body.kind !== 'json' && operation.body.kind !== 'none') return undefined;
  const refusedTypes = contentTypes.filter(([, taken]) => taken === false).map(([type]) => type);
  const arbitraries: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...refusedTypes, null).map(
      (type): Mutation => ({
        name: type === null ? 'no Content-Type' : `Content-Type: ${JSON.stringify(type)}`,
        apply(draft) {
          draft.contentType = type;
          if (draft.body.kind === 'absent' || (draft.body.kind === 'text' && draft.body.text === ''))
            draft.body = { kind: 'text', text: '{}' };
        },
      }),
    ),
    fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", '{"a":1}}', 'NaN', '\u0000', '{"a":1,}', '"\\x"').map(
      (text): Mutation => ({
        name: `body text ${JSON.stringify(text)}`,
        apply(draft) {
          draft.body = { kind: 'text', text };
          draft.contentType = 'application/json';
        },
      }),
    ),
    fc
      .constantFrom<'empty' | 'oversize'>('empty', 'empty', 'empty', 'oversize')
      .map((what): Mutation => ({ name: `body: ${what}`, apply: (draft) => specialBody(draft, what) })),
    fc.constantFrom('{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}').map(
      (text): Mutation => ({
        name: `body text ${text}`,
        apply(draft) {
          draft.body = { kind: 'text', text };
          draft.contentType = 'application/json';
        },
      }),
    ),
  ];
  if (operation.body.kind === 'json') arbitraries.push(replacedField(operation), replacedField(operation));
  return fc.oneof(...arbitraries);
}

// ---------------------------------------------------------------------------------------------
// Valid values at the edges of their schemas: they pass validation and reach the code behind it.

function edgeOfParameters(
  parameters: readonly Parameter[],
  where: 'path' | 'query',
): fc.Arbitrary<Mutation> | undefined {
  const choices = parameters.flatMap((parameter) =>
    edgeValues(parameter.schema).map((value) => [parameter.name, encodeSegment(textOf(value))] as const),
  );
  if (choices.length === 0) return undefined;
  return fc.constantFrom(...choices).map(
    ([name, value]): Mutation => ({
      name: `${where} ${name} = ${excerpt(value)} (valid, at an edge)`,
      apply(draft) {
        if (where === 'path') draft.path[name] = value;
        else setQuery(draft, name, value);
      },
    }),
  );
}

function edgeOfBody(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  if (operation.body.kind !== 'json') return undefined;
  const schema = operation.body.schema;
  return fc.tuple(fc.nat(), fc.nat()).map(
    ([at, pick]): Mutation => ({
      name: 'body: a value at an edge',
      apply(draft) {
        if (draft.body.kind !== 'json') return;
        const value = draft.body.value;
        const places = placesOf(value).filter((place) => edgeValues(schemaAt(schema, place)).length > 0);
        if (places.length === 0) return;
        const place = places[at % places.length]!;
        const edges = edgeValues(schemaAt(schema, place));
        const replacement = edges[pick % edges.length];
        setBody(
          draft,
          replaceAt(value, place, () => replacement),
        );
        draft.mutations.push(`body ${pointer(place)} = ${excerpt(textOf(replacement))} (valid, at an edge)`);
      },
    }),
  );
}

/** Ways a client garbles a value it was given (an id, a cursor): cut, doubled, its numbers pushed past their range. */
const tampers: readonly ((value: string) => string)[] = [
  (value) => value.slice(0, Math.ceil(value.length / 2)),
  (value) => `${value}~`,
  (value) => `~${value}`,
  (value) => `${value}~${value}`,
  (value) => `${value}/${value}`,
  (value) => `-${value}`,
  (value) => value.toLowerCase(),
  (value) => value.toUpperCase(),
  (value) => [...value].reverse().join(''),
  (value) => value.replace(/\d+/, '-1'),
  (value) => value.replace(/\d+/, '99999999999999999999'),
  (value) => value.replace(/\d+/, '1e308'),
  (value) => value.replace(/\d+/, 'NaN'),
  (value) => value.replace(/\d+/, '0'),
];

/** A path or query parameter's current value (often one the shop gave out) garbled as a client might. */
function tamperedParameter(operation: Operation): fc.Arbitrary<Mutation> | undefined {
  const names = [
    ...operation.pathParams.map((parameter) => ['path', parameter.name] as const),
    ...operation.queryParams.map((parameter) => ['query', parameter.name] as const),
  ];
  if (names.length === 0) return undefined;
  return fc.tuple(fc.constantFrom(...names), fc.nat(tampers.length - 1)).map(
    ([[where, name], index]): Mutation => ({
      name: `${where} ${name} garbled`,
      apply(draft) {
        const current =
          where === 'path' ? draft.path[name] : draft.query.find(([each]) => each === name)?.[1];
        if (current === undefined || current === null) return;
        let value: string;
        try {
          value = decodeURIComponent(current);
        } catch {
          return;
        }
        const garbled = encodeSegment(tampers[index]!(value));
        if (where === 'path') draft.path[name] = garbled;
        else setQuery(draft, name, garbled);
        draft.mutations.push(`${where} ${name} = ${excerpt(garbled)} (garbled)`);
      },
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** A method no route of the API has: WebDAV's, TRACE, and QUERY, which Fastify parses a body for. */
const foreignMethod: fc.Arbitrary<Mutation> = fc
  .constantFrom<HTTPMethods>('OPTIONS', 'PROPFIND', 'TRACE', 'SEARCH', 'LOCK', 'MKCOL', 'QUERY', 'PURGE')
  .map((method) => ({
    name: `method ${method}`,
    apply(draft) {
      draft.method = method;
    },
  }));

/** Any mutation that applies to the operation, refused or not. */
export function anyMutation(operation: Operation, keys: Keys): fc.Arbitrary<Mutation> {
  const read = operation.method === 'GET';
  const weighted = (weight: number, arbitrary: fc.Arbitrary<Mutation> | undefined) =>
    arbitrary === undefined ? [] : [{ weight, arbitrary }];
  return fc.oneof(
    ...weighted(1, authMutation(credentials(keys))),
    ...weighted(2, pathMutation(operation)),
    ...weighted(read ? 2 : 1, edgeOfParameters(operation.pathParams, 'path')),
    ...weighted(operation.queryParams.length > 0 ? 2 : 1, queryMutation(operation)),
    // What a read is asked is where its code can trip: valid values at their edges, most of all.
    ...weighted(read ? 4 : 1, edgeOfParameters(operation.queryParams, 'query')),
    ...weighted(read ? 3 : 1, tamperedParameter(operation)),
    ...weighted(2, headerMutation()),
    // A GET's body is not read: it is sent all the same, now and then.
    ...weighted(read ? 1 : 6, bodyMutation(operation)),
    ...weighted(2, edgeOfBody(operation)),
  );
}

/** A mutation the server must refuse the request for: the one every write request carries. */
export function fatalMutation(operation: Operation, keys: Keys): fc.Arbitrary<Mutation> {
  // A live stream answers for as long as it is open: it is only sent requests refused at the door.
  if (operation.streams) return refusedAtTheDoor(operation, keys);
  // Weighted towards what is refused past the door, where more of the server's code runs.
  const candidates = (
    [
      [1, operation.scope === null ? undefined : refusedAtTheDoor(operation, keys)],
      [2, refusedPath(operation)],
      [2, refusedQuery(operation)],
      [1, refusedHeader(operation)],
      [4, refusedBody(operation)],
      [1, foreignMethod],
    ] as const
  ).flatMap(([weight, arbitrary]) => (arbitrary === undefined ? [] : [{ weight, arbitrary }]));
  // The providers' webhooks need no such help: without a valid signature every request is refused.
  if (candidates.length === 0) return fc.constant({ name: 'nothing more', apply: () => {} });
  return fc.oneof(...candidates);
}
