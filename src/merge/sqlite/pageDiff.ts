import { readSync } from "node:fs";
import { freelist, PageFile, varint, walk } from "./pageFile.js";

/** A b-tree to find: its name and root page in base and in theirs. */
export interface BtreeRoots {
  name: string;
  base: number;
  theirs: number;
}

/** Rowid ranges, per table, that hold every row that differs between base and theirs. */
export type ChangedRanges = Map<string, [bigint, bigint][]>;

function differingPages(a: PageFile, b: PageFile): Set<number> {
  const out = new Set<number>();
  const ps = a.pageSize;
  const chunk = ps * Math.max(1, Math.floor((4 << 20) / ps));
  const ba = Buffer.alloc(chunk);
  const bb = Buffer.alloc(chunk);
  const end = Math.max(a.size, b.size);
  for (let off = 0; off < end; off += chunk) {
    const na = off < a.size ? readSync(a.fd, ba, 0, chunk, off) : 0;
    const nb = off < b.size ? readSync(b.fd, bb, 0, chunk, off) : 0;
    for (let p = 0; p < chunk && off + p < end; p += ps) {
      const page = (off + p) / ps + 1;
      if (p + ps > na || p + ps > nb || ba.compare(bb, p, p + ps, p, p + ps) !== 0) out.add(page);
    }
  }
  return out;
}

function leafRange(f: PageFile, n: number): [bigint, bigint] | null {
  const p = f.page(n);
  const h = n === 1 ? 100 : 0;
  const cells = p.readUInt16BE(h + 3);
  if (!cells) return null;
  const key = (i: number) => {
    const [, at] = varint(p, p.readUInt16BE(h + 8 + 2 * i));
    // Rowids are signed 64-bit; the varint holds their two's complement.
    return BigInt.asIntN(64, varint(p, at)[0]);
  };
  return [key(0), key(cells - 1)];
}

/**
 * Compare base and theirs page by page and return, for each rowid table, rowid ranges that cover
 * every row that differs; a page identical in both files and a leaf of the table in both holds
 * only unchanged rows. Returns null when the files do not allow it (then every row is compared).
 */
export function changedRanges(
  basePath: string,
  theirsPath: string,
  roots: BtreeRoots[],
): ChangedRanges | null {
  const base = new PageFile(basePath);
  const theirs = new PageFile(theirsPath);
  try {
    const h = (f: PageFile, off: number) => f.header.readUInt32BE(off);
    if (
      base.size === 0 ||
      base.pageSize !== theirs.pageSize ||
      base.header[20] !== theirs.header[20] ||
      h(base, 52) !== 0 ||
      h(theirs, 52) !== 0
    )
      return null; // different layouts, or auto-vacuum pointer maps
    const diff = differingPages(base, theirs);
    const accounted = new Set<number>([1]);
    freelist(base, accounted);
    freelist(theirs, accounted);
    const leaves = new Map<string, { b: Set<number>; t: Set<number>; rowid: boolean }>();
    for (const r of [{ name: "sqlite_schema", base: 1, theirs: 1 }, ...roots]) {
      const b = new Set<number>();
      const t = new Set<number>();
      const tb = r.base ? walk(base, r.base, accounted, b) : 0x0d;
      const tt = r.theirs ? walk(theirs, r.theirs, accounted, t) : 0x0d;
      for (const n of b) accounted.add(n);
      for (const n of t) accounted.add(n);
      leaves.set(r.name, { b, t, rowid: tb !== 0x0a && tt !== 0x0a });
    }
    // A differing page that is no b-tree, freelist or header page is an overflow page: a row's
    // content changed without its leaf changing, so leaves alone cannot tell.
    for (const n of diff) if (!accounted.has(n)) return null;
    const out: ChangedRanges = new Map();
    for (const r of roots) {
      const l = leaves.get(r.name)!;
      if (!l.rowid) continue;
      const ranges: [bigint, bigint][] = [];
      for (const [f, mine, other] of [
        [base, l.b, l.t],
        [theirs, l.t, l.b],
      ] as const) {
        for (const n of mine) {
          if (!diff.has(n) && other.has(n)) continue;
          const range = leafRange(f, n);
          if (range) ranges.push(range);
        }
      }
      out.set(r.name, coalesce(ranges));
    }
    return out;
  } catch {
    return null; // unexpected layout: fall back to comparing every row
  } finally {
    base.close();
    theirs.close();
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

function coalesce(ranges: [bigint, bigint][]): [bigint, bigint][] {
  // Rowids almost always fit a double exactly; compare those as numbers (BigInt compares are slow).
  const safe = ranges.every((r) => r[0] >= MIN_SAFE && r[1] <= MAX_SAFE);
  ranges.sort(
    safe
      ? (x, y) => Number(x[0]) - Number(y[0])
      : (x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0),
  );
  const out: [bigint, bigint][] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] <= last[1] + 1n) {
      if (r[1] > last[1]) last[1] = r[1];
    } else out.push([r[0], r[1]]);
  }
  return out;
}
