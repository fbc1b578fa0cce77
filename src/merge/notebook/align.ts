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

// How much of a cell survives in another: the larger of the share of lines in common and the
// share of characters in a common head and tail (a one-line cell edited in place).
function likeness(a: Cell, b: Cell): number {
  if (a.cell_type !== b.cell_type) return 0;
  const [sa, sb] = [sourceText(a), sourceText(b)];
  const n = Math.max(sa.length, sb.length);
  if (!n) return 1;
  let head = 0;
  while (head < sa.length && head < sb.length && sa[head] === sb[head]) head++;
  let tail = 0;
  while (
    tail < sa.length - head &&
    tail < sb.length - head &&
    sa[sa.length - 1 - tail] === sb[sb.length - 1 - tail]
  )
    tail++;
  const chars = (head + tail) / n;
  const la = sa.split("\n");
  const lb = sb.split("\n");
  if (la.length * lb.length > 250_000) return chars;
  return Math.max(chars, commonLines(la, lb).length / Math.max(la.length, lb.length));
}

/**
 * Match a side's cells to base's: identical cells in order first (a longest common
 * subsequence), then in each stretch between them the cells that still look like a base cell
 * (same type, and half their lines or characters shared; 30% when the stretch has as many cells
 * on both sides; anything when it is one cell on each) are that cell edited. Returns, per side cell, the index of its base cell or -1 (a new cell).
 */
function matchToBase(base: Cell[], side: Cell[]): number[] {
  const out = new Array<number>(side.length).fill(-1);
  const anchors = commonLines(base.map(contentKey), side.map(contentKey));
  let pb = 0;
  let ps = 0;
  const gap = (bEnd: number, sEnd: number) => {
    let s = ps;
    const only = bEnd - pb === 1 && sEnd - ps === 1;
    // A stretch with as many cells on both sides is more likely edits than deletes + inserts.
    const even = bEnd - pb === sEnd - ps;
    for (let b = pb; b < bEnd && s < sEnd; b++) {
      for (let k = s; k < sEnd; k++) {
        const l = likeness(base[b], side[k]);
        if (l >= (even ? 0.3 : 0.5) || (only && base[b].cell_type === side[k].cell_type)) {
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
