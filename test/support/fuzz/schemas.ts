/**
 * What the document's schemas say of a value: valid-looking values to start a request from, values
 * that break one rule, and the verdict of the server's own validator set-up (JSON bodies without
 * coercion, path, query and headers coerced from text): the fuzzer's judge of which requests must
 * be refused.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { requestValidator } from '../../../src/platform/http/validation.js';
import type { Schema } from './document.js';
import { RawJson } from './json-text.js';

const bodyAjv = requestValidator(false);
const textAjv = requestValidator(true);
const compiled = new WeakMap<object, ValidateFunction>();

function compile(ajv: Ajv, schema: object): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached !== undefined) return cached;
  const validate = ajv.compile(schema);
  compiled.set(schema, validate);
  return validate;
}

/**
 * True when a JSON body passes its schema. The validator fills defaults in place, as the server's
 * does: give it a value of its own (freshly parsed).
 */
export function bodyIsValid(schema: Schema, value: unknown): boolean {
  return compile(bodyAjv, schema)(value) as boolean;
}

type Parameters = readonly { name: string; required: boolean; schema: Schema }[];
const partSchemas = new WeakMap<Parameters, Map<boolean, Schema>>();

/**
 * The object schema of one part of a request read as text (path, query or headers); the same
 * object for the same parameters, so that it is compiled once.
 */
export function textPartSchema(parameters: Parameters, closed: boolean): Schema {
  let schemas = partSchemas.get(parameters);
  if (schemas === undefined) {
    schemas = new Map();
    partSchemas.set(parameters, schemas);
  }
  let schema = schemas.get(closed);
  if (schema === undefined) {
    schema = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema])),
      required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      ...(closed ? { additionalProperties: false } : {}),
    };
    schemas.set(closed, schema);
  }
  return schema;
}

/** True when the text values of a part pass its schema, coerced as the server coerces them. */
export function textIsValid(schema: Schema, values: Record<string, unknown>): boolean {
  return compile(textAjv, schema)(structuredCloneLoose(values)) as boolean;
}

