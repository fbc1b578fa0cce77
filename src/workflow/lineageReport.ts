import type { Lineage } from "./lineage.js";

const short = (s: string | null) => (s ? s.slice(0, 10) : "?");

/** The person-readable lineage report. */
export function formatLineage(l: Lineage): string {
  const out = [`lineage of ${l.rev} (commit ${short(l.commit)}${l.tag ? `, tag ${l.tag}` : ""})`];
  out.push("model:");
  if (!l.models.length) out.push("  (no model files)");
  for (const m of l.models) out.push(`  ${m.path}  blob ${m.blob}`);
  if (l.cards.length) out.push("model cards:");
  for (const m of l.cards) out.push(`  ${m.path}  blob ${m.blob}`);
  if (l.metrics.length) out.push("metrics:");
  for (const m of l.metrics) out.push(`  ${m.path}  blob ${m.blob}`);
  out.push("code:");
  out.push(
    l.code
      ? `  from commit ${short(l.code.commit)} "${l.code.subject}"${l.code.name ? ` (${l.code.name})` : ""}`
      : "  (no code files)",
  );
  const missing: string[] = [];
  for (const s of l.stages) {
    const where = s.branch ? ` on ${s.branch}${s.type ? ` (type ${s.type})` : ""}` : "";
    out.push(`data in ${s.label}${where}:`);
    if (!s.files.length) out.push("  (no data files)");
    const width = Math.max(0, ...s.files.map((f) => f.path.length));
    for (const f of s.files) {
      const how = [
        ...f.dataSource.map((v) => `Data-Source: ${v}`),
        ...f.derivedFrom.map((v) => `Derived-From: ${v}`),
      ];
      out.push(
        `  ${f.path.padEnd(width)}  blob ${short(f.blob)}  changed in ${short(f.commit)}` +
          `${f.subject ? ` "${f.subject}"` : ""}${how.length ? `  ${how.join("; ")}` : "  NO PROVENANCE: neither Data-Source nor Derived-From"}`,
      );
      if (!how.length) missing.push(`${f.path} in ${s.label}${where} (commit ${short(f.commit)})`);
      if (!f.deliveries) continue;
      const total = f.deliveries.reduce((n, d) => n + (d.rows ?? 0), 0);
      out.push(
        `    ${f.deliveries.length} deliver${f.deliveries.length === 1 ? "y" : "ies"}, ${total} rows:`,
      );
      for (const d of f.deliveries) {
        const src = d.dataSource.length
          ? d.dataSource.map((v) => `Data-Source: ${v}`).join("; ")
          : "(no Data-Source)";
        const rows = d.rows === null ? "binary" : `${d.rows} row${d.rows === 1 ? "" : "s"}`;
        out.push(`      ${short(d.commit)} "${d.subject}"  ${rows}  ${src}`);
      }
    }
  }
  out.push(`tracking record${l.tracking ? ` (matched by ${l.tracking.match})` : ""}:`);
  out.push(l.tracking ? `  ${JSON.stringify(l.tracking.record)}` : "  (none)");
  if (l.mlflow) {
    const m = l.mlflow;
    out.push(`MLflow run (tagged ${l.tag}):`);
    out.push(
      `  ${m.run_id}${m.run_name ? ` "${m.run_name}"` : ""} in experiment ${m.experiment_id}, ${m.store === "file" ? `folder ${m.path}/` : `in ${m.path}`}`,
    );
    const metrics = Object.entries(m.metrics).map(([k, v]) => `${k}=${v}`);
    if (metrics.length) out.push(`  metrics: ${metrics.join(", ")}`);
    const params = Object.entries(m.params).map(([k, v]) => `${k}=${v}`);
    if (params.length) out.push(`  params: ${params.join(", ")}`);
  }
  // Said loudly, first and last: the trail stops at a commit without provenance, so what the
  // stages before it delivered (deliveries, rows) is not counted here.
  if (missing.length) {
    const warn = `WARNING: provenance is missing for ${missing.join("; ")}: the lineage stops there, so the deliveries and rows it came from are not counted; add the Derived-From trailer (git commit --amend --trailer "Derived-From: <branch>@<commit>", or mlbranch pull-data, which prepares it).`;
    out.splice(1, 0, warn);
    out.push(warn);
  }
  return out.join("\n");
}
