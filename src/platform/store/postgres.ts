/** The shared-server adapter: PostgreSQL through node-postgres, for several API processes on one database. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { limits } from '../core/limits.js';
import { type Engine, errorAttempts, errorCode } from './engine.js';
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
  isUnavailable: (error) => errorAttempts(error).some(isConnectionFailure),
  // PostgreSQL out of disk (53100) fails the statement and keeps serving: the same answer as SQLite's.
  isStorageFull: (error) => errorAttempts(error).some((cause) => errorCode(cause) === '53100'),
};

/**
 * The socket could not be opened or was cut, or the server said it is shutting down, starting up or
 * has no connection slot left: the store is away, not the request wrong.
 */
const unavailableCodes = new Set([
  // The socket: refused, reset, timed out, unreachable, written after the peer left, a DNS blip.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  // SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (starting up), too_many_connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // SQLSTATE class 08, connection exceptions.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/**
 * node-postgres reports a cut connection, a pool's connect timeout and a client left broken by
 * either with these messages and no code.
 */
const unavailableMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
];

function isConnectionFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && unavailableCodes.has(code)) return true;
  return error instanceof Error && unavailableMessages.some((pattern) => pattern.test(error.message));
}

const int8Oid = 20;
// Every BIGINT we store (minor units, quantities, epoch milliseconds) stays below 2^53; read it as a number.
pg.types.setTypeParser(int8Oid, (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`integer ${text} read from PostgreSQL is past 2^53`);
  return value;
});

export function openPostgres(url: string, poolSizeMax: number): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSizeMax,
    // Fail fast when the server cannot be reached: the request is answered 503 rather than hung.
    connectionTimeoutMillis: limits.postgresConnectTimeoutMs,
    // A server that vanished without closing its sockets is found out, rather than waited for.
    keepAlive: true,
  });
  // An idle connection the server closes (a restart, an operator's pg_terminate_backend) is reported
  // on the pool; unheard, that 'error' event would end the process. The pool has already dropped
  // that connection, and the next query opens a new one or fails with an answer of its own.
  pool.on('error', () => {});
  // A connection cut while lent out, between two queries of a transaction, is reported on its client,
  // which the pool no longer listens to: the same would end the process. The transaction's next
  // query fails instead (the client is no longer queryable), and the pool drops it when it returns.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
