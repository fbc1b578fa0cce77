import { UsageError } from "../../io/errors.js";
import { abMsg } from "../../io/messages/quality.js";
import { compareGuard } from "../../io/messages/workflowGuards.js";
import type { Column, Columns } from "../../records/columns/columnTypes.js";
import {
  bootstrap,
  chiSquareFit,
  type Difference,
  type Interval,
  meanInterval,
  twoProportion,
  welch,
  wilson,
} from "./abStats.js";

/** The metrics `mlbranch compare` knows, how each is computed and tested. */
export const METRICS = {
  accuracy: { kind: "rate", needs: "label+prediction", better: "higher" },
  error_rate: { kind: "rate", needs: "label+prediction", better: "lower" },
  rate: { kind: "rate", needs: "value", better: "higher" },
  mean: { kind: "mean", needs: "value", better: "higher" },
  mae: { kind: "mean", needs: "label+prediction", better: "lower" },
  mse: { kind: "mean", needs: "label+prediction", better: "lower" },
  rmse: { kind: "bootstrap", needs: "label+prediction", better: "lower" },
  median: { kind: "bootstrap", needs: "value", better: "higher" },
} as const;

/** A metric's name. */
export type MetricName = keyof typeof METRICS;

/** What to compare. */
export interface CompareOptions {
  by: string;
  metric: MetricName;
  label: string;
  prediction: string;
  value: string;
  /** The baseline tag; default: the largest group. */
  baseline?: string;
  /** Expected shares: numbers (baseline first, then candidates by name) or tag=share pairs. */
  expect?: string;
  alpha: number;
  srmAlpha: number;
  lowerIsBetter?: boolean;
  resamples: number;
}

/** One tag's group. */
export interface Group {
  tag: string;
  role: "baseline" | "candidate";
  rows: number;
  /** Rows with the values the metric needs. */
  used: number;
  share: number;
  expected: number | null;
  metric: Interval;
}

/** The whole comparison. */
export interface Comparison {
  by: string;
  metric: MetricName;
  better: "higher" | "lower";
  alpha: number;
  rows: number;
  untagged: number;
  groups: Group[];
  comparisons: {
    candidate: string;
    baseline: string;
    diff: Difference;
    significant: boolean;
    worse: boolean;
  }[];
  srm: { expected: number[]; chi2: number; df: number; p: number; mismatch: boolean } | null;
  /** True when a candidate is significantly worse, or the split mismatches the expected one. */
  fail: boolean;
}

function textAt(c: Column | undefined, i: number): string | null {
  if (!c) return null;
  if (c.kind === "num") return Number.isNaN(c.values[i]) ? null : String(c.values[i]);
  return c.codes[i] < 0 ? null : c.dict[c.codes[i]];
}

function numAt(c: Column | undefined, i: number): number {
  if (!c) return Number.NaN;
  if (c.kind === "num") return c.values[i];
  const s = c.codes[i] < 0 ? "" : c.dict[c.codes[i]];
  if (s === "true") return 1;
  if (s === "false") return 0;
  return s.trim() === "" ? Number.NaN : Number(s);
}

/** The per-row value each metric averages (or bootstraps): NaN where a value is missing. */
function rowValue(t: Columns, o: CompareOptions, i: number): number {
  const m = o.metric;
  if (m === "accuracy" || m === "error_rate") {
    const y = textAt(t.cols.get(o.label), i);
    const p = textAt(t.cols.get(o.prediction), i);
    if (y === null || p === null) return Number.NaN;
    const same = y === p || (Number(y) === Number(p) && y.trim() !== "" && p.trim() !== "");
    return (m === "accuracy") === same ? 1 : 0;
  }
  if (METRICS[m].needs === "value") return numAt(t.cols.get(o.value), i);
  const e = numAt(t.cols.get(o.prediction), i) - numAt(t.cols.get(o.label), i);
  return m === "mae" ? Math.abs(e) : e * e;
}

/** Per-tag row values from any number of tables. */
export function collect(tables: { t: Columns; source: string }[], o: CompareOptions) {
  const groups = new Map<string, { rows: number; values: number[] }>();
  let untagged = 0;
  let rows = 0;
  for (const { t, source } of tables) {
    if (!t.cols.has(o.by)) throw new UsageError(abMsg.noGroupColumn(source, o.by));
    const need = METRICS[o.metric].needs === "value" ? [o.value] : [o.label, o.prediction];
    for (const n of need)
      if (!t.cols.has(n))
        throw new UsageError(
          abMsg.noMetricColumn(
            source,
            n,
            o.metric,
            n === o.value ? "value" : n === o.label ? "label" : "prediction",
          ),
        );
    const by = t.cols.get(o.by);
    for (let i = 0; i < t.rows; i++) {
      rows++;
      const tag = textAt(by, i);
      if (tag === null) {
        untagged++;
        continue;
      }
      let g = groups.get(tag);
      if (!g) {
        g = { rows: 0, values: [] };
        groups.set(tag, g);
      }
      g.rows++;
      const v = rowValue(t, o, i);
      // A rate is a share of 0/1 outcomes: a count or an amount would give a "rate" of 1.18.
      if (o.metric === "rate" && !Number.isNaN(v) && v !== 0 && v !== 1)
        throw new UsageError(
          compareGuard.rateNotBinary(source, o.value, i + 1, textAt(t.cols.get(o.value), i)),
        );
      if (Number.isFinite(v)) g.values.push(v);
    }
  }
  return { groups, untagged, rows };
}