/** Ajv fills defaults and coerces in place: it judges a copy. */
function structuredCloneLoose(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The schemas a value could follow: the branches of `anyOf`, else the schema itself. */
function branches(schema: Schema): readonly Schema[] {
  return schema.anyOf ?? [schema];
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((each) => each !== 'null');
  return type as string | undefined;
}

/** The schema of the value at a place inside a body, when the document says. */
export function schemaAt(schema: Schema | undefined, at: readonly (string | number)[]): Schema | undefined {
  let current = schema;
  for (const step of at) {
    if (current === undefined) return undefined;
    const candidates = branches(current);
    let next: Schema | undefined;
    for (const branch of candidates) {
      if (typeof step === 'number' && branch.items !== undefined) next = branch.items;
      else if (typeof step === 'string') {
        next =
          branch.properties?.[step] ??
          (typeof branch.additionalProperties === 'object' ? branch.additionalProperties : undefined);
      }
      if (next !== undefined) break;
    }
    current = next;
  }
  return current;
}

const identifier = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A plain valid value, for when a generated one does not pass (a pattern with a length limit, say). */
export function plainValue(schema: Schema): unknown {
  const branch = branches(schema)[0]!;
  if (branch.enum !== undefined) return branch.enum[0];
  if (branch.const !== undefined) return branch.const;
  if (branch.default !== undefined) return branch.default;
  switch (typeOf(branch)) {
    case 'integer':
    case 'number':
      return Math.max(branch.minimum ?? 1, (branch.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: branch.minItems ?? 0 }, (_, index) =>
        branch.items === undefined ? index : plainValue(branch.items),
      );
    case 'object':
      return Object.fromEntries(
        (branch.required ?? []).map((key) => [key, plainValue(branch.properties?.[key] ?? {})]),
      );
    case 'string':
      if (branch.format === 'email') return 'fuzz@example.com';
      if (branch.format === 'date-time') return '2026-12-01T09:00:00.000Z';
      if (branch.format === 'date' || branch.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-12-01';
      if (branch.format === 'uri') return 'http://127.0.0.1:9/fuzz';
      if (branch.pattern?.startsWith('^\\d{4}-\\d{2}-\\d{2}T')) return '2026-12-01T09:00';
      return 'x1'.padEnd(branch.minLength ?? 2, 'x');
    default:
      return 'x1';
  }
}

function stringValue(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'email')
    return fc.constantFrom('camille@example.fr', 'fuzz@example.com', 'a.b+c@exemple.fr');
  if (schema.format === 'date-time')
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  if (schema.format === 'date' || schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$')
    return fc
      .date({
        min: new Date('2024-01-01T00:00:00Z'),
        max: new Date('2028-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'uri') return fc.constantFrom('http://127.0.0.1:9/fuzz', 'https://localhost:9/hook');
  if (schema.pattern?.startsWith('^\\d{4}-\\d{2}-\\d{2}T'))
    return fc
      .date({
        min: new Date('2024-01-01T00:00:00Z'),
        max: new Date('2028-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 16));
  const maxLength = Math.min(schema.maxLength ?? 24, 24);
  const minLength = schema.minLength ?? 0;
  if (schema.pattern === undefined || schema.pattern === identifier.source)
    return fc
      .stringMatching(identifier, { size: 'xsmall' })
      .map((text) => text.slice(0, Math.max(1, maxLength)));
  // Free text as people type it: letters in any script, emoji, right-to-left marks.
  if (schema.pattern === '^[^\\u0000\\uD800-\\uDFFF]*$')
    return fc
      .string({ unit: 'grapheme', minLength: Math.max(1, minLength), maxLength })
      .map((text) => text.replace(/[\ud800-\udfff]/g, 'x').replaceAll('\u0000', 'x'));
  return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' });
}

/**
 * A valid-looking value of a schema: what a request starts from before it is made hostile. Values
 * the schema refuses (a generated pattern past its length) give way to a plain valid value.
 */
export function validValue(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined) return fc.constant('x1');
  const options = branches(schema);
  if (options.length > 1) return fc.oneof(...options.map((branch) => validValue(branch, depth)));
  const branch = options[0]!;
  if (branch.enum !== undefined) return fc.constantFrom(...branch.enum);
  if (branch.const !== undefined) return fc.constant(branch.const);
  let value: fc.Arbitrary<unknown>;
  switch (typeOf(branch)) {
    case 'integer': {
      const min = branch.minimum ?? (branch.exclusiveMinimum === undefined ? 0 : branch.exclusiveMinimum + 1);
      const max = Math.min(
        branch.maximum ?? (branch.exclusiveMaximum === undefined ? min + 1000 : branch.exclusiveMaximum - 1),
        min + 100_000,
      );
      value = fc.integer({ min, max: Math.max(min, max) });
      break;
    }
    case 'number':
      value = fc.double({
        min: branch.minimum ?? branch.exclusiveMinimum ?? 0,
        max: branch.maximum ?? branch.exclusiveMaximum ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
      break;
    case 'boolean':
      value = fc.boolean();
      break;
    case 'null':
      value = fc.constant(null);
      break;
    case 'array': {
      const minLength = branch.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(branch.maxItems ?? 3, 3));
      value =
        depth > 4
          ? fc.constant(plainValue(branch))
          : fc.array(validValue(branch.items, depth + 1), { minLength, maxLength });
      break;
    }
    case 'object': {
      if (depth > 4 || branch.properties === undefined) {
        value = fc.constant(plainValue(branch));
        break;
      }
      const required = branch.required ?? [];
      value = fc.record(
        Object.fromEntries(
          Object.entries(branch.properties).map(([key, property]) => [key, validValue(property, depth + 1)]),
        ),
        { requiredKeys: required.filter((key) => branch.properties![key] !== undefined) },
      );
      break;
    }
    case 'string':
      value = stringValue(branch);
      break;
    default:
      value = fc.constant('x1');
  }
  return value.map((each) => (bodyIsValid(branch, structuredCloneLoose(each)) ? each : plainValue(branch)));
}

/**
 * Values that break one rule of a schema, the more likely first: the wrong type, just past a bound,
 * far past it, a pattern broken by a character a database or a regex trips on.
 */
export function breakingValues(schema: Schema | undefined): unknown[] {
  if (schema === undefined) return [];
  const branch = branches(schema)[0]!;
  const values: unknown[] = [];
  if (branch.enum !== undefined || schema.anyOf !== undefined) {
    const first = String(branch.enum?.[0] ?? branch.const ?? 'x');
    values.push(first.toUpperCase(), ` ${first}`, `${first}\u0000`, 'unknown_value', 1);
  }
  switch (typeOf(branch)) {
    case 'integer':
    case 'number': {
      const { minimum, maximum } = branch;
      if (minimum !== undefined) values.push(minimum - 1, new RawJson(String(minimum - 0.5)));
      if (maximum !== undefined) values.push(maximum + 1, new RawJson(String(maximum + 0.5)));
      if (branch.exclusiveMinimum !== undefined) values.push(branch.exclusiveMinimum);
      if (branch.exclusiveMaximum !== undefined) values.push(branch.exclusiveMaximum);
      values.push(
        '5',
        new RawJson('1e999'),
        new RawJson('9007199254740993'),
        new RawJson('-1e308'),
        null,
        [1],
      );
      if (typeOf(branch) === 'integer') values.push(new RawJson('0.5'), new RawJson('1.0000000000000002'));
      break;
    }
    case 'string': {
      if (branch.maxLength !== undefined)
        values.push('x'.repeat(branch.maxLength + 1), '😀'.repeat(branch.maxLength + 1));
      if ((branch.minLength ?? 0) > 0) values.push('');
      if (branch.pattern !== undefined) values.push('a\u0000b', '\ud800', 'bad value', '😀');
      if (branch.format !== undefined)
        values.push('not-a-format', '2026-02-30T25:61:00Z', '@', 'javascript:alert(1)');
      values.push(42, true, null, ['x'], { x: 'x' });
      break;
    }
    case 'boolean':
      values.push('true', 1, 0, null, 'yes');
      break;
    case 'array':
      if (branch.maxItems !== undefined)
        values.push(Array.from({ length: branch.maxItems + 1 }, () => plainValue(branch.items ?? {})));
      if ((branch.minItems ?? 0) > 0) values.push([]);
      if (branch.uniqueItems === true && branch.items !== undefined)
        values.push([plainValue(branch.items), plainValue(branch.items)]);
      values.push({ 0: 'x' }, 'x', null, [new RawJson('1e999')]);
      break;
    case 'object':
      values.push([plainValue(branch)], 'x', null, 0);
      if (branch.additionalProperties === false)
        values.push({ ...(plainValue(branch) as object), surprise: 1 });
      break;
  }
  return values;
}

/** Valid values at the edges of free text: scripts, marks and symbols people and tools do send. */
const edgeTexts = [
  '\u202eevil\u202c',
  'e\u0301',
  '👩‍👩‍👧‍👦',
  'İstanbul',
  ' ',
  "' OR 1=1 --",
  '%',
  '_',
  '\\',
  '<script>alert(1)</script>',
  '\u200b',
  '\r\n',
  '\ufeff',
];

const edgeDates = ['0001-01-01', '1970-01-01', '2024-02-29', '9999-12-31'];
const edgeInstants = [
  '1970-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2016-12-31T23:59:60Z',
  '2026-03-29T02:30:00+14:00',
  '2026-12-01T09:00:00.123456789-12:00',
  '2026-12-01t09:00:00z',
];

/**
 * Values a schema accepts, taken at its edges: bounds, the longest string in emoji, the first and
 * last days a date can name, an identifier of dots and dashes. They pass validation and reach the
 * code behind it, where a 5xx would hide. (Not all are valid: the judge decides, not this list.)
 */
export function edgeValues(schema: Schema | undefined): unknown[] {
  if (schema === undefined) return [];
  const options = branches(schema);
  if (options.length > 1 || schema.enum !== undefined) return options.flatMap((branch) => branch.enum ?? []);
  const branch = options[0]!;
  switch (typeOf(branch)) {
    case 'integer':
    case 'number': {
      const min =
        branch.minimum ?? (branch.exclusiveMinimum === undefined ? undefined : branch.exclusiveMinimum + 1);
      const max =
        branch.maximum ?? (branch.exclusiveMaximum === undefined ? undefined : branch.exclusiveMaximum - 1);
      return [min, max, min === undefined ? undefined : min + 1, max ?? Number.MAX_SAFE_INTEGER, 0].filter(
        (value) => value !== undefined,
      );
    }
    case 'boolean':
      return [true, false];
    case 'array':
      return branch.maxItems === undefined || branch.items === undefined
        ? []
        : [Array.from({ length: Math.min(branch.maxItems, 10_000) }, () => plainValue(branch.items!))];
    case 'string': {
      const maxLength = branch.maxLength ?? 200;
      if (branch.format === 'date-time') return edgeInstants;
      if (branch.format === 'date' || branch.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return edgeDates;
      if (branch.format === 'email')
        return ['a@b', `${'x'.repeat(64)}@example.com`, '"quoted"@example.com', 'CAMILLE@EXAMPLE.FR'];
      if (branch.pattern?.startsWith('^\\d{4}-\\d{2}-\\d{2}T'))
        return [
          '0001-01-01T00:00',
          '9999-12-31T23:59',
          '2026-03-29T02:30',
          '2026-10-25T02:30',
          '2026-12-01T09:00+14:00',
        ];
      if (branch.pattern === identifier.source || branch.pattern === '^[A-Za-z0-9_-]+$')
        return ['0', 'a..b', 'a-', 'A--B', '_', 'Z'.repeat(maxLength), 'web', 'FUZZ-MUG'];
      if (branch.pattern === '^[^\\u0000\\uD800-\\uDFFF]*$' || branch.pattern === undefined)
        return [
          ...edgeTexts,
          'x'.repeat(maxLength),
          '😀'.repeat(maxLength),
          'e\u0301'.repeat(Math.floor(maxLength / 2)),
        ];
      return [];
    }
    default:
      return [];
  }
}
