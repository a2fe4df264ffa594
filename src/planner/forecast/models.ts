/**
 * The forecasting models, from augurs (Grafana's time-series library, Rust compiled to
 * WebAssembly): AutoETS, which searches the exponential-smoothing models for the one that fits the
 * history best, and MSTL, which takes the weekly pattern out, forecasts the rest with AutoETS and
 * puts the pattern back. Their WebAssembly is loaded once, on first use, from the package's files.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ets from '@bsull/augurs/ets';
import * as mstl from '@bsull/augurs/mstl';
import type { Forecaster, SeriesForecast } from '../core/accuracy.js';

let loaded = false;

function loadModels(): void {
  if (loaded) return;
  for (const [module, name] of [
    [ets, 'ets'],
    [mstl, 'mstl'],
  ] as const) {
    const wasm = fileURLToPath(import.meta.resolve(`@bsull/augurs/${name}`)).replace(/\.js$/, '_bg.wasm');
    module.initSync({ module: readFileSync(wasm) });
  }
  // Its own logs would reach the shop's terminal on every fit: errors only.
  ets.initLogging({ maxLevel: 'error', color: false });
  loaded = true;
}

interface AugursModel {
  fit(y: Float64Array): void;
  predict(
    horizon: number,
    level?: number | null,
  ): { point: number[]; intervals?: { lower: number[]; upper: number[] } };
  free(): void;
}

function augursForecast(
  model: AugursModel,
  training: readonly number[],
  horizon: number,
  levels: readonly number[],
): SeriesForecast {
  try {
    model.fit(Float64Array.from(training));
    const point = model.predict(horizon).point;
    const intervals = new Map(
      levels.map((level) => {
        const bounds = model.predict(horizon, level).intervals;
        if (bounds === undefined) throw new Error(`the model gave no ${level * 100} % interval`);
        return [level, { lower: bounds.lower, upper: bounds.upper }] as const;
      }),
    );
    const values = [point, ...[...intervals.values()].flatMap((bounds) => [bounds.lower, bounds.upper])];
    if (values.some((series) => series.length !== horizon || series.some((value) => !Number.isFinite(value))))
      throw new Error('the model gave no finite forecast');
    return { point, intervals };
  } finally {
    model.free();
  }
}

/** AutoETS over every error, trend and season form of period `period`. */
export function autoEts(period: number): Forecaster {
  return {
    name: 'ets',
    forecast(training, horizon, levels) {
      loadModels();
      return augursForecast(new ets.AutoETS(period, 'ZZZ'), training, horizon, levels);
    },
  };
}

/** MSTL with a season of `period` steps, its remainder forecast by AutoETS. */
export function mstlEts(period: number): Forecaster {
  return {
    name: 'mstl',
    forecast(training, horizon, levels) {
      loadModels();
      return augursForecast(mstl.MSTL.ets([period]), training, horizon, levels);
    },
  };
}
