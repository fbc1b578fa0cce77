import { type Cell, type Notebook, sourceText } from "../../records/notebook.js";
import { conflictNote } from "./conflicts.js";
import { CONFLICT_KEY, sourceLines } from "./mergeCell.js";

const START = /^<{7,}(?: |$)/;
const MID = /^={7,}$/;
const END = /^>{7,}(?: |$)/;

/** A source with each conflict block replaced by one side's part of it. */
export function takeSide(text: string, side: "ours" | "theirs"): string {
  const out: string[] = [];
  let state = 0;
  let found = false;
  for (const line of text.split(/(?<=\n)/)) {
    const l = line.replace(/\r?\n$/, "");
    if (state === 0 && START.test(l)) {
      state = 1;
      found = true;
    } else if (state === 1 && MID.test(l)) state = 2;
    else if (state === 2 && END.test(l)) state = 0;
    else if (state === 0 || (state === 1 && side === "ours") || (state === 2 && side === "theirs"))
      out.push(line);
  }
  // The markers ended the source with a newline Jupyter would not have written.
  return found ? out.join("").replace(/\n$/, "") : text;
}

// Theirs' values of metadata keys set differently ("a.b" is a nested key).
function applyTheirs(meta: Record<string, unknown>, theirs: Record<string, unknown>): void {
  for (const [path, v] of Object.entries(theirs)) {
    const keys = path.split(".");
    let at = meta;
    for (const k of keys.slice(0, -1)) {
      if (at[k] === null || typeof at[k] !== "object") at[k] = {};
      at = at[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (v && typeof v === "object" && "$removed" in v) delete at[last];
    else at[last] = v;
  }
}

function settleMeta(meta: Record<string, unknown>, side: "ours" | "theirs"): boolean {
  const note = conflictNote(meta);
  if (!note) return false;
  delete meta[CONFLICT_KEY];
  if (side === "theirs" && note.theirsMetadata) applyTheirs(meta, note.theirsMetadata);
  return true;
}

/**
 * Settle every conflict a merge left in a notebook with one side: a marker block keeps that
 * side's lines, a cell deleted by that side goes, metadata set differently takes that side's
 * values. Returns the settled notebook and how many cells (or the notebook's metadata) changed.
 */
export function resolveNotebook(
  nb: Notebook,
  side: "ours" | "theirs",
): { nb: Notebook; resolved: number } {
  let resolved = 0;
  const cells: Cell[] = [];
  for (const c of nb.cells) {
    const note = conflictNote(c.metadata);
    if (note?.deletedBy === side) {
      resolved++;
      continue;
    }
    const text = sourceText(c);
    const settled = takeSide(text, side);
    const metadata = { ...c.metadata };
    const metaDone = settleMeta(metadata, side);
    if (settled === text && !metaDone) {
      cells.push(c);
      continue;
    }
    resolved++;
    cells.push({ ...c, source: sourceLines(settled), metadata });
  }
  const metadata = { ...nb.metadata };
  if (settleMeta(metadata, side)) resolved++;
  return { nb: { ...nb, cells, metadata }, resolved };
}
