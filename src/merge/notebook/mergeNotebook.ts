import type { Cell, Notebook } from "../../records/notebook.js";
import { alignCells } from "./align.js";
import {
  type CellMerge,
  deleteEditCell,
  edited,
  mergeCell,
  REMOVED,
  shapeCell,
} from "./mergeCell.js";
import { mergeMetadata, NOTEBOOK_VOLATILE } from "./metadata.js";
import { mergeOrder } from "./order.js";

/** A merged notebook (always a valid one) and the conflicts left in its cells. */
export interface NotebookMerge {
  nb: Notebook;
  conflicts: string[];
}

const EMPTY: Notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };

// nbformat 4.5 wants an id on every cell, unique: cells that lack one, or share one, get one
// made from their content and place (the same merge gives the same ids).
// node:crypto (~2 MB of memory) loads only for a cell without an id (nbformat < 4.5), not for
// every merge: the driver's peak memory is a target.
const createHash = (algo: string) =>
  (process as unknown as { getBuiltinModule(id: string): typeof import("node:crypto") })
    .getBuiltinModule("node:crypto")
    .createHash(algo);

/** Give every cell a unique id (nbformat 4.5), keeping the ids cells have. */
export function ensureIds(cells: Cell[]): void {
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    if (typeof c.id !== "string" || seen.has(c.id)) {
      let n = 0;
      let id: string;
      do {
        id = createHash("sha1")
          .update(`${i}\0${n++}\0${JSON.stringify(c.source)}`)
          .digest("hex")
          .slice(0, 8);
      } while (seen.has(id));
      c.id = id;
    }
    seen.add(c.id);
  });
}

const label = (i: number, c: Cell) =>
  `cell ${i + 1} [${c.cell_type}]${typeof c.id === "string" ? ` id ${c.id}` : ""}`;

/**
 * Three-way merge of notebooks by cell. Cells match by id (or by alignment with base); each
 * side's new cells are kept; a cell deleted on one side goes unless the other edited it (then
 * the edit stays, as a conflict); cells on both sides merge with mergeCell. Notebook metadata
 * merges key by key. Conflicts are written inside cells, so the result is always a notebook.
 */
export function mergeNotebooks(
  base: Notebook | null,
  ours: Notebook,
  theirs: Notebook,
  markerSize = 7,
): NotebookMerge {
  const b = base ?? EMPTY;
  const keys = alignCells(b.cells, ours.cells, theirs.cells);
  const byKey = (cells: Cell[], k: string[]) => new Map(k.map((key, i) => [key, cells[i]]));
  const [bm, om, tm] = [
    byKey(b.cells, keys.base),
    byKey(ours.cells, keys.ours),
    byKey(theirs.cells, keys.theirs),
  ];
  const merged = new Map<string, CellMerge | null>();
  for (const key of new Set([...keys.ours, ...keys.theirs])) {
    const [bc, oc, tc] = [bm.get(key), om.get(key), tm.get(key)];
    const where = label(0, (oc ?? tc)!);
    if (oc && tc) merged.set(key, mergeCell(bc, oc, tc, markerSize, where));
    else if (!bc) merged.set(key, { cell: shapeCell((oc ?? tc)!), conflict: null });
    else if (oc)
      merged.set(key, edited(bc, oc) ? deleteEditCell(oc, "theirs", markerSize, where) : null);
    else merged.set(key, edited(bc, tc!) ? deleteEditCell(tc!, "ours", markerSize, where) : null);
  }
  const kept = new Set([...merged].filter(([, m]) => m !== null).map(([k]) => k));
  const order = mergeOrder(keys.base, keys.ours, keys.theirs, kept);
  const cells: Cell[] = [];
  const conflicts: string[] = [];
  for (const key of order) {
    const m = merged.get(key)!;
    cells.push(m.cell);
    // Named by its place in the merged notebook, which is what a person opens.
    if (m.conflict) conflicts.push(m.conflict.replace(/^cell \d+/, `cell ${cells.length}`));
  }
  const meta = mergeMetadata(b.metadata, ours.metadata, theirs.metadata, NOTEBOOK_VOLATILE);
  for (const c of meta.conflicts)
    conflicts.push(`notebook metadata "${c.key}": set differently on both sides (ours kept)`);
  if (meta.conflicts.length)
    meta.value.mlbranch = {
      conflict: "notebook metadata set differently on both sides (ours kept)",
      theirsMetadata: Object.fromEntries(
        meta.conflicts.map((c) => [c.key, c.theirs === undefined ? REMOVED : c.theirs]),
      ),
    };
  const minor = Math.max(ours.nbformat_minor ?? 0, theirs.nbformat_minor ?? 0);
  const nb: Notebook = { ...ours, cells, metadata: meta.value, nbformat: 4, nbformat_minor: minor };
  if (minor >= 5) ensureIds(cells);
  return { nb, conflicts };
}
