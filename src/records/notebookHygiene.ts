import type { Notebook } from "./notebook.js";

/** What a branch type lets a notebook carry (mlbranch.json `types.<t>.notebooks`). */
export interface NotebookHygiene {
  outputs?: "keep" | "strip" | "refuse";
  executionCounts?: "keep" | "strip" | "refuse";
  /** Bytes (parsed from the config's size). */
  maxOutputSize?: number;
}

/** What a notebook carries besides its cells' sources. */
export interface OutputStats {
  /** Cells with at least one output. */
  cellsWithOutputs: number;
  /** Cells (and execute_result outputs) with an execution count. */
  counts: number;
  /** Bytes of every output, as JSON. */
  outputBytes: number;
}

/** Count a notebook's outputs, execution counts and the outputs' size. */
export function outputStats(nb: Notebook): OutputStats {
  const s: OutputStats = { cellsWithOutputs: 0, counts: 0, outputBytes: 0 };
  for (const c of nb.cells) {
    if (typeof c.execution_count === "number") s.counts++;
    const outs = Array.isArray(c.outputs) ? c.outputs : [];
    if (outs.length) s.cellsWithOutputs++;
    for (const o of outs) {
      s.outputBytes += Buffer.byteLength(JSON.stringify(o), "utf8");
      if (typeof o.execution_count === "number") s.counts++;
    }
  }
  return s;
}

/**
 * The notebook with outputs and/or execution counts removed (a new object; the input is not
 * changed), or null when it has none of them to remove.
 */
export function stripNotebook(
  nb: Notebook,
  what: { outputs: boolean; executionCounts: boolean },
): Notebook | null {
  let changed = false;
  const cells = nb.cells.map((c) => {
    if (c.cell_type !== "code") return c;
    const out = { ...c };
    if (what.outputs && Array.isArray(c.outputs) && c.outputs.length) {
      out.outputs = [];
      changed = true;
    }
    if (what.executionCounts) {
      if (typeof c.execution_count === "number") {
        out.execution_count = null;
        changed = true;
      }
      if (
        Array.isArray(out.outputs) &&
        out.outputs.some((o) => typeof o.execution_count === "number")
      ) {
        out.outputs = out.outputs.map((o) =>
          "execution_count" in o ? { ...o, execution_count: null } : o,
        );
        changed = true;
      }
    }
    return out;
  });
  return changed ? { ...nb, cells } : null;
}
