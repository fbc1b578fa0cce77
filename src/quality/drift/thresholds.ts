/** Alert thresholds of `mlbranch drift` and the monitor rule. */
export interface Thresholds {
  /** Population stability index above which a feature drifted (0.2: the usual "major shift"). */
  psi: number;
  /** Kolmogorov-Smirnov D above which a numeric feature drifted. */
  ks: number;
  /** Allowed excess of the current outlier share over the reference's own share. */
  outliers: number;
  /** Robust z (|x - median| / (1.4826 MAD)) beyond which a value is an outlier. */
  z: number;
  /** Expected calibration error above which the probability column is miscalibrated. */
  ece: number;
}

/** Defaults chosen so that samples of a few thousand rows without a shift stay quiet. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  psi: 0.2,
  ks: 0.1,
  outliers: 0.05,
  z: 3.5,
  ece: 0.1,
};
