import type { Comparison } from "./compare.js";

const num = (v: number) =>
  !Number.isFinite(v)
    ? "-"
    : Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.001)
      ? v.toPrecision(4)
      : v.toFixed(4);
const pct = (v: number | null) => (v === null ? "-" : `${(100 * v).toFixed(1)}%`);
const pval = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

/** The comparison for a person: one row per tag, the sample-ratio test, a verdict. */
export function formatCompare(c: Comparison): string {
  const level = `${Math.round((1 - c.alpha) * 1000) / 10}%`;
  const base = c.groups.find((g) => g.role === "baseline");
  const head = [
    "tag",
    "role",
    "rows",
    "share",
    "expected",
    c.metric,
    `${level} CI`,
    `diff vs ${base?.tag}`,
    `${level} CI`,
    "test",
    "p",
    "verdict",
  ];
  const rows = c.groups.map((g) => {
    const cmp = c.comparisons.find((x) => x.candidate === g.tag);
    const d = cmp?.diff;
    return [
      g.tag,
      g.role,
      String(g.rows),
      pct(g.share),
      pct(g.expected),
      num(g.metric.value),
      `[${num(g.metric.lo)}, ${num(g.metric.hi)}]`,
      d ? `${d.value > 0 ? "+" : ""}${num(d.value)}` : "",
      d ? `[${num(d.lo)}, ${num(d.hi)}]` : "",
      d ? `${d.test}${d.statistic !== null ? ` ${d.statistic.toFixed(2)}` : ""}` : "",
      d ? pval(d.p) : "",
      cmp ? (cmp.worse ? "WORSE" : cmp.significant ? "better" : "no significant difference") : "",
    ];
  });
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((x, i) => (i <= 1 || i >= 9 ? x.padEnd(w[i]) : x.padStart(w[i])))
      .join("  ")
      .trimEnd();
  const out = [
    `A/B comparison by ${c.by}: ${c.metric} (${c.better} is better), alpha ${c.alpha}; ${c.rows} rows${c.untagged ? `, ${c.untagged} without a ${c.by} (left out)` : ""}`,
    line(head),
    ...rows.map(line),
  ];
  if (c.srm)
    out.push(
      `sample ratio: chi-square ${c.srm.chi2.toFixed(2)}, df ${c.srm.df}, p ${pval(c.srm.p)}: ${c.srm.mismatch ? "MISMATCH: the traffic split is not the expected one, so the comparison cannot be trusted (check the assignment and logging)" : "matches the expected split"}`,
    );
  const worse = c.comparisons.filter((x) => x.worse);
  out.push(
    worse.length
      ? `verdict: ${worse.map((x) => `${x.candidate} is significantly worse than ${x.baseline} (p ${pval(x.diff.p)} < ${c.alpha})`).join("; ")}.`
      : c.srm?.mismatch
        ? "verdict: sample ratio mismatch."
        : "verdict: no candidate is significantly worse than the baseline.",
  );
  return out.join("\n");
}
