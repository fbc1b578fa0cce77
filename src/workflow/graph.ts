/** A small directed graph, drawn as Mermaid (GitHub/GitLab markdown) or Graphviz DOT. */
export interface Graph {
  nodes: { id: string; lines: string[]; shape?: "box" | "round" | "db" }[];
  edges: { from: string; to: string; label?: string; dotted?: boolean }[];
}

const mm = (s: string) =>
  s.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));

/** Mermaid flowchart, left to right. */
export function toMermaid(g: Graph): string {
  const out = ["flowchart LR"];
  for (const n of g.nodes) {
    const text = `"${n.lines.map(mm).join("<br/>")}"`;
    const [a, b] = n.shape === "round" ? ["(", ")"] : n.shape === "db" ? ["[(", ")]"] : ["[", "]"];
    out.push(`  ${n.id}${a}${text}${b}`);
  }
  for (const e of g.edges) {
    const arrow = e.dotted ? "-.->" : "-->";
    out.push(`  ${e.from} ${arrow}${e.label ? `|"${mm(e.label)}"|` : ""} ${e.to}`);
  }
  return out.join("\n");
}

const dq = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** Graphviz DOT, left to right. */
export function toDot(g: Graph, name = "lineage"): string {
  const out = [`digraph ${name} {`, "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];'];
  for (const n of g.nodes) {
    const shape =
      n.shape === "round" ? ", style=rounded" : n.shape === "db" ? ", shape=cylinder" : "";
    out.push(`  ${n.id} [label="${n.lines.map(dq).join("\\n")}"${shape}];`);
  }
  for (const e of g.edges)
    out.push(
      `  ${e.from} -> ${e.to}${e.label || e.dotted ? ` [${[e.label ? `label="${dq(e.label)}"` : "", e.dotted ? "style=dashed" : ""].filter(Boolean).join(", ")}]` : ""};`,
    );
  out.push("}");
  return out.join("\n");
}
