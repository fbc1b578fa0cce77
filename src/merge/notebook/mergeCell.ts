import { type Cell, sourceText, splitLines } from "../../records/notebook.js";
import { diff3Lines } from "./diff3.js";
import { CELL_VOLATILE, deepEqual, mergeMetadata, stable } from "./metadata.js";

/** The key under a cell's metadata where a merge records what a person must settle. */
export const CONFLICT_KEY = "mlbranch";

/** Stands for "theirs removed this key" in a conflict note (JSON has no undefined). */
export const REMOVED = { $removed: true };

/** What is recorded in `metadata.mlbranch` of a cell left in conflict. */
export interface CellConflictNote {
  conflict: string;
  /** Delete against edit: the side that deleted the cell (resolving to it drops the cell). */
  deletedBy?: "ours" | "theirs";
  /** Metadata keys set differently: theirs' values (ours' are in place). */
  theirsMetadata?: Record<string, unknown>;
}

/** A merged cell, and why it is in conflict (null when clean). */
export interface CellMerge {
  cell: Cell;
  conflict: string | null;
}

/** True when a side changed what a cell is (type, source, lasting metadata), not only its run. */
export function edited(base: Cell, side: Cell): boolean {
  return (
    base.cell_type !== side.cell_type ||
    sourceText(base) !== sourceText(side) ||
    !deepEqual(stable(base.metadata, CELL_VOLATILE), stable(side.metadata, CELL_VOLATILE))
  );
}

// Three-way choice of one value: a side's change applies; both changed: ours.
function pick<T>(b: T, o: T, t: T): T {
  return deepEqual(o, t) || !deepEqual(b, o) ? o : t;
}

/** A cell's source written as nbformat does: a list of lines, each ending with its newline. */
export const sourceLines = (text: string): string[] => splitLines(text);

/** Fit a cell to its type: code cells have outputs and a count, the others neither. */
export function shapeCell(cell: Cell): Cell {
  const c: Cell = { ...cell };
  if (c.metadata === null || typeof c.metadata !== "object") c.metadata = {};
  if (typeof c.source !== "string" && !Array.isArray(c.source)) c.source = "";
  if (c.cell_type === "code") {
    c.outputs ??= [];
    if (c.execution_count === undefined) c.execution_count = null;
    delete c.attachments;
  } else {
    delete c.outputs;
    delete c.execution_count;
  }
  return c;
}

// Merge sources line by line; a trailing newline is compared apart from the lines (Jupyter
// writes a cell's last line without one).
function mergeSources(b: string, o: string, t: string, markerSize: number) {
  const norm = (s: string) => splitLines(s.endsWith("\n") || s === "" ? s : `${s}\n`);
  const m = diff3Lines(norm(b), norm(o), norm(t), markerSize);
  let text = m.lines.join("");
  const keepNewline = o.endsWith("\n") && t.endsWith("\n");
  // Markers stay whole lines; otherwise the last line ends as the sides' did.
  const lastIsMarker = m.lines.length > 0 && /^>{7,}/.test(m.lines[m.lines.length - 1]);
  if (!keepNewline && !lastIsMarker && text.endsWith("\n")) text = text.slice(0, -1);
  return { text, conflicts: m.conflicts };
}

/**
 * Merge one cell present on both sides (`base` absent: added by both). The source merges line
 * by line; outputs and the execution count follow the side whose source is kept (both kept the
 * same source: the side that re-ran it, ours when both did), and are cleared when the sources
 * were merged; metadata merges key by key.
 */
export function mergeCell(
  base: Cell | undefined,
  ours: Cell,
  theirs: Cell,
  markerSize: number,
  where: string,
): CellMerge {
  const b = base ?? { cell_type: ours.cell_type, source: "", metadata: {} };
  const [bs, os, ts] = [sourceText(b), sourceText(ours), sourceText(theirs)];
  const reasons: string[] = [];
  const meta = mergeMetadata(b.metadata, ours.metadata, theirs.metadata, CELL_VOLATILE);
  const cellType = pick(b.cell_type, ours.cell_type, theirs.cell_type);
  if (
    ours.cell_type !== theirs.cell_type &&
    ours.cell_type !== b.cell_type &&
    theirs.cell_type !== b.cell_type
  )
    reasons.push(
      `changed to ${ours.cell_type} on ours and ${theirs.cell_type} on theirs (ours kept)`,
    );
  let source: string;
  let runFrom: Cell | null;
  if (os === ts) {
    source = os;
    // Both re-ran it, or one did: the run of the side that changed it, ours when both did.
    const run = (c: Cell) => [c.outputs, c.execution_count ?? null];
    runFrom = deepEqual(run(ours), run(b)) ? theirs : ours;
  } else if (os === bs) {
    source = ts;
    runFrom = theirs;
  } else if (ts === bs) {
    source = os;
    runFrom = ours;
  } else {
    const m = mergeSources(base ? bs : "", os, ts, markerSize);
    source = m.text;
    runFrom = null;
    if (m.conflicts)
      reasons.push(
        `source changed differently on both sides (${m.conflicts} conflict block${m.conflicts === 1 ? "" : "s"})`,
      );
  }
  const metadata = meta.value;
  if (meta.conflicts.length) {
    reasons.push(
      `metadata ${meta.conflicts.map((c) => `"${c.key}"`).join(", ")} set differently (ours kept)`,
    );
  }
  if (reasons.length) {
    const note: CellConflictNote = { conflict: reasons.join("; ") };
    if (meta.conflicts.length)
      note.theirsMetadata = Object.fromEntries(
        meta.conflicts.map((c) => [c.key, c.theirs === undefined ? REMOVED : c.theirs]),
      );
    metadata[CONFLICT_KEY] = note;
  }
  const cell: Cell = {
    ...ours,
    cell_type: cellType,
    source: sourceLines(source),
    metadata,
    outputs: runFrom ? runFrom.outputs : [],
    execution_count: runFrom ? (runFrom.execution_count ?? null) : null,
  };
  if (ours.id === undefined && theirs.id !== undefined) cell.id = theirs.id;
  const attachments = pick(b.attachments, ours.attachments, theirs.attachments);
  if (attachments === undefined) delete cell.attachments;
  else cell.attachments = attachments;
  return {
    cell: shapeCell(cell),
    conflict: reasons.length ? `${where}: ${reasons.join("; ")}` : null,
  };
}

/**
 * A cell one side deleted and the other edited: the edit is kept, its source between markers
 * with the deleting side's block empty, and the cell marked so `mlbranch resolve` can drop it.
 */
export function deleteEditCell(
  edit: Cell,
  deletedBy: "ours" | "theirs",
  markerSize: number,
  where: string,
): CellMerge {
  const src = sourceText(edit);
  const body = src === "" || src.endsWith("\n") ? src : `${src}\n`;
  const [o, t] = deletedBy === "ours" ? ["", body] : [body, ""];
  const text = `${"<".repeat(markerSize)} ours${deletedBy === "ours" ? " (deleted this cell)" : ""}\n${o}${"=".repeat(markerSize)}\n${t}${">".repeat(markerSize)} theirs${deletedBy === "theirs" ? " (deleted this cell)" : ""}\n`;
  const edited = deletedBy === "ours" ? "theirs" : "ours";
  const conflict = `deleted on ${deletedBy}, edited on ${edited} (the edit is kept)`;
  const note: CellConflictNote = { conflict, deletedBy };
  return {
    cell: shapeCell({
      ...edit,
      source: sourceLines(text),
      metadata: { ...edit.metadata, [CONFLICT_KEY]: note },
    }),
    conflict: `${where}: ${conflict}`,
  };
}
