import type { CatCol, Column, Columns } from "../../records/columns/columnTypes.js";
import { calibration } from "./calibration.js";
import { categoricalDrift } from "./categoricalDrift.js";
import {
  DEFAULT_MISSING_SHARE,
  DEFAULT_MISSING_VALUES,
  missingLimit,
  missingShare,
  withoutMissingTokens,
} from "./missingValues.js";
import { type Histogram, numericDrift } from "./numericDrift.js";
import {
  ksCritical,
  type Limits,
  outlierLimit,
  PSI_MIN_PER_BIN,
  psiFloor,
  SMALL_REFERENCE,
  type Thresholds,
} from "./thresholds.js";

/** One row of the drift table. */
export interface FeatureDrift {
  feature: string;
  kind: "numeric" | "categorical" | "skipped";
  psi: number | null;
  ks: number | null;
  outliers: number | null;
  refOutliers: number | null;
  newCategories?: string[];
  /** Missing shares (missing-value tokens included): a broken upstream shows here first. */
  missing?: { reference: number; current: number; limit: number };
  /** Which limits this feature crossed: "psi", "ks", "outliers", "missing". */
  alerts: string[];
  /** The limits it was judged by: the configured ones raised to the sample sizes' noise. */
  limits?: Limits;
  /** Shares per bin of both samples (with DriftOptions.histograms), for `drift --html`. */
  histogram?:
    | ({ kind: "numeric" } & Histogram)
    | { kind: "categorical"; labels: string[]; ref: number[]; cur: number[] };
  note?: string;
}

/** The whole comparison. */
export interface DriftReport {
  referenceRows: number;
  currentRows: number;
  features: FeatureDrift[];
  calibration: { column: string; label: string; ece: number; rows: number; alert: boolean } | null;
  thresholds: Thresholds;
  /** Allowed excess of a feature's current missing share over the reference's. */
  missingShare?: number;
  /** True when any feature or the calibration crossed a threshold. */
  drift: boolean;
  /** What limits the judgement (a small reference), for a person to read. */
  warnings: string[];
}

/** Which columns to compare and how to read the probability column. */
export interface DriftOptions {
  features?: string[];
  exclude?: string[];
  probability: string;
  label: string;
  thresholds: Thresholds;
  /** Texts that are missing values, not categories (default DEFAULT_MISSING_VALUES). */
  missingValues?: string[];
  /** Allowed excess of the current missing share over the reference's (default 0.1). */
  missingShare?: number;
  /** Also compute each feature's histogram (for pictures). */
  histograms?: boolean;
}

function asCat(c: Column): CatCol {
  if (c.kind === "cat") return c;
  const dict: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(c.values.length).fill(-1);
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (Number.isNaN(v)) continue;
    const s = String(v);
    let k = index.get(s);
    if (k === undefined) {
      k = dict.length;
      dict.push(s);
      index.set(s, k);
    }
    codes[i] = k;
  }
  return { kind: "cat", codes, dict };
}

// Shares of the 12 most frequent categories (either side), the rest as "(other)".
function categoryShares(r: CatCol, c: CatCol) {
  const share = (col: CatCol) => {
    const m = new Map<string, number>();
    let n = 0;
    for (const k of col.codes)
      if (k >= 0) {
        n++;
        m.set(col.dict[k], (m.get(col.dict[k]) ?? 0) + 1);
      }
    for (const [k, v] of m) m.set(k, v / (n || 1));
    return m;
  };
  const a = share(r);
  const b = share(c);
  const all = [...new Set([...a.keys(), ...b.keys()])].sort(
    (x, y) => Math.max(b.get(y) ?? 0, a.get(y) ?? 0) - Math.max(b.get(x) ?? 0, a.get(x) ?? 0),
  );
  const top = all.slice(0, 12);
  const rest = (m: Map<string, number>) => 1 - top.reduce((s, k) => s + (m.get(k) ?? 0), 0);
  const labels = all.length > 12 ? [...top, "(other)"] : top;
  const pick = (m: Map<string, number>) =>
    all.length > 12 ? [...top.map((k) => m.get(k) ?? 0), rest(m)] : top.map((k) => m.get(k) ?? 0);
  return { kind: "categorical" as const, labels, ref: pick(a), cur: pick(b) };
}

/**
 * The columns compared by default: the reference's, minus excluded, probability and label. A
 * column the current data lacks stays in: a feature that stopped arriving is drift.
 */
export function defaultFeatures(ref: Columns, _cur: Columns, o: DriftOptions): string[] {
  const skip = new Set([...(o.exclude ?? []), o.probability, o.label]);
  return ref.names.filter((n) => !skip.has(n));
}

