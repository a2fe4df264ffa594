/** The shared-server adapter: PostgreSQL through node-postgres, for several API processes on one database. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Engine, errorCode } from './engine.js';
import type { Database } from './schema.js';

export const postgresEngine: Engine = {
  name: 'postgres',
  lockRowsForUpdate: true,
  isUniqueViolation: (error) => errorCode(error) === '23505',
  isRetryable: (error) => {
    const code = errorCode(error);
    return code === '40P01' || code === '40001';
  },
  isCheckViolation: (error) => errorCode(error) === '23514',
};

const int8Oid = 20;
// Every BIGINT we store (minor units, quantities, epoch milliseconds) stays below 2^53; read it as a number.
pg.types.setTypeParser(int8Oid, (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`integer ${text} read from PostgreSQL is past 2^53`);
  return value;
});

export function openPostgres(url: string, poolSizeMax: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSizeMax });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
