/**
 * The hostile values a fuzzer tries: strings a database, a regex or a terminal trips on, numbers past
 * what JavaScript holds exactly, and the wrong kinds of JSON value. Each is a fast-check arbitrary,
 * so that a failure shrinks to the simplest value that still fails.
 */
import fc from 'fast-check';
import { Entries, nestedArrays, nestedObjects, RawJson } from './json-text.js';

/** Strings with a known trap each. */
export const trickyStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'a\udc00b\ud83d',
  '\u202eevil\u202c',
  '\u200f\u200e',
  '\u200b',
  '\ufeffBOM',
  'e\u0301\u0301\u0301',
  'Z\u0335\u0321\u031b\u0324\u0317a\u0338l\u0335g\u0336o',
  '😀',
  '👩‍👩‍👧‍👦',
  '\u{10ffff}',
  '\ufffe\uffff',
  '\r\n',
  'line\nbreak',
  '\t',
  '../../etc/passwd',
  '..%2f..%2f',
  "' OR 1=1 --",
  '"; DROP TABLE orders; --',
  '<script>alert(1)</script>',
  `\${7*7}{{7*7}}`,
  '%s%n%x',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '9007199254740993',
  '0x1F',
  '１２３',
  'İı',
  'ß',
  'ﬁ',
  '\\',
  '"',
  '__proto__',
  'constructor',
  'toString',
  ' MUG-BLUE',
  'web\n',
  'WEB',
];

/** Long strings: past every length limit of the API (64, 100, 200, 255, 1,000, 2,000), in ASCII and in emoji. */
const longStrings = fc
  .tuple(
    fc.constantFrom(65, 101, 201, 256, 1_001, 2_001, 10_000, 100_000),
    fc.constantFrom('x', '😀', 'é', '9'),
  )
  .map(([length, unit]) => unit.repeat(length));

/** Any string, code points anywhere in Unicode, lone surrogates included. */
const anyString = fc.string({ unit: 'binary', maxLength: 40 });

/** A string from each family, the tricky ones most often. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...trickyStrings) },
  { weight: 2, arbitrary: longStrings },
  { weight: 2, arbitrary: anyString },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

/** Numbers as written in the text: past 2^53, past a double, negative zero, fractions. */
export const hostileNumberTexts: readonly string[] = [
  '1e308',
  '-1e308',
  '1e999',
  '-1e999',
  '-0',
  '0.5',
  '-1',
  '0',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '1e-324',
  '4.9e-324',
  '1.0',
  '1E2',
  '0.1',
  '1.5e3',
  '-0.0',
];

export const hostileNumber: fc.Arbitrary<RawJson> = fc
  .constantFrom(...hostileNumberTexts)
  .map((text) => new RawJson(text));

/** Depths of nesting: the one the brief names (10,000) and a few less. */
const depths = fc.constantFrom(2, 100, 1_000, 10_000);

/** JSON values of the wrong kind for about anything. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '': '' }, [[]], ['x'], 0, 1, -1),
  },
  { weight: 1, arbitrary: depths.map((depth) => nestedArrays(depth)) },
  { weight: 1, arbitrary: depths.map((depth) => nestedObjects(depth)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ...[10_000, 100_000].map((length) => new RawJson(`[${'1,'.repeat(length)}1]`)),
    ),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => new RawJson(text)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new Entries([
        ['__proto__', { admin: true }],
        ['a', 1],
      ]),
      new Entries([['constructor', { prototype: { admin: true } }]]),
      new Entries([
        ['a', 1],
        ['a', 2],
      ]),
    ),
  },
);

/** Keys an object should not have, or not twice. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'surprise',
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'admin',
    'id',
    '$where',
    'a.b',
    'a[0]',
  ),
  hostileString,
);
