import type { DriftReport, FeatureDrift } from "./driftReport.js";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
const f3 = (v: number | null | undefined) =>
  v === null || v === undefined ? "-" : Number.isFinite(v) ? v.toFixed(3) : "n/a";
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "-" : `${(100 * v).toFixed(1)}%`;
const short = (v: number) =>
  Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(2)
    : String(+v.toFixed(3));

const W = 420;
const H = 150;
const PAD = 24;

/** Two series of shares as grouped bars in one inline SVG (reference blue, current orange). */
function bars(labels: string[], ref: number[], cur: number[], title: string): string {
  const n = ref.length;
  const max = Math.max(1e-9, ...ref, ...cur);
  const slot = (W - 2 * PAD) / Math.max(1, n);
  const bw = Math.max(1, slot / 2 - 1);
  const y = (v: number) => H - PAD - (v / max) * (H - 2 * PAD);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = PAD + i * slot;
    out.push(
      `<rect class="ref" x="${(x + 0.5).toFixed(1)}" y="${y(ref[i]).toFixed(1)}" width="${bw.toFixed(1)}" height="${(H - PAD - y(ref[i])).toFixed(1)}"><title>${esc(labels[i] ?? "")}: reference ${pct(ref[i])}</title></rect>`,
      `<rect class="cur" x="${(x + 0.5 + bw).toFixed(1)}" y="${y(cur[i]).toFixed(1)}" width="${bw.toFixed(1)}" height="${(H - PAD - y(cur[i])).toFixed(1)}"><title>${esc(labels[i] ?? "")}: current ${pct(cur[i])}</title></rect>`,
    );
  }
  const axis = `<line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" class="axis"/>`;
  const first = labels[0] ?? "";
  const last = labels.length > 1 ? (labels.at(-1) ?? "") : "";
  const ticks =
    `<text x="${PAD}" y="${H - 6}" class="tick">${esc(first)}</text>` +
    `<text x="${W - PAD}" y="${H - 6}" class="tick" text-anchor="end">${esc(last)}</text>` +
    `<text x="${PAD}" y="${PAD - 8}" class="tick">max ${pct(max)}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${axis}${out.join("")}${ticks}</svg>`;
}

function card(f: FeatureDrift): string {
  const status = f.alerts.length ? "drift" : f.kind === "skipped" ? "skipped" : "ok";
  const badge = f.alerts.length ? `DRIFT (${f.alerts.join(", ")})` : (f.note ?? "ok");
  const h = f.histogram;
  let chart = "";
  if (h?.kind === "numeric") {
    const labels = h.ref.map((_, i) => short(h.edges[i]));
    labels[labels.length - 1] = short(h.edges.at(-1) ?? 0);
    chart = bars(labels, h.ref, h.cur, `${f.feature} histograms`);
    if (h.below || h.above)
      chart += `<p class="note">current outside the reference range: ${pct(h.below)} below, ${pct(h.above)} above</p>`;
  } else if (h?.kind === "categorical") {
    chart = bars(h.labels, h.ref, h.cur, `${f.feature} category shares`);
    chart += `<p class="note">categories: ${h.labels.map(esc).join(", ")}</p>`;
  }
  const rows: [string, string][] = [
    ["PSI", `${f3(f.psi)} <span class="lim">limit ${f3(f.limits?.psi)}</span>`],
  ];
  if (f.kind === "numeric")
    rows.push(["KS", `${f3(f.ks)} <span class="lim">limit ${f3(f.limits?.ks)}</span>`]);
  rows.push([
    "outliers",
    `${pct(f.outliers)} <span class="lim">reference ${pct(f.refOutliers)}</span>`,
  ]);
  if (f.newCategories?.length) rows.push(["new categories", esc(f.newCategories.join(", "))]);
  return `<section class="card ${status}" data-feature="${esc(f.feature)}" data-status="${status}">
<h2>${esc(f.feature)} <small>${f.kind}</small> <span class="badge">${esc(badge)}</span></h2>
${chart}
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}</table>
</section>`;
}

/** One self-contained page (inline CSS and SVG, no script, no external asset) for a report. */
export function driftHtml(r: DriftReport, title: string): string {
  const n = r.features.filter((f) => f.alerts.length).length;
  const verdict = r.drift
    ? `drift: ${n} of ${r.features.length} features past a limit${r.calibration?.alert ? ", probabilities miscalibrated" : ""}`
    : "no drift past the limits";
  const cal = r.calibration
    ? `<p>calibration of ${esc(r.calibration.column)} against ${esc(r.calibration.label)}: ECE ${f3(r.calibration.ece)} over ${r.calibration.rows} rows ${r.calibration.alert ? '<span class="badge bad">MISCALIBRATED</span>' : "ok"}</p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}.verdict{font-weight:600;margin:8px 0}.verdict.drift{color:#b42318}
.grid{display:flex;flex-wrap:wrap;gap:16px}.card{border:1px solid #ddd;border-radius:8px;padding:12px;width:440px}
.card.drift{border-color:#b42318;box-shadow:0 0 0 2px #fde2e0}.card h2{font-size:16px;margin:0 0 8px}
.card small{color:#666;font-weight:400}.badge{font-size:12px;padding:2px 6px;border-radius:4px;background:#e7f5ec;color:#146c2e}
.drift .badge,.badge.bad{background:#fde2e0;color:#b42318}.skipped .badge{background:#eee;color:#555}
rect.ref{fill:#4c78a8}rect.cur{fill:#f58518}.axis{stroke:#999}.tick{font-size:10px;fill:#555}
table{border-collapse:collapse;margin-top:6px}th{text-align:left;padding-right:12px;font-weight:500}.lim{color:#666;font-size:12px}
.note{font-size:12px;color:#555;margin:2px 0}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
.warn{background:#fff6e0;border:1px solid #f0c36d;padding:6px 10px;border-radius:6px}
</style></head><body>
<h1>${esc(title)}</h1>
<p>reference ${r.referenceRows} rows, current ${r.currentRows} rows; limits: PSI &gt; ${r.thresholds.psi}, KS &gt; ${r.thresholds.ks}, each raised to sampling noise at alpha ${r.thresholds.alpha}
<span class="legend"><span style="background:#4c78a8"></span>reference<span style="background:#f58518"></span>current</span></p>
${r.warnings.map((w) => `<p class="warn">warning: ${esc(w)}</p>`).join("\n")}
<p class="verdict${r.drift ? " drift" : ""}">${esc(verdict)}</p>
${cal}
<div class="grid">
${r.features.map(card).join("\n")}
</div>
</body></html>
`;
}
