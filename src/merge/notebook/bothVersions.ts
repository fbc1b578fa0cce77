import { notebookMsg } from "../../io/messages/notebooks.js";
import { type Cell, type Notebook, parseNotebook } from "../../records/notebook.js";
import { CONFLICT_KEY, shapeCell, sourceLines } from "./mergeCell.js";
import { ensureIds } from "./mergeNotebook.js";

const note = (text: string, conflict: string): Cell => ({
  cell_type: "markdown",
  source: sourceLines(text),
  metadata: { [CONFLICT_KEY]: { conflict } },
});

// A side's cells, or its whole text in one raw cell when it is not a notebook.
function cellsOf(text: string): { cells: Cell[]; nb: Notebook | null } {
  const p = parseNotebook(text, { lenient: true });
  if (p.nb) return { cells: p.nb.cells.map((c) => shapeCell({ ...c })), nb: p.nb };
  return text.trim() === ""
    ? { cells: [], nb: null }
    : { cells: [{ cell_type: "raw", source: sourceLines(text), metadata: {} }], nb: null };
}

/**
 * A valid notebook holding both versions whole, for when they cannot be merged: a note, ours'
 * cells, a note, theirs' cells. Nothing of either side is lost and Jupyter opens it.
 */
export function bothVersions(oursText: string, theirsText: string, why: string): Notebook {
  const o = cellsOf(oursText);
  const t = cellsOf(theirsText);
  const cells = [
    note(notebookMsg.bothVersionsNote(why), why),
    ...o.cells,
    note(notebookMsg.theirsFollow(), why),
    ...t.cells,
  ];
  ensureIds(cells);
  return {
    cells,
    metadata: o.nb?.metadata ?? t.nb?.metadata ?? {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}
