/**
 * The few distribution functions drift thresholds and A/B comparisons need, written out so the
 * package needs no statistics library. Accuracy: about 1e-9 relative for the CDFs (continued
 * fractions of Numerical Recipes, chapter 6), about 1e-9 for the normal quantile (Acklam with one
 * Newton step).
 */

const LOG_SQRT_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms). */
export function logGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
    -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return LOG_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  return 1 - gammaQcf(a, x);
}

// Q(a, x) by Lentz's continued fraction (x >= a + 1).
function gammaQcf(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** P(X > x) for X chi-square with k degrees of freedom. */
export function chiSquareSf(x: number, k: number): number {
  if (x <= 0) return 1;
  return x < k / 2 + 1 ? 1 - gammaP(k / 2, x / 2) : gammaQcf(k / 2, x / 2);
}

/** The erf-based standard normal CDF (W. J. Cody's rational approximations via erfc). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function, relative error below 1.2e-7 everywhere, refined by series. */
export function erfc(x: number): number {
  // erfc(x) = Q(1/2, x^2) for x >= 0: reuse the incomplete gamma, accurate to 1e-15.
  if (x >= 0) return x === 0 ? 1 : x * x < 1.5 ? 1 - gammaP(0.5, x * x) : gammaQcf(0.5, x * x);
  return 2 - erfc(-x);
}

/** The standard normal quantile: z with Φ(z) = p (Acklam's algorithm, one Newton step). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269];
  const a2 = [-30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972];
  const b2 = -13.28068155288572;
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734];
  const c2 = [4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c2[0]) * q + c2[1]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - lo) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a2[0]) * r + a2[1]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b2) * r + 1);
  }
  // One Newton step on Φ(x) - p.
  const e = normalCdf(x) - p;
  return x - e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
}

/** The chi-square quantile with k degrees of freedom at probability p (bisection on the CDF). */
export function chiSquareQuantile(p: number, k: number): number {
  // Wilson-Hilferty gives the bracket's centre; bisection makes it exact.
  const z = normalQuantile(p);
  const h = 2 / (9 * k);
  const guess = Math.max(1e-9, k * (1 - h + z * Math.sqrt(h)) ** 3);
  let lo = 0;
  let hi = Math.max(guess * 2, k + 10 * Math.sqrt(2 * k) + 10);
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (1 - chiSquareSf(mid, k) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Regularized incomplete beta I_x(a, b). */
export function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  if (x < (a + 1) / (a + b + 2)) return (front * betaCf(x, a, b)) / a;
  return 1 - (front * betaCf(1 - x, b, a)) / b;
}

function betaCf(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Two-sided p-value of Student's t with df degrees of freedom: P(|T| >= |t|). */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return betaI(df / (df + t * t), df / 2, 0.5);
}

/** The Student t quantile at probability p with df degrees of freedom (bisection). */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const tail = 2 * (upper ? 1 - p : p);
  let lo = 0;
  let hi = 1;
  while (studentTTwoSided(hi, df) > tail && hi < 1e12) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTTwoSided(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return upper ? t : -t;
}
