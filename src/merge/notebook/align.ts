import { type Cell, sourceText } from "../../records/notebook.js";
import { commonLines } from "./diff3.js";

/** Each side's cells with the identity the merge matches them by. */
export interface Aligned {
  base: string[];
  ours: string[];
  theirs: string[];
  /** True when the notebooks' own cell ids were used. */
  byId: boolean;
}

const hasIds = (cells: Cell[]) => {
  const ids = new Set<string>();
  for (const c of cells) {
    if (typeof c.id !== "string" || ids.has(c.id)) return false;
    ids.add(c.id);
  }
  return true;
};

// A cell's content as one comparable string (type and source).
const contentKey = (c: Cell) => `${c.cell_type}\0${sourceText(c)}`;

// Share of lines two sources have in common: an edited cell still resembles its base.
function likeness(a: Cell, b: Cell): number {
  if (a.cell_type !== b.cell_type) return 0;
  const la = sourceText(a).split("\n");
  const lb = sourceText(b).split("\n");
  const n = Math.max(la.length, lb.length);
  if (la.length * lb.length > 250_000) return 0;
  return n ? commonLines(la, lb).length / n : 1;
}

/**
 * Match a side's cells to base's: identical cells in order first (a longest common
 * subsequence), then in each stretch between them the cells that still look like a base cell
 * (same type, and half their lines shared, or the only cell on both sides of the stretch) are
 * that cell edited. Returns, per side cell, the index of its base cell or -1 (a new cell).
 */
function matchToBase(base: Cell[], side: Cell[]): number[] {
  const out = new Array<number>(side.length).fill(-1);
  const anchors = commonLines(base.map(contentKey), side.map(contentKey));
  let pb = 0;
  let ps = 0;
  const gap = (bEnd: number, sEnd: number) => {
    let s = ps;
    const only = bEnd - pb === 1 && sEnd - ps === 1;
    for (let b = pb; b < bEnd && s < sEnd; b++) {
      for (let k = s; k < sEnd; k++) {
        const l = likeness(base[b], side[k]);
        if (l >= 0.5 || (only && base[b].cell_type === side[k].cell_type)) {
          out[k] = b;
          s = k + 1;
          break;
        }
      }
    }
  };
  for (const [b, s] of anchors) {
    gap(b, s);
    out[s] = b;
    pb = b + 1;
    ps = s + 1;
  }
  gap(base.length, side.length);
  return out;
}

/**
 * Give every cell of the three versions an identity: its id when every cell of all three has a
 * unique one (nbformat 4.5), else by alignment with base (unchanged and edited cells keep base's
 * identity; a new cell gets its own, except that the same new cell added by both sides in the
 * same order is one cell).
 */
export function alignCells(base: Cell[], ours: Cell[], theirs: Cell[]): Aligned {
  if (hasIds(base) && hasIds(ours) && hasIds(theirs))
    return {
      base: base.map((c) => c.id as string),
      ours: ours.map((c) => c.id as string),
      theirs: theirs.map((c) => c.id as string),
      byId: true,
    };
  const baseKeys = base.map((_, i) => `b${i}`);
  const o = matchToBase(base, ours);
  const t = matchToBase(base, theirs);
  const oursKeys = o.map((b, i) => (b >= 0 ? baseKeys[b] : `o${i}`));
  const theirsKeys = t.map((b, i) => (b >= 0 ? baseKeys[b] : `t${i}`));
  // The same new cell on both sides (one delivery merged twice) is one cell.
  const newOurs = oursKeys.flatMap((k, i) => (k.startsWith("o") ? [i] : []));
  const newTheirs = theirsKeys.flatMap((k, i) => (k.startsWith("t") ? [i] : []));
  const pairs = commonLines(
    newOurs.map((i) => contentKey(ours[i])),
    newTheirs.map((i) => contentKey(theirs[i])),
  );
  for (const [a, b] of pairs) theirsKeys[newTheirs[b]] = oursKeys[newOurs[a]];
  return { base: baseKeys, ours: oursKeys, theirs: theirsKeys, byId: false };
}
