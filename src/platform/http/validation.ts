/** How requests are validated against their schemas: one set-up, for the server and for whoever must judge as it does. */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Bodies are JSON and must carry the right types ("5" is not 5): `coerceTypes` false. Query strings,
 * paths and headers are text, so their numbers are coerced: `coerceTypes` true. Unknown body fields
 * are refused, never silently dropped.
 */
export function requestValidator(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}
