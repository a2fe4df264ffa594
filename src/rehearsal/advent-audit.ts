/**
 * The advent calendar's promises, audited after a rehearsal: each player got one result whatever
 * their devices and spellings, no code was given twice nor past the door's count, and what players
 * were answered is what the server kept. Pure functions of what the driver saw and the server's plays.
 */
import stringify from 'safe-stable-stringify';
import type { Play } from '../campaigns/advent/contract.js';
import type { AdventRecord } from './advent.js';

/** A 200 answer to opening the door, as a player's device saw it. */
export interface AdventAnswer {
  readonly player: number;
  /** The player as one customer: the email as the server keeps it. */
  readonly customer: string;
  /** The arrival it answered: both devices of a pair share it, a later reopening too. */
  readonly arrival: number;
  readonly via: 'device' | 'second_device' | 'reopen';
  readonly play: Play;
}

export interface AdventAuditInput extends AdventRecord {
  /** Codes the door sets aside. */
  readonly codes: number;
  /** The batch's codes, upper case. */
  readonly batch: readonly string[];
  readonly answers: readonly AdventAnswer[];
}

export const adventCheckTitles = {
  advent_one_result_per_player:
    'Each advent player got one result: every answer to a customer, from any device or spelling, is the same',
  advent_codes_within_door:
    "No advent code given twice or past the door's count, each from its batch; the door's counters match its plays",
  advent_answers_are_kept_plays: 'Every advent answer a player got is the play the server kept',
} as const;
export type AdventCheckName = keyof typeof adventCheckTitles;

export interface AdventFinding {
  readonly name: AdventCheckName;
  readonly checked: number;
  readonly breaches: string[];
}

/** What the advent rehearsal showed, for the report. */
export interface AdventFigures {
  /** Customers who opened the door, by the server's plays. */
  readonly players: number;
  /** Codes the door set aside, and those it gave. */
  readonly codes: number;
  readonly given: number;
  /** Players who opened it once its codes were all given. */
  readonly without_code: number;
  /** 200 answers the players' devices got. */
  readonly answers: number;
  /** Openings sent from two devices at the same instant, both answered; and those answered alike. */
  readonly second_device_pairs: number;
  readonly pairs_agreed: number;
  /** Later openings answered. */
  readonly reopenings: number;
}

const codeOf = (play: Play) => (play.reward.kind === 'promo_code' ? play.reward.code : null);

function describe(play: Play): string {
  const reward = play.reward.kind === 'promo_code' ? `code ${play.reward.code ?? 'none'}` : play.reward.kind;
  return `${play.customer}: ${reward}, opened ${play.opened_at}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | number): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** 1. Every answer a customer got, first device, second device or later, is one and the same play. */
function oneResultPerPlayer(answers: readonly AdventAnswer[]): AdventFinding {
  const byCustomer = groupBy(answers, (answer) => answer.customer);
  const breaches: string[] = [];
  for (const [customer, got] of byCustomer) {
    const distinct = new Map(got.map((answer) => [stringify(answer.play), answer]));
    if (distinct.size > 1)
      breaches.push(
        `${customer} got ${distinct.size} different answers: ${[...distinct.values()].map((answer) => `${answer.via} ${describe(answer.play)}`).join('; ')}`,
      );
  }
  return { name: 'advent_one_result_per_player', checked: byCustomer.size, breaches };
}

/**
 * 2. The server's plays: one per customer, distinct codes of the batch, no more than the count, none
 * left without a code while codes remained, and the door's counters equal to what the plays show.
 */
function codesWithinDoor(input: AdventAuditInput): AdventFinding {
  const breaches: string[] = [];
  const { door, plays } = input;
  for (const [customer, twice] of groupBy(plays, (play) => play.customer))
    if (twice.length > 1) breaches.push(`${customer} has ${twice.length} plays of the day`);
  const codes = plays.map(codeOf).filter((code) => code !== null);
  const batch = new Set(input.batch.map((code) => code.toUpperCase()));
  for (const [code, holders] of groupBy(plays, (play) => codeOf(play)?.toUpperCase() ?? ''))
    if (code !== '' && holders.length > 1)
      breaches.push(
        `code ${code} was given ${holders.length} times: to ${holders.map((play) => play.customer).join(', ')}`,
      );
  for (const code of codes)
    if (!batch.has(code.toUpperCase())) breaches.push(`code ${code} is not one of the batch's`);
  if (codes.length > input.codes)
    breaches.push(`${codes.length} codes were given, the door sets aside ${input.codes}`);
  const withoutCode = plays.filter((play) => play.reward.kind === 'promo_code' && play.reward.code === null);
  if (withoutCode.length > 0 && codes.length < input.codes)
    breaches.push(
      `${withoutCode.length} players got no code while ${input.codes - codes.length} were left, first ${describe(withoutCode[0]!)}`,
    );
  if (door === undefined) breaches.push("the calendar has no door on the rehearsal's day");
  else {
    if (door.players !== plays.length)
      breaches.push(`the door counts ${door.players} players, its plays are ${plays.length}`);
    if (door.given !== codes.length)
      breaches.push(`the door counts ${door.given} codes given, its plays hold ${codes.length}`);
    if (door.remaining !== input.codes - codes.length)
      breaches.push(
        `the door says ${door.remaining} codes remain, its plays leave ${input.codes - codes.length}`,
      );
  }
  return { name: 'advent_codes_within_door', checked: plays.length, breaches };
}

/** 3. Each answer is, field for field, the play the server kept for that customer. */
function answersAreKeptPlays(input: AdventAuditInput): AdventFinding {
  const kept = new Map(input.plays.map((play) => [play.customer, play]));
  const breaches: string[] = [];
  for (const answer of input.answers) {
    const play = kept.get(answer.customer);
    if (play === undefined)
      breaches.push(
        `${answer.customer} was answered (${answer.via}) ${describe(answer.play)}, the server kept no play`,
      );
    else if (stringify(play) !== stringify(answer.play))
      breaches.push(
        `${answer.customer} was answered (${answer.via}) ${describe(answer.play)}, the server kept ${describe(play)}`,
      );
  }
  return { name: 'advent_answers_are_kept_plays', checked: input.answers.length, breaches };
}

/** The three advent checks, each with what it checked and its breaches; the audit turns them into checks. */
export function adventFindings(input: AdventAuditInput): AdventFinding[] {
  return [oneResultPerPlayer(input.answers), codesWithinDoor(input), answersAreKeptPlays(input)];
}

/** The figures the report gives: a pair counts when both devices were answered, and agrees when alike. */
export function adventFigures(input: AdventAuditInput): AdventFigures {
  const pairs = [...groupBy(input.answers, (answer) => answer.arrival).values()]
    .map((answers) => answers.filter((answer) => answer.via !== 'reopen'))
    .filter((answers) => answers.some((answer) => answer.via === 'second_device') && answers.length === 2);
  return {
    players: input.plays.length,
    codes: input.codes,
    given: input.plays.filter((play) => codeOf(play) !== null).length,
    without_code: input.plays.filter((play) => play.reward.kind === 'promo_code' && play.reward.code === null)
      .length,
    answers: input.answers.length,
    second_device_pairs: pairs.length,
    pairs_agreed: pairs.filter(([first, second]) => stringify(first!.play) === stringify(second!.play))
      .length,
    reopenings: input.answers.filter((answer) => answer.via === 'reopen').length,
  };
}
