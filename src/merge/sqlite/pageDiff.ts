import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** A b-tree to find: its name and root page in base and in theirs. */
export interface BtreeRoots {
  name: string;
  base: number;
  theirs: number;
}

/** Rowid ranges, per table, that hold every row that differs between base and theirs. */
export type ChangedRanges = Map<string, [bigint, bigint][]>;

class PageFile {
  readonly fd: number;
  readonly size: number;
  readonly pageSize: number;
  readonly header = Buffer.alloc(100);
  constructor(path: string) {
    this.fd = openSync(path, "r");
    this.size = fstatSync(this.fd).size;
    readSync(this.fd, this.header, 0, 100, 0);
    const raw = this.header.readUInt16BE(16);
    this.pageSize = raw === 1 ? 65536 : raw;
  }
  page(n: number): Buffer {
    const b = Buffer.alloc(this.pageSize);
    readSync(this.fd, b, 0, this.pageSize, (n - 1) * this.pageSize);
    return b;
  }
  close() {
    closeSync(this.fd);
  }
}

function varint(b: Buffer, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const c = b[at + i];
    v = (v << 7n) | BigInt(c & 0x7f);
    if (c < 0x80) return [v, at + i + 1];
  }
  return [(v << 8n) | BigInt(b[at + 8]), at + 9];
}

/** Pages of one b-tree: interior pages, and leaves with their type (0x0d table, 0x0a index). */
function walk(f: PageFile, root: number, interior: Set<number>, leaves: Set<number>): number {
  let level = [root];
  let leafType = 0;
  let known = false;
  while (level.length) {
    const next: number[] = [];
    for (const n of level) {
      if (known) {
        leaves.add(n);
        continue;
      }
      const p = f.page(n);
      const h = n === 1 ? 100 : 0;
      const type = p[h];
      if (type === 0x0d || type === 0x0a) {
        leaves.add(n);
        leafType = type;
        continue;
      }
      if (type !== 0x05 && type !== 0x02) throw new Error(`page ${n} is not a b-tree page`);
      const cellCount = p.readUInt16BE(h + 3);
      if (h + 12 + 2 * cellCount > p.length)
        throw new Error(`page ${n} has an impossible cell count`);
      interior.add(n);
      const cells = p.readUInt16BE(h + 3);
      for (let i = 0; i < cells; i++) next.push(p.readUInt32BE(p.readUInt16BE(h + 12 + 2 * i)));
      next.push(p.readUInt32BE(h + 8));
    }
    if (known || !next.length) break;
    // SQLite b-trees are balanced: when one child is a leaf, all of that level are leaves.
    const first = f.page(next[0]);
    const t = first[next[0] === 1 ? 100 : 0];
    if (t === 0x0d || t === 0x0a) {
      known = true;
      leafType = t;
    }
    level = next;
  }
  return leafType;
}

function freelist(f: PageFile, into: Set<number>): void {
  let trunk = f.header.readUInt32BE(32);
  let guard = 0;
  while (trunk && guard++ < 1_000_000) {
    into.add(trunk);
    const p = f.page(trunk);
    const n = p.readUInt32BE(4);
    for (let i = 0; i < n && 8 + 4 * i + 4 <= p.length; i++) into.add(p.readUInt32BE(8 + 4 * i));
    trunk = p.readUInt32BE(0);
  }
}

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
    return varint(p, at)[0];
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

/**
 * Check the b-tree pages of a database cheaply (page types and cell counts of every interior and
 * leaf page): garbage in pages the merge never reads is still found. Throws with what is wrong.
 */
export function verifyBtrees(path: string, roots: number[]): void {
  const f = new PageFile(path);
  try {
    const interior = new Set<number>();
    const expected = new Map<number, number>();
    for (const root of [1, ...roots]) {
      const leaves = new Set<number>();
      const type = walk(f, root, interior, leaves);
      for (const n of leaves) expected.set(n, type);
    }
    const ps = f.pageSize;
    const pages = Math.floor(f.size / ps);
    const chunk = ps * Math.max(1, Math.floor((4 << 20) / ps));
    const buf = Buffer.alloc(chunk);
    for (let off = 0; off < f.size; off += chunk) {
      const got = readSync(f.fd, buf, 0, chunk, off);
      for (let p = 0; p + ps <= got; p += ps) {
        const n = (off + p) / ps + 1;
        const want = expected.get(n);
        if (want === undefined || n > pages) continue;
        const h = p + (n === 1 ? 100 : 0);
        const type = buf[h];
        const cells = buf.readUInt16BE(h + 3);
        if (type !== want || (n === 1 ? 100 : 0) + 8 + 2 * cells > ps)
          throw new Error(`page ${n} is not a valid b-tree leaf page`);
      }
    }
  } finally {
    f.close();
  }
}
