/** The switches' state and the rules by which they refuse requests or cap a frozen channel. */
import { describe, expect, it } from 'vitest';
import {
  channelSwitch,
  frozenAvailable,
  injectFault,
  noSwitches,
  refuseOrder,
  refuseWrite,
  setErrorRate,
  switchChannel,
  switchReadOnly,
} from './switches.js';

const flip = { keyId: 'key_1', name: 'ops lead', reason: 'database failover', nowMs: 1_000 };

describe('switches', () => {
  it('read-only refuses changes but the exempt ones', () => {
    expect(refuseWrite(noSwitches, false)).toBeUndefined();
    const readOnly = switchReadOnly(noSwitches, true, flip);
    expect(readOnly.readOnly).toEqual({
      on: true,
      since: 1_000,
      byKeyId: 'key_1',
      by: 'ops lead',
      reason: 'database failover',
    });
    expect(refuseWrite(readOnly, false)).toMatchObject({
      code: 'read_only',
      details: { retry_after_s: 30 },
    });
    expect(refuseWrite(readOnly, true)).toBeUndefined();
  });

  it('sets only the channel switches named, and says when to snapshot or drop the snapshot', () => {
    const stopped = switchChannel(noSwitches, 'web', { ordersStopped: true }, flip);
    expect(stopped).toMatchObject({ froze: false, thawed: false });
    expect(channelSwitch(stopped.state, 'web')).toMatchObject({
      ordersStopped: true,
      availabilityFrozen: false,
    });
    expect(channelSwitch(stopped.state, 'marketplace').ordersStopped).toBe(false);

    const frozen = switchChannel(stopped.state, 'web', { availabilityFrozen: true }, flip);
    expect(frozen).toMatchObject({ froze: true, thawed: false });
    expect(channelSwitch(frozen.state, 'web')).toMatchObject({
      ordersStopped: true,
      availabilityFrozen: true,
    });
    // Freezing again keeps the first snapshot.
    expect(switchChannel(frozen.state, 'web', { availabilityFrozen: true }, flip).froze).toBe(false);
    expect(switchChannel(frozen.state, 'web', { availabilityFrozen: false }, flip).thawed).toBe(true);
  });

  it('stopping a channel refuses its orders only', () => {
    const stopped = switchChannel(noSwitches, 'marketplace', { ordersStopped: true }, flip).state;
    expect(refuseOrder(stopped, 'marketplace')).toMatchObject({
      code: 'channel_paused',
      details: { channel: 'marketplace', retry_after_s: 30 },
    });
    expect(refuseOrder(stopped, 'web')).toBeUndefined();
  });

  it('knows a channel named like an object property as untouched', () => {
    expect(channelSwitch(noSwitches, 'constructor')).toMatchObject({ ordersStopped: false });
    expect(refuseOrder(noSwitches, 'toString')).toBeUndefined();
  });

  it('injects faults at the error rate', () => {
    expect(injectFault(noSwitches, 0)).toBeUndefined();
    const half = setErrorRate(noSwitches, 0.5, flip);
    expect(injectFault(half, 0.49)).toMatchObject({ code: 'injected_fault', details: { error_rate: 0.5 } });
    expect(injectFault(half, 0.5)).toBeUndefined();
    expect(injectFault(setErrorRate(noSwitches, 1, flip), 0.999)).toMatchObject({ code: 'injected_fault' });
    expect(() => setErrorRate(noSwitches, 1.5, flip)).toThrow();
    expect(() => setErrorRate(noSwitches, Number.NaN, flip)).toThrow();
  });

  it('caps a frozen channel at its snapshot and at the truth, 0 for a SKU not in it', () => {
    expect(frozenAvailable(12, 10)).toBe(10);
    expect(frozenAvailable(7, 10)).toBe(7);
    expect(frozenAvailable(5, undefined)).toBe(0);
  });
});
