import type { Graph } from "./graph.js";
import type { Lineage } from "./lineage.js";

const short = (s: string) => s.slice(0, 10);
const files = (paths: string[]) =>
  paths.length > 3 ? [...paths.slice(0, 3), `+${paths.length - 3} more`] : paths;

/** The lineage as a graph, as `dvc dag` draws it: sources -> raw -> clean -> split -> model. */
export function lineageGraph(l: Lineage): Graph {
  const g: Graph = { nodes: [], edges: [] };
  const model = "model";
  g.nodes.push({
    id: model,
    shape: "round",
    lines: [
      `model ${l.tag ?? l.rev} @ ${short(l.commit)}`,
      ...files(l.models.map((m) => m.path)),
      ...(l.cards.length ? [`cards: ${l.cards.map((c) => c.path).join(", ")}`] : []),
      ...(l.metrics.length ? [`metrics: ${l.metrics.map((c) => c.path).join(", ")}`] : []),
    ],
  });
  const id = new Map<string, string>();
  l.stages.forEach((s, i) => {
    id.set(s.commit, `s${i}`);
    g.nodes.push({
      id: `s${i}`,
      shape: "db",
      lines: [
        `${s.branch ?? s.label}${s.type ? ` (${s.type})` : ""} @ ${short(s.commit)}`,
        ...files(s.files.map((f) => f.path)),
      ],
    });
  });
  if (l.stages.length) g.edges.push({ from: "s0", to: model, label: "trained on" });
  const stageOf = (sha: string) =>
    [...id.entries()].find(([c]) => c.startsWith(sha) || sha.startsWith(c))?.[1];
  const seen = new Set<string>();
  const sources = new Map<string, string>();
  l.stages.forEach((s, i) => {
    for (const f of s.files) {
      for (const d of f.derivedFrom) {
        const from = stageOf(d.slice(d.lastIndexOf("@") + 1));
        const key = `${from}>s${i}`;
        if (from && !seen.has(key)) {
          seen.add(key);
          g.edges.push({ from, to: `s${i}`, label: "Derived-From" });
        }
      }
      // Raw deliveries (every one, with rows), else the file's own Data-Source.
      const given = f.deliveries?.length
        ? f.deliveries.flatMap((d) => d.dataSource.map((src) => ({ src, rows: d.rows })))
        : f.dataSource.map((src) => ({ src, rows: null as number | null }));
      for (const { src, rows } of given) {
        let n = sources.get(src);
        if (!n) {
          n = `d${sources.size}`;
          sources.set(src, n);
          g.nodes.push({ id: n, lines: [src] });
        }
        const key = `${n}>s${i}>${f.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        g.edges.push({
          from: n,
          to: `s${i}`,
          label: `${f.path}${rows === null ? "" : ` +${rows} rows`}`,
        });
      }
    }
  });
  if (l.code) {
    g.nodes.push({
      id: "code",
      lines: [
        `code ${l.code.name ?? ""} @ ${short(l.code.commit)}`.replace("  ", " "),
        l.code.subject,
      ],
    });
    g.edges.push({ from: "code", to: model, label: "merged" });
  }
  if (l.mlflow) {
    g.nodes.push({
      id: "run",
      shape: "round",
      lines: [`MLflow run ${l.mlflow.run_id.slice(0, 12)}`, `experiment ${l.mlflow.experiment_id}`],
    });
    g.edges.push({ from: model, to: "run", label: "tracked", dotted: true });
  }
  return g;
}
