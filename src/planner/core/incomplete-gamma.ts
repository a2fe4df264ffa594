/**
 * The gamma function's logarithm and the regularized incomplete gamma functions P(a, x) and Q(a, x),
 * pure: what Erlang A needs when callers are patient enough that the waiting states of its queue are
 * too many to add up one by one. Written here, not taken from a package, because Erlang A needs the
 * pieces in logarithms — its sums reach e^(10^6) and more — where a plain P and Q would overflow or
 * round to 1.
 *
 * The methods are the textbook ones (Numerical Recipes, ch. 6.2): the power series below x = a + 1,
 * Legendre's continued fraction, evaluated by Lentz's method, above it. Each is accurate to a few
 * units in the last place where it is used; both take about √a steps near x = a, which bounds `a`.
 */

/** Relative size of the next step at which a series or a continued fraction stops. */
const convergedBelow = 1e-16;
/** Steps a series or a continued fraction may take: about 8·√a are needed, so a up to 10^12. */
const stepsMax = 10_000_000;
/** From here up Stirling's series, cut after its z⁻¹³ term, is accurate to 1e-16. */
const stirlingFrom = 10;
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a finite number above 0, not ${value}`);
}

function assertNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a finite number of 0 or more, not ${value}`);
}

/** ln Γ(z) less Stirling's leading terms (z − ½)·ln z − z + ½·ln 2π, for z ≥ 10. */
function stirlingCorrection(z: number): number {
  const inverse = 1 / z;
  const inverseSquared = inverse * inverse;
  // The Bernoulli numbers' series B₂ₖ / (2k·(2k − 1)·z^(2k−1)), k = 1 … 7, innermost last.
  return (
    inverse *
    (1 / 12 +
      inverseSquared *
        (-1 / 360 +
          inverseSquared *
            (1 / 1260 +
              inverseSquared *
                (-1 / 1680 +
                  inverseSquared * (1 / 1188 + inverseSquared * (-691 / 360360 + inverseSquared / 156))))))
  );
}

/** ln Γ(a) for a > 0. */
export function logGamma(a: number): number {
  assertPositive('a', a);
  // Γ(a) = Γ(a + k) / (a·(a + 1)···(a + k − 1)): climbing to 10 lets Stirling's series do all the work,
  // with no table of Lanczos coefficients to get wrong.
  let z = a;
  let product = 1;
  while (z < stirlingFrom) {
    product *= z;
    z += 1;
  }
  return (z - 0.5) * Math.log(z) - z + halfLogTwoPi + stirlingCorrection(z) - Math.log(product);
}

/** d − ln(1 + d) for d > −1, without losing its digits when d is small (it is then about d²/2). */
function dMinusLog1p(d: number): number {
  if (Math.abs(d) > 0.5) return d - Math.log1p(d);
  // ln(1 + d) = 2·atanh(r) with r = d / (2 + d), and d − 2r = r·d: what is left is a fast series in r².
  const r = d / (2 + d);
  const rSquared = r * r;
  let power = r;
  let series = 0;
  for (let k = 1; k < 40; k += 1) {
    power *= rSquared;
    const term = power / (2 * k + 1);
    series += term;
    if (Math.abs(term) <= convergedBelow * Math.abs(series)) break;
  }
  return r * d - 2 * series;
}

/**
 * ln(e^(−x)·x^a / Γ(a + 1)): the Poisson probability of `a` events when `x` are expected, for any
 * real a ≥ 0; the factor in front of both of the incomplete gamma's expansions.
 */
export function logPoissonWeight(a: number, x: number): number {
  assertNonNegative('a', a);
  assertNonNegative('x', x);
  if (x === 0) return a === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (a < stirlingFrom) return a * Math.log(x) - x - logGamma(a + 1);
  // For large a, x − a − a·ln(x/a) is the difference of two numbers near a·ln a; written
  // a·(d − ln(1 + d)) with d = (x − a)/a it keeps its digits however large a grows.
  return -a * dMinusLog1p((x - a) / a) - 0.5 * Math.log(2 * Math.PI * a) - stirlingCorrection(a);
}

/**
 * Σₙ xⁿ / ((a + 1)(a + 2)···(a + n)), n ≥ 0: P(a, x) over the Poisson weight. Meant for x < a + 1,
 * where its terms only shrink.
 */
export function gammaSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= stepsMax; n += 1) {
    term *= x / (a + n);
    sum += term;
    if (term <= convergedBelow * sum) return sum;
  }
  throw new Error(`the incomplete gamma series for a = ${a}, x = ${x} did not converge in ${stepsMax} steps`);
}

/** Floor for Lentz's method: keeps a vanishing denominator from dividing by zero. */
const lentzFloor = 1e-300;

/**
 * e^x·x^(−a)·Γ(a, x), the upper incomplete gamma function over its leading factor, by Legendre's
 * continued fraction 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))). Meant for
 * x ≥ a + 1, where it converges fast.
 */
export function upperGammaFraction(a: number, x: number): number {
  let denominator = x + 1 - a;
  let c = 1 / lentzFloor;
  let d = 1 / denominator;
  let fraction = d;
  for (let i = 1; i <= stepsMax; i += 1) {
    const numerator = -i * (i - a);
    denominator += 2;
    d = numerator * d + denominator;
    if (Math.abs(d) < lentzFloor) d = lentzFloor;
    c = denominator + numerator / c;
    if (Math.abs(c) < lentzFloor) c = lentzFloor;
    d = 1 / d;
    const step = d * c;
    fraction *= step;
    if (Math.abs(step - 1) <= convergedBelow) return fraction;
  }
  throw new Error(
    `the incomplete gamma fraction for a = ${a}, x = ${x} did not converge in ${stepsMax} steps`,
  );
}

/** P(a, x) = γ(a, x)/Γ(a): the chance that a gamma variable of shape a and scale 1 is below x. */
export function regularizedGammaP(a: number, x: number): number {
  assertPositive('a', a);
  assertNonNegative('x', x);
  if (x === 0) return 0;
  if (x < a + 1) return Math.exp(logPoissonWeight(a, x)) * gammaSeries(a, x);
  return 1 - Math.exp(logPoissonWeight(a, x) + Math.log(a * upperGammaFraction(a, x)));
}

/** Q(a, x) = 1 − P(a, x), computed on its own side so that a small Q keeps its digits. */
export function regularizedGammaQ(a: number, x: number): number {
  assertPositive('a', a);
  assertNonNegative('x', x);
  if (x === 0) return 1;
  if (x < a + 1) return 1 - Math.exp(logPoissonWeight(a, x)) * gammaSeries(a, x);
  return Math.exp(logPoissonWeight(a, x) + Math.log(a * upperGammaFraction(a, x)));
}