/** The drift table's rows for the given features (the part worth spreading over threads). */
export function featureRows(ref: Columns, cur: Columns, names: string[], o: DriftOptions) {
  const t = o.thresholds;
  const features: FeatureDrift[] = [];
  const tokens = new Set(o.missingValues ?? DEFAULT_MISSING_VALUES);
  for (const name of names) {
    const r0 = ref.cols.get(name);
    const c0 = cur.cols.get(name);
    const r = r0 && withoutMissingTokens(r0, tokens);
    const c = c0 && withoutMissingTokens(c0, tokens);
    const row: FeatureDrift = {
      feature: name,
      kind: "skipped",
      psi: null,
      ks: null,
      outliers: null,
      refOutliers: null,
      alerts: [],
    };
    if (r && !c) {
      row.note = "not in the current data";
      row.missing = { reference: missingShare(r), current: 1, limit: 0 };
      row.alerts.push("missing");
    } else if (!r || !c) {
      row.note = "not in the reference data";
    } else if (r.kind === "num" && c.kind === "num") {
      const d = numericDrift(r.values, c.values, t.z, o.histograms);
      if (d.hist) row.histogram = { kind: "numeric", ...d.hist };
      Object.assign(row, { kind: "numeric", psi: d.psi, ks: d.ks });
      Object.assign(row, { outliers: d.outliers, refOutliers: d.refOutliers });
      row.limits = {
        psi: Math.max(t.psi, psiFloor(t.alpha, d.bins, d.refN, d.curN)),
        ks: Math.max(t.ks, ksCritical(t.alpha, d.refN, d.curN)),
        outliers: outlierLimit(t, d.refOutliers, d.refN, d.curN),
      };
      if (d.curN && d.psi > row.limits.psi) row.alerts.push("psi");
      if (d.curN && d.ks > (row.limits.ks ?? 1)) row.alerts.push("ks");
    } else {
      const rc = asCat(r);
      // An identifier-like column (almost every value distinct) has no distribution to compare.
      if (rc.dict.length > 100 && rc.dict.length > ref.rows / 2) {
        row.note = `id-like: ${rc.dict.length} distinct values in ${ref.rows} rows`;
      } else {
        const cc = asCat(c);
        const d = categoricalDrift(rc, cc);
        if (o.histograms) row.histogram = categoryShares(rc, cc);
        Object.assign(row, { kind: "categorical", psi: d.psi, outliers: d.outliers });
        Object.assign(row, { refOutliers: d.refOutliers, newCategories: d.newCategories });
        row.limits = {
          psi: Math.max(t.psi, psiFloor(t.alpha, d.bins, d.refN, d.curN)),
          ks: null,
          outliers: outlierLimit(t, 0, d.refN, d.curN, false, d.unseen),
        };
        if (d.psi > row.limits.psi) row.alerts.push("psi");
      }
    }
    if (r && c) {
      const refShare = missingShare(r);
      const curShare = missingShare(c);
      const excess = o.missingShare ?? DEFAULT_MISSING_SHARE;
      const limit = missingLimit(refShare, excess, t.alpha, ref.rows, cur.rows);
      row.missing = { reference: refShare, current: curShare, limit: Math.min(1, limit) };
      // All missing where the reference had values, or far more missing than it had.
      if (cur.rows > 0 && ((curShare === 1 && refShare < 1) || curShare > limit))
        row.alerts.push("missing");
    }
    const limit = row.limits?.outliers ?? t.outliers;
    if (row.outliers !== null && row.outliers - (row.refOutliers ?? 0) > limit)
      row.alerts.push("outliers");
    features.push(row);
  }
  return features;
}

/** Assemble the report from feature rows (computed here unless given) and the calibration. */
export function driftReport(
  ref: Columns,
  cur: Columns,
  o: DriftOptions,
  rows?: FeatureDrift[],
): DriftReport {
  const t = o.thresholds;
  const features = rows ?? featureRows(ref, cur, o.features ?? defaultFeatures(ref, cur, o), o);
  let cal: DriftReport["calibration"] = null;
  const p = cur.cols.get(o.probability);
  const y = cur.cols.get(o.label);
  if (p && y) {
    const c = calibration(p, y);
    if (c) cal = { column: o.probability, label: o.label, ...c, alert: c.ece > t.ece };
  }
  const warnings: string[] = [];
  const unjudged = features.filter((f) => f.limits && !Number.isFinite(f.limits.psi));
  if (unjudged.length)
    warnings.push(
      `PSI is not judged for ${unjudged.map((f) => f.feature).join(", ")}: fewer than ${PSI_MIN_PER_BIN} values per bin on one side (current ${cur.rows} rows), where sampling noise alone reaches any threshold; KS and outliers still are.`,
    );
  if (ref.rows < SMALL_REFERENCE) {
    const ks = ksCritical(t.alpha, ref.rows, cur.rows);
    const psi = psiFloor(t.alpha, 10, ref.rows, cur.rows);
    warnings.push(
      `the reference has only ${ref.rows} rows (fewer than ${SMALL_REFERENCE}): at alpha ${t.alpha} only shifts past KS D ${ks.toFixed(3)}${Number.isFinite(psi) ? ` or PSI ${psi.toFixed(3)} (10 bins)` : ""} can be told from sampling noise; compare against more reference data for finer alerts.`,
    );
  }
  return {
    referenceRows: ref.rows,
    currentRows: cur.rows,
    features,
    calibration: cal,
    thresholds: t,
    missingShare: o.missingShare ?? DEFAULT_MISSING_SHARE,
    drift: features.some((f) => f.alerts.length > 0) || Boolean(cal?.alert),
    warnings,
  };
}
