import { describe, expect, it } from 'vitest';
import type { DoorView, Play } from '../campaigns/advent/contract.js';
import {
  type AdventAnswer,
  type AdventAuditInput,
  type AdventCheckName,
  adventFigures,
  adventFindings,
} from './advent-audit.js';

const play = (player: number, code: string | null, second = 0): Play => ({
  season: 'rhtest',
  day: '2025-12-01',
  customer: `player-${player}@rehearsal.example.com`,
  opened_at: `2025-12-01T08:00:0${second}.000Z`,
  reward: { kind: 'promo_code', code },
});

const answer = (
  arrival: number,
  via: AdventAnswer['via'],
  kept: Play,
  player = Number(/\d+/.exec(kept.customer)![0]),
): AdventAnswer => ({
  player,
  customer: `player-${player}@rehearsal.example.com`,
  arrival,
  via,
  play: kept,
});

/**
 * A clean advent rehearsal: two codes set aside, three players; player 1 opened from two devices
 * at once, player 3 came after the codes ran out and again later.
 */
function cleanInput(): AdventAuditInput {
  const plays = [play(1, 'RH-ADVENT-AAAA', 1), play(2, 'RH-ADVENT-BBBB', 2), play(3, null, 3)];
  return {
    codes: 2,
    batch: ['RH-ADVENT-AAAA', 'RH-ADVENT-BBBB', 'RH-ADVENT-CCCC'],
    door: { ...doorOf(plays), players: 3, given: 2, remaining: 0 },
    plays,
    answers: [
      answer(0, 'device', plays[0]!),
      answer(0, 'second_device', plays[0]!),
      answer(1, 'device', plays[1]!),
      answer(2, 'device', plays[2]!),
      answer(2, 'reopen', plays[2]!),
    ],
  };
}

function doorOf(plays: Play[]): DoorView {
  return {
    day: '2025-12-01',
    status: 'open',
    opens_at: '2025-11-30T23:00:00.000Z',
    closes_at: '2025-12-01T23:00:00.000Z',
    reward: { kind: 'promo_code', batch: 'RH-ADVENT', count: 2 },
    players: plays.length,
    given: 0,
    remaining: 2,
    drawn_at: null,
  };
}

function failed(input: AdventAuditInput): AdventCheckName[] {
  return adventFindings(input)
    .filter((finding) => finding.breaches.length > 0)
    .map((finding) => finding.name);
}

const breachesOf = (input: AdventAuditInput, name: AdventCheckName) =>
  adventFindings(input).find((finding) => finding.name === name)!.breaches;

describe('the advent audit', () => {
  it('passes a clean rehearsal and counts its players, codes and second-device pairs', () => {
    const input = cleanInput();
    expect(failed(input)).toEqual([]);
    expect(adventFigures(input)).toEqual({
      players: 3,
      codes: 2,
      given: 2,
      without_code: 1,
      answers: 5,
      second_device_pairs: 1,
      pairs_agreed: 1,
      reopenings: 1,
    });
  });

  it('catches a second device answered another code than the first', () => {
    const input = cleanInput();
    const other = { ...input.plays[0]!, reward: { kind: 'promo_code' as const, code: 'RH-ADVENT-CCCC' } };
    const answers = [...input.answers];
    answers[1] = answer(0, 'second_device', other);
    const mismatched = { ...input, answers };
    expect(failed(mismatched)).toEqual(['advent_one_result_per_player', 'advent_answers_are_kept_plays']);
    expect(breachesOf(mismatched, 'advent_one_result_per_player')).toEqual([
      'player-1@rehearsal.example.com got 2 different answers: device player-1@rehearsal.example.com: code RH-ADVENT-AAAA, opened 2025-12-01T08:00:01.000Z; second_device player-1@rehearsal.example.com: code RH-ADVENT-CCCC, opened 2025-12-01T08:00:01.000Z',
    ]);
    expect(adventFigures(mismatched)).toMatchObject({ second_device_pairs: 1, pairs_agreed: 0 });
  });

  it('catches a spelling of the email taken for another customer', () => {
    const input = cleanInput();
    // The server kept "Player-1+advent@…" as a player of its own, with a code of its own.
    const apart = { ...play(1, 'RH-ADVENT-CCCC', 4), customer: 'player-1+advent@rehearsal.example.com' };
    const answers = [...input.answers];
    answers[1] = answer(0, 'second_device', apart, 1);
    expect(failed({ ...input, answers, plays: [...input.plays, apart] })).toEqual([
      'advent_one_result_per_player',
      'advent_codes_within_door',
      'advent_answers_are_kept_plays',
    ]);
  });

  it('catches a code given twice', () => {
    const input = cleanInput();
    const plays = [input.plays[0]!, play(2, 'RH-ADVENT-AAAA', 2), input.plays[2]!];
    const answers = input.answers.map((item) => (item.player === 2 ? answer(1, 'device', plays[1]!) : item));
    const twice = { ...input, plays, answers };
    expect(failed(twice)).toEqual(['advent_codes_within_door']);
    expect(breachesOf(twice, 'advent_codes_within_door')).toEqual([
      'code RH-ADVENT-AAAA was given 2 times: to player-1@rehearsal.example.com, player-2@rehearsal.example.com',
    ]);
  });

  it('catches more codes given than the door sets aside, and a code from outside its batch', () => {
    const input = cleanInput();
    const plays = [...input.plays.slice(0, 2), play(3, 'RH-ADVENT-CCCC', 3), play(4, 'ELSEWHERE-1', 4)];
    const over = {
      ...input,
      plays,
      answers: plays.map((kept, index) => answer(index, 'device', kept)),
      door: { ...input.door!, players: 4, given: 4, remaining: -2 },
    };
    expect(failed(over)).toEqual(['advent_codes_within_door']);
    expect(breachesOf(over, 'advent_codes_within_door')).toEqual([
      "code ELSEWHERE-1 is not one of the batch's",
      '4 codes were given, the door sets aside 2',
    ]);
  });

  it('catches a player given no code while codes were left, and counters that differ from the plays', () => {
    const input = cleanInput();
    const plays = [input.plays[0]!, play(2, null, 2), input.plays[2]!];
    const early = {
      ...input,
      plays,
      answers: plays.map((kept, index) => answer(index, 'device', kept)),
    };
    expect(breachesOf(early, 'advent_codes_within_door')).toEqual([
      '2 players got no code while 1 were left, first player-2@rehearsal.example.com: code none, opened 2025-12-01T08:00:02.000Z',
      'the door counts 2 codes given, its plays hold 1',
      'the door says 0 codes remain, its plays leave 1',
    ]);
    expect(
      breachesOf({ ...input, door: { ...input.door!, players: 5 } }, 'advent_codes_within_door'),
    ).toEqual(['the door counts 5 players, its plays are 3']);
    expect(breachesOf({ ...input, door: undefined }, 'advent_codes_within_door')).toEqual([
      "the calendar has no door on the rehearsal's day",
    ]);
  });

  it('catches an answer the server did not keep: no play, or another one', () => {
    const input = cleanInput();
    const lost = {
      ...input,
      plays: input.plays.slice(1),
      door: { ...input.door!, players: 2, given: 1, remaining: 1 },
    };
    expect(breachesOf(lost, 'advent_answers_are_kept_plays')).toHaveLength(2);
    const rewritten = input.plays.map((kept) =>
      kept.customer.startsWith('player-3@') ? { ...kept, opened_at: '2025-12-01T08:01:00.000Z' } : kept,
    );
    expect(failed({ ...input, plays: rewritten })).toEqual(['advent_answers_are_kept_plays']);
  });
});
