/** The contract of API keys: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant } from '../http/schemas.js';

export const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  created_at: Instant,
  revoked_at: Type.Union([Instant, Type.Null()]),
});
export type ApiKey = Static<typeof ApiKey>;
/** A key just created: the only answer that carries its secret. */
export const CreatedApiKey = Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]);
export type CreatedApiKey = Static<typeof CreatedApiKey>;
