import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** A database file read page by page (1-based page numbers), without SQLite. */
export class PageFile {
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

/** An SQLite varint at `at`: its value and the offset after it. */
export function varint(b: Buffer, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const c = b[at + i];
    v = (v << 7n) | BigInt(c & 0x7f);
    if (c < 0x80) return [v, at + i + 1];
  }
  return [(v << 8n) | BigInt(b[at + 8]), at + 9];
}

/** Pages of one b-tree: interior pages, and leaves with their type (0x0d table, 0x0a index). */
export function walk(
  f: PageFile,
  root: number,
  interior: Set<number>,
  leaves: Set<number>,
): number {
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

/** Add the freelist's trunk and leaf pages to `into`. */
export function freelist(f: PageFile, into: Set<number>): void {
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
