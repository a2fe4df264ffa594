import { describe, expect, it } from 'vitest';
import { quietDuringStoreFailures, storeFailureLogGate, storeFailureOf } from './failures.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('storeFailureOf', () => {
  it('calls a store that cannot be reached unavailable, whatever reported it', () => {
    for (const error of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
      // A host with several addresses fails with one error per address.
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'),
      withCode('SQLITE_IOERR_WRITE', 'disk I/O error'),
      withCode('SQLITE_CANTOPEN', 'unable to open database file'),
    ])
      expect(storeFailureOf(error), String(error)).toBe('unavailable');
  });

  it('calls a disk with no room left full', () => {
    expect(storeFailureOf(withCode('SQLITE_FULL', 'database or disk is full'))).toBe('full');
    expect(storeFailureOf(withCode('53100', 'could not extend file: No space left on device'))).toBe('full');
  });

  it('leaves every other error alone: a bug stays a 500', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('SQLITE_CONSTRAINT_CHECK'),
      withCode('42P01', 'relation "orders" does not exist'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      new Error('connection to the carrier timed out'),
      // A webhook or an order source over HTTP that cannot be reached is not the store.
      new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }),
      'a string thrown',
      undefined,
    ])
      expect(storeFailureOf(error), String(error)).toBeUndefined();
  });
});

describe('storeFailureLogGate', () => {
  const refused = withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
  const full = withCode('SQLITE_FULL', 'database or disk is full');
  const bug = new TypeError("Cannot read properties of undefined (reading 'id')");

  it('tells a store outage once per interval, however often it fails, and every other error each time', () => {
    let nowMs = 0;
    const gate = storeFailureLogGate(10_000, () => nowMs);
    const told: number[] = [];
    // A loop ticking every 250 ms through a 60-second outage, meeting a bug every 5 s.
    for (; nowMs < 60_000; nowMs += 250) {
      if (gate.shouldLog(nowMs % 1000 === 0 ? full : refused)) told.push(nowMs);
      if (nowMs % 5000 === 0) expect(gate.shouldLog(bug)).toBe(true);
    }
    expect(told).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
  });

  it('tells the next outage at once after a run that went through', () => {
    let nowMs = 0;
    const gate = storeFailureLogGate(10_000, () => nowMs);
    expect(gate.shouldLog(refused)).toBe(true);
    nowMs = 1000;
    expect(gate.shouldLog(refused)).toBe(false);
    gate.recovered();
    nowMs = 2000;
    expect(gate.shouldLog(refused)).toBe(true);
  });

  it('wraps a background loop’s report: a burst of failures of the store reaches it once', () => {
    const reported: unknown[] = [];
    const report = quietDuringStoreFailures((error) => reported.push(error));
    for (let tick = 0; tick < 100; tick++) report(refused);
    report(bug);
    expect(reported).toEqual([refused, bug]);
  });
});