function shares(o: CompareOptions, order: string[]): number[] | null {
  if (o.expect === undefined) return null;
  const parts = o.expect.split(",").map((s) => s.trim());
  const bad = () => new UsageError(abMsg.badExpect(order, o.expect ?? ""));
  let out: number[];
  if (parts.every((p) => p.includes("="))) {
    const m = new Map(
      parts.map((p) => [p.slice(0, p.lastIndexOf("=")), Number(p.slice(p.lastIndexOf("=") + 1))]),
    );
    if (m.size !== order.length || !order.every((t) => m.has(t))) throw bad();
    out = order.map((t) => m.get(t) as number);
  } else {
    out = parts.map(Number);
    if (out.length !== order.length) throw bad();
  }
  if (out.some((x) => !(x > 0) || !Number.isFinite(x))) throw bad();
  return out;
}

/** Compare each candidate tag with the baseline on one metric, and the split against --expect. */
export function compareGroups(
  collected: ReturnType<typeof collect>,
  o: CompareOptions,
): Comparison {
  const { groups } = collected;
  if (groups.size < 2) throw new UsageError(abMsg.tooFewGroups(o.by, [...groups.keys()]));
  const bySize = [...groups].sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : 1));
  const baseline = o.baseline ?? bySize[0][0];
  if (!groups.has(baseline))
    throw new UsageError(abMsg.noBaseline(baseline, o.by, [...groups.keys()]));
  const order = [baseline, ...[...groups.keys()].filter((t) => t !== baseline).sort()];
  const expected = shares(o, order);
  const spec = METRICS[o.metric];
  const better = o.lowerIsBetter === undefined ? spec.better : o.lowerIsBetter ? "lower" : "higher";
  const total = order.reduce((s, t) => s + (groups.get(t)?.rows ?? 0), 0);
  const sumExp = expected ? expected.reduce((s, x) => s + x, 0) : 1;
  const base = groups.get(baseline) as { rows: number; values: number[] };
  const baseArr = Float64Array.from(base.values);
  const stat = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i];
    const m = s / v.length;
    if (o.metric === "rmse") return Math.sqrt(m);
    const c = Float64Array.from(v).sort();
    const h = c.length >> 1;
    return c.length % 2 ? c[h] : (c[h - 1] + c[h]) / 2;
  };
  const metricOf = (v: number[], arr: Float64Array): Interval => {
    if (spec.kind === "rate")
      return wilson(
        v.reduce((s, x) => s + x, 0),
        v.length,
        o.alpha,
      );
    if (spec.kind === "mean") return meanInterval(arr, o.alpha);
    return bootstrap(arr, arr, stat, o.alpha, o.resamples).a;
  };
  const out: Group[] = [];
  const comparisons: Comparison["comparisons"] = [];
  order.forEach((tag, k) => {
    const g = groups.get(tag) as { rows: number; values: number[] };
    if (!g.values.length)
      throw new UsageError(
        abMsg.noValues(
          o.by,
          tag,
          o.metric,
          spec.needs === "value" ? o.value : `${o.label} and ${o.prediction}`,
        ),
      );
    const arr = Float64Array.from(g.values);
    out.push({
      tag,
      role: tag === baseline ? "baseline" : "candidate",
      rows: g.rows,
      used: g.values.length,
      share: total ? g.rows / total : 0,
      expected: expected ? expected[k] / sumExp : null,
      metric: metricOf(g.values, arr),
    });
    if (tag === baseline) return;
    let diff: Difference;
    if (spec.kind === "rate") {
      const xa = base.values.reduce((s, x) => s + x, 0);
      const xb = g.values.reduce((s, x) => s + x, 0);
      diff = twoProportion(xa, base.values.length, xb, g.values.length, o.alpha);
    } else if (spec.kind === "mean") diff = welch(baseArr, arr, o.alpha);
    else diff = bootstrap(baseArr, arr, stat, o.alpha, o.resamples).diff;
    const significant = diff.p < o.alpha;
    const worse = significant && (better === "higher" ? diff.value < 0 : diff.value > 0);
    comparisons.push({ candidate: tag, baseline, diff, significant, worse });
  });
  let srm: Comparison["srm"] = null;
  if (expected) {
    const fit = chiSquareFit(
      order.map((t) => groups.get(t)?.rows ?? 0),
      expected,
    );
    srm = { expected: expected.map((x) => x / sumExp), ...fit, mismatch: fit.p < o.srmAlpha };
  }
  return {
    by: o.by,
    metric: o.metric,
    better,
    alpha: o.alpha,
    rows: collected.rows,
    untagged: collected.untagged,
    groups: out,
    comparisons,
    srm,
    fail: comparisons.some((c) => c.worse) || Boolean(srm?.mismatch),
  };
}
