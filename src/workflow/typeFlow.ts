import type { Config } from "../config/types.js";
import type { Graph } from "./graph.js";

// What flows between the default branch types (DESIGN.md's workflow), by type name.
const FLOWS: [string, string, string][] = [
  ["raw", "clean", "pull-data: new records (Derived-From)"],
  ["clean", "split", "pull-data + mlbranch split (Derived-From)"],
  ["main", "dev", "problem definition, config"],
  ["dev", "stable", "merge: code"],
  ["split", "stable", "merge: train / validation / test"],
  ["stable", "main", "promote: tracking records, MLflow runs"],
  ["stable", "monitoring", "model tag serves; queries + predictions"],
  ["monitoring", "analysis", "drift, A/B tests (compare)"],
  ["stable", "analysis", "models, metrics to study"],
];

const id = (name: string) => `t_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;

// A glob list as people wrote it: whole named sets ("models") instead of their globs.
function named(list: string[], globs: Record<string, string[]>): string[] {
  let rest = list.map((g) => g.replace(/^@/, ""));
  const out: string[] = [];
  for (const [name, set] of Object.entries(globs)) {
    if (set.length && set.every((g) => rest.includes(g))) {
      out.push(name);
      rest = rest.filter((g) => !set.includes(g));
    }
  }
  return [...out, ...rest];
}

/** The branch types of a config and what flows between them (the default types' flows). */
export function typeFlowGraph(config: Config): Graph {
  const g: Graph = { nodes: [], edges: [] };
  for (const [name, t] of Object.entries(config.types)) {
    const rules = [
      t.appendOnly?.length ? `append-only ${named(t.appendOnly, config.globs).join(", ")}` : "",
      t.codeOnlyByMerge?.length ? "code only by merge" : "",
      t.trailers?.length ? `trailers: ${t.trailers.map((r) => r.key).join(", ")}` : "",
      t.split ? "no leakage between splits" : "",
      t.monitor ? "drift checks" : "",
      t.deny?.length ? `no ${named(t.deny, config.globs).join(", ")}` : "",
    ].filter(Boolean);
    g.nodes.push({
      id: id(name),
      lines: [`${name}: ${t.match.join(", ")}`, ...(rules.length ? [rules.join("; ")] : [])],
      shape: name === "main" ? "round" : "box",
    });
  }
  for (const [from, to, label] of FLOWS)
    if (config.types[from] && config.types[to]) g.edges.push({ from: id(from), to: id(to), label });
  return g;
}
