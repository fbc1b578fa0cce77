import { chiSquareQuantile, normalQuantile } from "../stats/distributions.js";

/** Alert thresholds of `mlbranch drift` and the monitor rule. */
export interface Thresholds {
  /**
   * Smallest population stability index that counts as drift (0.2: the usual "major shift");
   * raised to the noise floor of the sample sizes when that is higher.
   */
  psi: number;
  /** Smallest Kolmogorov-Smirnov D that counts as drift; raised to the critical value at alpha. */
  ks: number;
  /** Allowed excess of the current outlier share over the reference's own share. */
  outliers: number;
  /** Robust z (|x - median| / (1.4826 MAD)) beyond which a value is an outlier. */
  z: number;
  /** Expected calibration error above which the probability column is miscalibrated. */
  ece: number;
  /** Significance level of the sample-size limits: the false-alarm rate per test on same data. */
  alpha: number;
}

/** Defaults: effect sizes that matter, and a 1% false-alarm rate per test on same-distribution data. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  psi: 0.2,
  ks: 0.1,
  outliers: 0.05,
  z: 3.5,
  ece: 0.1,
  alpha: 0.01,
};

/** Below this many reference rows the report warns that only large shifts can be seen. */
export const SMALL_REFERENCE = 1000;

/** The limits one feature is judged by, given the sample sizes. */
export interface Limits {
  psi: number;
  ks: number | null;
  outliers: number;
}

/**
 * The two-sample KS critical value at level alpha for sizes n and m: c(α)·sqrt((n+m)/(n·m)),
 * c(α) = sqrt(-ln(α/2)/2) (Smirnov's asymptotic distribution, as in scipy's ks_2samp "asymp").
 */
export function ksCritical(alpha: number, n: number, m: number): number {
  if (n <= 0 || m <= 0) return 1;
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

const floorCache = new Map<string, number>();

/** Fewer values per PSI bin than this on either side: PSI is not judged (its limit is infinite). */
export const PSI_MIN_PER_BIN = 5;

/**
 * The PSI two same-distribution samples of sizes n and m exceed with probability alpha over
 * `bins` bins: PSI is a symmetric KL divergence, which for small differences is
 * (1/n + 1/m)·χ² with bins - 1 degrees of freedom.
 */
export function psiFloor(alpha: number, bins: number, n: number, m: number): number {
  // Below about 5 values per bin the chi-square law fails (empty bins dominate): not judged.
  if (n <= 0 || m <= 0 || Math.min(n, m) < PSI_MIN_PER_BIN * Math.max(2, bins))
    return Number.POSITIVE_INFINITY;
  const k = Math.max(1, bins - 1);
  const key = `${alpha}:${k}`;
  let q = floorCache.get(key);
  if (q === undefined) {
    q = chiSquareQuantile(1 - alpha, k);
    floorCache.set(key, q);
  }
  return q * (1 / n + 1 / m);
}

/**
 * The outlier limit: the allowed excess, plus (numbers) the share of current values expected
 * outside the range of n reference values, 2/(n+1), plus one-sided binomial noise at alpha.
 * Categories: the share of values in categories the reference missed (Good-Turing: the share
 * of reference values whose category appears once) instead of the range share.
 */
export function outlierLimit(
  t: Thresholds,
  refShare: number,
  n: number,
  m: number,
  range = true,
  unseen = 0,
): number {
  if (n <= 0 || m <= 0) return t.outliers;
  // Numbers: the share expected outside n values' range; categories: the unseen share.
  const outside = range ? 2 / (n + 1) : unseen;
  const p = Math.min(1, Math.max(refShare + outside, 1 / n));
  const noise = normalQuantile(1 - t.alpha) * Math.sqrt((p * (1 - p)) / m + (p * (1 - p)) / n);
  return t.outliers + outside + noise;
}
