/** Rehearsal scenarios are data: a JSON file, validated against its schema with errors that name the field. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { limits as apiLimits, rehearsalLimits as limits } from '../platform/core/limits.js';

const Range = (minimum: number, maximum: number) =>
  Type.Object(
    { min: Type.Integer({ minimum, maximum }), max: Type.Integer({ minimum, maximum }) },
    { additionalProperties: false },
  );
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Weight = Type.Number({ minimum: 0, maximum: 1_000_000 });
const CodePart = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', minLength: 1, maxLength: 16 });

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', minLength: 1, maxLength: 40 }),
    description: Type.String({ maxLength: 2000 }),
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 }),
    arrivals: Type.Union([Type.Literal('poisson'), Type.Literal('uniform')], {
      description: 'poisson: random gaps around the rate, as real buyers; uniform: evenly spaced',
    }),
    target: Type.Object(
      {
        p99_ms: Type.Number({ exclusiveMinimum: 0, maximum: 60_000 }),
        error_rate_max: Share,
      },
      { additionalProperties: false },
    ),
    client: Type.Object(
      {
        connections: Type.Integer({ minimum: 1, maximum: limits.connectionsMax }),
        timeout_ms: Type.Integer({ minimum: 1, maximum: 120_000 }),
        lost_answer_share: Share,
      },
      { additionalProperties: false },
    ),
    shop: Type.Object(
      {
        currency: Type.String({ pattern: '^[A-Z]{3}$' }),
        locations: Type.Array(CodePart, { minItems: 1, maxItems: limits.locationsMax, uniqueItems: true }),
        skus: Type.Integer({ minimum: 1, maximum: limits.skusMax }),
        stock_per_location: Range(0, 1_000_000),
        price_minor: Range(1, 1_000_000),
      },
      { additionalProperties: false },
    ),
    steps: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 40 }),
          rate_per_s: Type.Number({ minimum: 0, maximum: limits.ratePerSecondMax }),
          duration_s: Type.Number({ exclusiveMinimum: 0, maximum: limits.durationSecondsMax }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: limits.stepsMax },
    ),
    mix: Type.Object(
      {
        availability_read: Weight,
        availability_batch: Weight,
        hold: Weight,
        order: Weight,
        advent_open: Type.Optional(Weight),
      },
      { additionalProperties: false, description: 'Relative weights of what an arrival does' },
    ),
    popularity: Type.Object(
      {
        hot_skus: Type.Integer({ minimum: 1, maximum: limits.skusMax }),
        hot_share: Share,
      },
      { additionalProperties: false, description: 'hot_share of picks go to the first hot_skus SKUs' },
    ),
    availability_batch_skus: Range(1, 500),
    order: Type.Object(
      {
        lines: Range(1, 100),
        quantity: Range(1, 10_000),
        cancel_share: Share,
        cancel_after_ms: Type.Integer({ minimum: 0, maximum: 60_000 }),
      },
      { additionalProperties: false },
    ),
    hold: Type.Object(
      {
        lines: Range(1, 100),
        quantity: Range(1, 10_000),
        ttl_s: Type.Integer({ minimum: 1, maximum: 7200 }),
        convert_share: Share,
        release_share: Share,
        think_ms: Type.Integer({ minimum: 0, maximum: 60_000 }),
      },
      { additionalProperties: false },
    ),
    advent: Type.Optional(
      Type.Object(
        {
          players: Type.Integer({
            minimum: 1,
            maximum: limits.arrivalsMax,
            description: 'Distinct customers an `advent_open` arrival picks from',
          }),
          codes: Type.Integer({
            minimum: 1,
            maximum: apiLimits.promoCodeBatchMax,
            description: 'Single-use codes the day’s door sets aside; fewer than the players run out',
          }),
          second_device_share: {
            ...Share,
            description: 'Share of openings sent twice at the same instant, as from a phone and a laptop',
          },
          reopen_share: { ...Share, description: 'Share of openings tried again later by the same customer' },
          reopen_after_ms: Type.Integer({ minimum: 0, maximum: 60_000 }),
          buy_share: { ...Share, description: 'Share of players given a code who then order with it' },
          buy_after_ms: Type.Integer({ minimum: 0, maximum: 60_000 }),
        },
        {
          additionalProperties: false,
          description: 'The advent calendar: one door today, opened by `advent_open` arrivals',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export type Scenario = Static<typeof ScenarioSchema>;

export class ScenarioError extends Error {}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<Scenario>(ScenarioSchema);

/** Validates a parsed scenario: the schema first, then the rules across fields. Throws ScenarioError. */
export function parseScenario(value: unknown, source: string): Scenario {
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((error) => {
      const where = error.instancePath === '' ? '/' : error.instancePath;
      const extra =
        error.keyword === 'additionalProperties'
          ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
          : '';
      return `${where} ${error.message ?? 'is not valid'}${extra}`;
    });
    throw new ScenarioError(`scenario ${source} is not valid:\n  ${problems.join('\n  ')}`);
  }
  const problems: string[] = [];
  const s = value;
  for (const [path, range] of [
    ['/shop/stock_per_location', s.shop.stock_per_location],
    ['/shop/price_minor', s.shop.price_minor],
    ['/availability_batch_skus', s.availability_batch_skus],
    ['/order/lines', s.order.lines],
    ['/order/quantity', s.order.quantity],
    ['/hold/lines', s.hold.lines],
    ['/hold/quantity', s.hold.quantity],
  ] as const) {
    if (range.min > range.max) problems.push(`${path} min ${range.min} is above max ${range.max}`);
  }
  if (s.order.lines.max > s.shop.skus) problems.push('/order/lines max is above the number of SKUs');
  if (s.hold.lines.max > s.shop.skus) problems.push('/hold/lines max is above the number of SKUs');
  if (s.availability_batch_skus.max > s.shop.skus)
    problems.push('/availability_batch_skus max is above the number of SKUs');
  if (s.popularity.hot_skus > s.shop.skus) problems.push('/popularity/hot_skus is above the number of SKUs');
  if (s.hold.convert_share + s.hold.release_share > 1)
    problems.push('/hold convert_share + release_share is above 1');
  const weights = Object.values(s.mix).reduce((sum, weight) => sum + weight, 0);
  if (weights <= 0) problems.push('/mix has no positive weight');
  if ((s.mix.advent_open ?? 0) > 0 && s.advent === undefined)
    problems.push('/mix/advent_open needs the /advent section: its players and codes');
  if (s.advent !== undefined && !((s.mix.advent_open ?? 0) > 0))
    problems.push('/advent is set but /mix/advent_open is 0: nobody would open the door');
  if (plannedArrivals(s) > limits.arrivalsMax)
    problems.push(`the steps plan ${Math.round(plannedArrivals(s))} arrivals, above ${limits.arrivalsMax}`);
  if (totalDurationMs(s) > limits.durationSecondsMax * 1000)
    problems.push(`the steps last more than ${limits.durationSecondsMax} s`);
  if (problems.length > 0)
    throw new ScenarioError(`scenario ${source} is not valid:\n  ${problems.join('\n  ')}`);
  return s;
}

