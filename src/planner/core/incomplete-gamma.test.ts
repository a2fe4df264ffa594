/**
 * The gamma function and the incomplete gamma functions against published values (Abramowitz &
 * Stegun's tables of the error function), against sums anyone can check (factorials, the Poisson
 * distribution), and — as properties — P rising with x, with no jump where the series hands over to
 * the continued fraction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma, logPoissonWeight, regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.js';

/** ln((n − 1)!) by adding logarithms: slow, and shares nothing with the code under test. */
function logFactorialOfLess(n: number): number {
  let sum = 0;
  for (let k = 2; k < n; k += 1) sum += Math.log(k);
  return sum;
}

/** P(Poisson(mean) ≤ most), term by term in logarithms. */
function poissonAtMost(most: number, mean: number): number {
  let logTerm = -mean;
  let sum = Math.exp(logTerm);
  for (let k = 1; k <= most; k += 1) {
    logTerm += Math.log(mean) - Math.log(k);
    sum += Math.exp(logTerm);
  }
  return sum;
}

describe('the gamma function', () => {
  it('gives factorials, √π at one half and Γ(1/3)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // Γ(1/3) = 2.6789385347077476…, a constant known to many more digits.
    expect(Math.exp(logGamma(1 / 3))).toBeCloseTo(2.678938534707747, 13);
    for (const n of [3, 10, 11, 50, 171, 1_000, 100_000])
      expect(logGamma(n) / logFactorialOfLess(n)).toBeCloseTo(1, 13);
  });

  it('refuses what it is not defined for here', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('the incomplete gamma functions', () => {
  it('give the error function at one half: P(½, x²) = erf(x), as tabled by Abramowitz & Stegun', () => {
    // Abramowitz & Stegun, table 7.1: erf 0.5, erf 1 and erf 2 (the last past the series, in the fraction).
    expect(regularizedGammaP(0.5, 0.25)).toBeCloseTo(0.5204998778, 10);
    expect(regularizedGammaP(0.5, 1)).toBeCloseTo(0.8427007929, 10);
    expect(regularizedGammaP(0.5, 4)).toBeCloseTo(0.995322265, 9);
    expect(regularizedGammaQ(0.5, 4)).toBeCloseTo(0.004677735, 9);
  });

  it('give the exponential and the Poisson distribution for whole a', () => {
    // P(1, x) = 1 − e^(−x); Q(n, x) = P(Poisson(x) ≤ n − 1).
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(regularizedGammaQ(5, 2)).toBeCloseTo(poissonAtMost(4, 2), 14);
    expect(regularizedGammaQ(100, 100)).toBeCloseTo(poissonAtMost(99, 100), 12);
    expect(regularizedGammaQ(100, 130)).toBeCloseTo(poissonAtMost(99, 130), 12);
    // Deep in the tail Q keeps its digits instead of being 1 − P ≈ 0.
    const tail = regularizedGammaQ(10, 80);
    expect(tail / poissonAtMost(9, 80)).toBeCloseTo(1, 10);
    expect(tail).toBeLessThan(1e-20);
  });

  it('gives the Poisson probability for large counts without overflow', () => {
    // Stirling: the chance of exactly n events when n are expected is about 1/√(2πn).
    const n = 1e6;
    expect(logPoissonWeight(n, n)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * n) - 1 / (12 * n), 12);
    expect(logPoissonWeight(3, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(Math.exp(logPoissonWeight(3, 2))).toBeCloseTo((Math.exp(-2) * 8) / 6, 15);
  });

  it('rises with x, without a jump where the series hands over to the fraction', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (a, scale, otherScale) => {
          const [low, high] = [a * Math.min(scale, otherScale), a * Math.max(scale, otherScale)];
          expect(regularizedGammaP(a, high)).toBeGreaterThanOrEqual(regularizedGammaP(a, low) - 1e-12);
          const below = regularizedGammaP(a, a + 1 - 1e-9);
          const above = regularizedGammaP(a, a + 1);
          expect(above).toBeGreaterThanOrEqual(below - 1e-12);
          expect(above - below).toBeLessThan(1e-8);
        },
      ),
    );
  });

  it('refuses a negative or missing argument', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaP(1, -1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, Number.NaN)).toThrow(RangeError);
    expect(() => logPoissonWeight(-1, 1)).toThrow(RangeError);
  });
});
