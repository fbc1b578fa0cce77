import { type Cell, type Notebook, sourceText } from "../../records/notebook.js";
import { type CellConflictNote, CONFLICT_KEY } from "./mergeCell.js";

/** One cell left in conflict by a merge. */
export interface NotebookConflict {
  /** 1-based place in the notebook. */
  cell: number;
  id: string | null;
  type: string;
  reason: string;
  /** Number of marker blocks in its source. */
  blocks: number;
}

// Marker lines of any size from 7 (git's %L may raise it).
const START = /^<{7,}(?: |$)/;
const MID = /^={7,}$/;
const END = /^>{7,}(?: |$)/;

/** Conflict blocks in a source: a start, a middle and an end marker line, in that order. */
export function markerBlocks(text: string): number {
  let n = 0;
  let state = 0;
  for (const line of text.split("\n")) {
    const l = line.replace(/\r$/, "");
    if (state === 0 && START.test(l)) state = 1;
    else if (state === 1 && MID.test(l)) state = 2;
    else if (state === 2 && END.test(l)) {
      n++;
      state = 0;
    }
  }
  return n;
}

/** The conflict note a merge put in a cell's (or the notebook's) metadata, if any. */
export function conflictNote(meta: unknown): CellConflictNote | null {
  const n = (meta as Record<string, unknown> | undefined)?.[CONFLICT_KEY] as
    | CellConflictNote
    | undefined;
  return n && typeof n === "object" && typeof n.conflict === "string" ? n : null;
}

/** The cells (and notebook metadata, as cell 0) a merge left in conflict. */
export function notebookConflicts(nb: Notebook): NotebookConflict[] {
  const out: NotebookConflict[] = [];
  const top = conflictNote(nb.metadata);
  if (top) out.push({ cell: 0, id: null, type: "notebook", reason: top.conflict, blocks: 0 });
  nb.cells.forEach((c: Cell, i) => {
    const note = conflictNote(c.metadata);
    const blocks = markerBlocks(sourceText(c));
    if (note || blocks)
      out.push({
        cell: i + 1,
        id: typeof c.id === "string" ? c.id : null,
        type: c.cell_type,
        reason: note?.conflict ?? "conflict markers in the source",
        blocks,
      });
  });
  return out;
}