export function plannedArrivals(scenario: Scenario): number {
  return scenario.steps.reduce((sum, step) => sum + step.rate_per_s * step.duration_s, 0);
}

export function totalDurationMs(scenario: Scenario): number {
  return scenario.steps.reduce((sum, step) => sum + step.duration_s * 1000, 0);
}

/** The folder of the scenarios shipped with Affluence: `scenarios/` at the package root (from src/ or dist/). */
export const scenariosDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

/** Loads a scenario by name (a file of scenarios/) or by path to a JSON file. */
export function loadScenario(nameOrPath: string): Scenario {
  const path =
    nameOrPath.endsWith('.json') || nameOrPath.includes('/')
      ? resolve(nameOrPath)
      : join(scenariosDir, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    throw new ScenarioError(
      `no scenario ${nameOrPath} (looked for ${path}); shipped: advent, black-friday, flash-sale, soak`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(
      `scenario ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseScenario(parsed, path);
}

export interface Scaling {
  /** Multiplies every step's duration (0.1 → a tenth of the time). */
  readonly durationScale: number;
  /** Multiplies every step's arrival rate. */
  readonly rateScale: number;
  /** Multiplies the catalogue's size (SKUs and hot SKUs), so each SKU sees the same share of a smaller load. */
  readonly shopScale: number;
}

/**
 * A smaller (or larger) rehearsal of the same shape: durations, rates and catalogue scaled; stock per
 * SKU unchanged. The advent's players and codes scale with the arrivals, so the codes run out at the
 * same point of the run.
 */
export function scaleScenario(scenario: Scenario, scaling: Scaling): Scenario {
  for (const [name, factor] of Object.entries(scaling)) {
    if (!(Number.isFinite(factor) && factor > 0)) throw new ScenarioError(`${name} must be above 0`);
  }
  // The catalogue never shrinks below what one order, hold or batch read names.
  const skusMin = Math.max(
    scenario.order.lines.max,
    scenario.hold.lines.max,
    scenario.availability_batch_skus.max,
  );
  const skus = Math.min(limits.skusMax, Math.max(skusMin, Math.ceil(scenario.shop.skus * scaling.shopScale)));
  const scaled: Scenario = {
    ...scenario,
    shop: { ...scenario.shop, skus },
    popularity: {
      ...scenario.popularity,
      hot_skus: Math.min(skus, Math.max(1, Math.ceil(scenario.popularity.hot_skus * scaling.shopScale))),
    },
    steps: scenario.steps.map((step) => ({
      ...step,
      rate_per_s: step.rate_per_s * scaling.rateScale,
      duration_s: step.duration_s * scaling.durationScale,
    })),
  };
  if (scenario.advent !== undefined) {
    const arrivalsScale = scaling.rateScale * scaling.durationScale;
    const scaledCount = (count: number, maximum: number) =>
      Math.min(maximum, Math.max(1, Math.round(count * arrivalsScale)));
    scaled.advent = {
      ...scenario.advent,
      players: scaledCount(scenario.advent.players, limits.arrivalsMax),
      codes: scaledCount(scenario.advent.codes, apiLimits.promoCodeBatchMax),
    };
  }
  return parseScenario(scaled, `${scenario.name} (scaled)`);
}
