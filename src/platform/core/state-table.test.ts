/**
 * The load-time check of a process table, run on tables broken on purpose: the real tables pass it
 * whenever their module loads, so only a broken one shows that it catches anything.
 */
import { describe, expect, it } from 'vitest';
import { assertAllReachable, unreachableStates } from './state-table.js';

const states = ['draft', 'review', 'live', 'archived', 'orphan', 'island'] as const;
type State = (typeof states)[number];

// `orphan` has no move into it; `island` is entered only from `orphan`; `live` and `review` loop.
const broken: Record<State, readonly State[]> = {
  draft: ['review'],
  review: ['live', 'draft'],
  live: ['review', 'archived', 'archived'],
  archived: [],
  orphan: ['island', 'live'],
  island: ['orphan'],
};

const whole: Record<State, readonly State[]> = { ...broken, archived: ['orphan'] };

describe('unreachableStates', () => {
  it('names every state no sequence of moves reaches, in the order of the states', () => {
    expect(unreachableStates(states, broken, 'draft')).toEqual(['orphan', 'island']);
  });

  it('counts a state reached only through a long detour as reached', () => {
    expect(unreachableStates(states, whole, 'draft')).toEqual([]);
  });

  it('starts from the initial state given, not from the first one listed', () => {
    // From orphan every state is reached, draft through live and review; from archived, none.
    expect(unreachableStates(states, broken, 'orphan')).toEqual([]);
    expect(unreachableStates(states, broken, 'archived')).toEqual([
      'draft',
      'review',
      'live',
      'orphan',
      'island',
    ]);
  });
});

describe('assertAllReachable', () => {
  it('throws at load on a broken table, naming the process and its unreachable states', () => {
    expect(() => assertAllReachable('publishing', states, broken, 'draft')).toThrow(
      'publishing process broken: unreachable statuses orphan, island',
    );
  });

  it('lets a table whose every state is reachable load', () => {
    expect(() => assertAllReachable('publishing', states, whole, 'draft')).not.toThrow();
  });
});
