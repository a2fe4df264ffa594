import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadScenario,
  parseScenario,
  plannedArrivals,
  type Scenario,
  ScenarioError,
  scaleScenario,
} from './scenario.js';

const shipped = ['advent', 'black-friday', 'flash-sale', 'soak'];

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenarios', () => {
  it.each(shipped)('ships %s as a valid scenario', (name) => {
    const scenario = loadScenario(name);
    expect(scenario.name).toBe(name);
    expect(plannedArrivals(scenario)).toBeGreaterThan(1000);
  });

  it('ramps black-friday from calm to the peak and back', () => {
    const rates = loadScenario('black-friday').steps.map((step) => step.rate_per_s);
    const peak = rates.indexOf(Math.max(...rates));
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(rates.length - 1);
    expect(rates[0]!).toBeLessThan(rates[peak]! / 10);
    expect(rates.at(-1)!).toBeLessThan(rates[peak]! / 10);
  });

  it('makes flash-sale tens of thousands of buyers for a few hundred units of one SKU', () => {
    const scenario = loadScenario('flash-sale');
    expect(scenario.shop.skus).toBe(1);
    expect(scenario.shop.stock_per_location.max * scenario.shop.locations.length).toBeLessThan(1000);
    expect(plannedArrivals(scenario)).toBeGreaterThanOrEqual(20_000);
  });

  it('names every missing or wrong field', () => {
    const message = errorOf(() =>
      parseScenario({ name: 'x', steps: [{ name: 's', rate_per_s: -1 }] }, 'bad.json'),
    );
    expect(message).toContain('scenario bad.json is not valid');
    expect(message).toContain("must have required property 'seed'");
    expect(message).toContain('/steps/0/rate_per_s must be >= 0');
    expect(message).toContain("/steps/0 must have required property 'duration_s'");
  });

  it('refuses unknown fields and rules broken across fields', () => {
    const good = loadScenario('black-friday');
    expect(errorOf(() => parseScenario({ ...good, speed: 'fast' }, 'f.json'))).toContain(
      'must NOT have additional properties (speed)',
    );
    const broken: Scenario = {
      ...good,
      order: { ...good.order, lines: { min: 4, max: 2 } },
      hold: { ...good.hold, convert_share: 0.8, release_share: 0.5 },
      mix: { availability_read: 0, availability_batch: 0, hold: 0, order: 0 },
    };
    const message = errorOf(() => parseScenario(broken, 'f.json'));
    expect(message).toContain('/order/lines min 4 is above max 2');
    expect(message).toContain('convert_share + release_share is above 1');
    expect(message).toContain('/mix has no positive weight');
  });

  it('says which file is not JSON, and which scenario does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    try {
      const path = join(dir, 'broken.json');
      writeFileSync(path, '{ "name": ');
      expect(errorOf(() => loadScenario(path))).toMatch(/broken\.json is not JSON/);
      expect(errorOf(() => loadScenario('cyber-tuesday'))).toContain('no scenario cyber-tuesday');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scales durations, rates and the catalogue, never below what an order names', () => {
    const scenario = loadScenario('black-friday');
    const scaled = scaleScenario(scenario, { durationScale: 0.1, rateScale: 0.5, shopScale: 0.001 });
    expect(scaled.steps[0]!.duration_s).toBeCloseTo(scenario.steps[0]!.duration_s * 0.1);
    expect(scaled.steps[0]!.rate_per_s).toBeCloseTo(scenario.steps[0]!.rate_per_s * 0.5);
    expect(scaled.shop.skus).toBe(Math.max(scenario.order.lines.max, scenario.availability_batch_skus.max));
    expect(scaled.popularity.hot_skus).toBe(1);
    expect(
      errorOf(() => scaleScenario(scenario, { durationScale: 0, rateScale: 1, shopScale: 1 })),
    ).toContain('durationScale must be above 0');
  });

  it('makes advent thousands of players opening one door in its first minute, with fewer codes than players', () => {
    const scenario = loadScenario('advent');
    const [rush] = scenario.steps;
    const opens =
      (rush!.rate_per_s * rush!.duration_s * scenario.mix.advent_open!) /
      Object.values(scenario.mix).reduce((sum, weight) => sum + weight, 0);
    expect(rush!.duration_s).toBe(60);
    expect(opens).toBeGreaterThan(2000);
    expect(scenario.advent!.codes).toBeLessThan(scenario.advent!.players);
    expect(scenario.advent!.second_device_share).toBeGreaterThan(0);
    expect(Math.max(...scenario.steps.map((step) => step.rate_per_s))).toBe(rush!.rate_per_s);
  });

  it('needs the advent section for advent openings, and an opening weight for the section', () => {
    const advent = loadScenario('advent');
    const { advent: _section, ...withoutSection } = advent;
    expect(errorOf(() => parseScenario(withoutSection, 'a.json'))).toContain(
      '/mix/advent_open needs the /advent section',
    );
    expect(
      errorOf(() => parseScenario({ ...advent, mix: { ...advent.mix, advent_open: 0 } }, 'a.json')),
    ).toContain('/advent is set but /mix/advent_open is 0');
    const message = errorOf(() =>
      parseScenario({ ...advent, advent: { ...advent.advent!, codes: 0, spare: 1 } }, 'a.json'),
    );
    expect(message).toContain('/advent/codes must be >= 1');
    expect(message).toContain('/advent must NOT have additional properties (spare)');
  });

  it('scales the advent players and codes with the arrivals, so the codes run out at the same point', () => {
    const scenario = loadScenario('advent');
    const scaled = scaleScenario(scenario, { durationScale: 0.1, rateScale: 0.5, shopScale: 0.1 });
    expect(scaled.advent!.players).toBe(Math.round(scenario.advent!.players * 0.05));
    expect(scaled.advent!.codes).toBe(Math.round(scenario.advent!.codes * 0.05));
    const tiny = scaleScenario(scenario, { durationScale: 0.0001, rateScale: 0.01, shopScale: 1 });
    expect(tiny.advent).toMatchObject({ players: 1, codes: 1 });
  });
});
