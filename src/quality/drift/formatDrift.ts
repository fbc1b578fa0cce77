import type { DriftReport } from "./driftReport.js";

const f3 = (v: number | null) => (v === null ? "-" : Number.isFinite(v) ? v.toFixed(3) : "n/a");
const pct = (v: number | null) => (v === null ? "-" : `${(v * 100).toFixed(1)}%`);

/** The drift table for a person: one row per feature, a calibration line, a verdict. */
export function formatDrift(r: DriftReport, title = ""): string {
  const t = r.thresholds;
  const head = [
    "feature",
    "type",
    "PSI",
    "(limit)",
    "KS",
    "(limit)",
    "outliers",
    "(ref)",
    "missing",
    "(ref)",
    "status",
  ];
  const rows = r.features.map((f) => [
    f.feature,
    f.kind,
    f3(f.psi),
    f3(f.limits?.psi ?? null),
    f3(f.ks),
    f3(f.limits?.ks ?? null),
    pct(f.outliers),
    pct(f.refOutliers),
    pct(f.missing?.current ?? null),
    pct(f.missing?.reference ?? null),
    f.alerts.length
      ? `DRIFT (${f.alerts.join(", ")})${f.newCategories?.length ? ` new: ${f.newCategories.join(", ")}` : ""}`
      : (f.note ?? "ok"),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(w[i]) : c.padStart(w[i])))
      .join("  ")
      .trimEnd();
  const out = [
    ...(title ? [title] : []),
    `reference ${r.referenceRows} rows, current ${r.currentRows} rows; limits PSI > ${t.psi}, KS > ${t.ks}, each raised to what sampling noise reaches at alpha ${t.alpha} for these sizes; outliers > ref + ${pct(t.outliers)} + noise (|robust z| > ${t.z} or outside the reference range), ECE > ${t.ece}; missing > ref + ${pct(r.missingShare ?? 0.1)} + noise`,
    ...(r.warnings ?? []).map((w) => `warning: ${w}`),
    line(head),
    ...rows.map(line),
  ];
  if (r.calibration) {
    const c = r.calibration;
    out.push(
      `calibration of ${c.column} against ${c.label}: ECE ${f3(c.ece)} over ${c.rows} rows${c.alert ? "  MISCALIBRATED" : "  ok"}`,
    );
  }
  const n = r.features.filter((f) => f.alerts.length).length;
  out.push(
    r.drift
      ? `drift: ${n} of ${r.features.length} feature${r.features.length === 1 ? "" : "s"} past a threshold${r.calibration?.alert ? ", and the probabilities are miscalibrated" : ""}.`
      : "no drift past the thresholds.",
  );
  return out.join("\n");
}
