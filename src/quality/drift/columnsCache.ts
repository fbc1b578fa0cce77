import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isLfsPointer } from "../../git/blobs.js";
import { runGit } from "../../git/execGit.js";
import { atomicWrite } from "../../io/atomicWrite.js";
import { debug } from "../../io/debug.js";
import type { Column, Columns } from "../../records/columns/columnTypes.js";
import type { TableBytes } from "./tableColumns.js";

// Bump when the column readers change what they make of the same bytes.
const FORMAT_VERSION = 1;
const MAGIC = "mlbranch-columns";

interface Header {
  magic: string;
  v: number;
  rows: number;
  names: string[];
  cols: { name: string; kind: "num" | "cat"; at: number; n: number; dict?: string[] }[];
}

// Where a git table's columns are kept, by the identity of its content: the blob id of
// `git cat-file blob <rev:path>`, or the SHA-256 a Git LFS pointer names. Null: not cacheable.
function cacheFile(t: TableBytes): string | null {
  const g = t.git;
  if (!g) return null;
  const env = g.env ? { ...process.env, ...g.env } : undefined;
  let oid: string | undefined;
  const args = ["rev-parse", "--path-format=absolute", "--git-common-dir"];
  if (g.args[0] === "cat-file") args.push(g.args[2]);
  else if (g.args[0] === "lfs" && g.input && isLfsPointer(g.input))
    oid = /^oid sha256:([0-9a-f]{64})$/m.exec(g.input.toString("utf8"))?.[1];
  else return null;
  const r = runGit(args, { cwd: g.cwd, env, okCodes: [1, 128] });
  if (r.code !== 0) return null;
  const [dir, blob] = r.stdout.toString("utf8").trim().split("\n");
  oid ??= blob;
  if (!dir || !oid || !/^[0-9a-f]{40,64}$/.test(oid)) return null;
  return join(dir, "mlbranch", "columns", `${oid}.${t.format}.v${FORMAT_VERSION}`);
}

function load(file: string): Columns | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    const len = buf.readUInt32LE(0);
    const h = JSON.parse(buf.subarray(4, 4 + len).toString("utf8")) as Header;
    if (h.magic !== MAGIC || h.v !== FORMAT_VERSION) return null;
    // A file cut short or edited must not pass for the table: every column holds one value per
    // row, wholly inside the file, and every column named is there.
    const named = new Set(h.cols.map((c) => c.name));
    if (named.size !== h.cols.length || h.names.some((n) => !named.has(n))) return null;
    const cols = new Map<string, Column>();
    for (const c of h.cols) {
      const width = c.kind === "num" ? 8 : 4;
      if (c.n !== h.rows || c.at < 4 + len || c.at + c.n * width > buf.length) return null;
      // Copied out: a typed array over the file's buffer would need its offset aligned.
      const bytes = buf.subarray(c.at, c.at + c.n * width);
      const copy = new Uint8Array(bytes).buffer;
      cols.set(
        c.name,
        c.kind === "num"
          ? { kind: "num", values: new Float64Array(copy) }
          : { kind: "cat", codes: new Int32Array(copy), dict: c.dict ?? [] },
      );
      const col = cols.get(c.name);
      if (col?.kind === "cat" && col.codes.some((k) => k >= col.dict.length)) return null;
    }
    return { rows: h.rows, names: h.names, cols };
  } catch {
    return null;
  }
}

function save(file: string, t: Columns): void {
  const parts: Buffer[] = [];
  const cols: Header["cols"] = [];
  let at = 0;
  for (const [name, c] of t.cols) {
    const data =
      c.kind === "num"
        ? Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength)
        : Buffer.from(c.codes.buffer, c.codes.byteOffset, c.codes.byteLength);
    const n = c.kind === "num" ? c.values.length : c.codes.length;
    cols.push({ name, kind: c.kind, at, n, ...(c.kind === "cat" ? { dict: c.dict } : {}) });
    parts.push(data);
    at += data.length;
  }
  // Offsets are written relative to the data, then shifted past the header.
  const header = (shift: number) =>
    Buffer.from(
      JSON.stringify({
        magic: MAGIC,
        v: FORMAT_VERSION,
        rows: t.rows,
        names: t.names,
        cols: cols.map((c) => ({ ...c, at: c.at + shift })),
      } satisfies Header),
    );
  let shift = 4 + header(0).length;
  // The header's length may grow with the shifted offsets' digits: settle it.
  while (4 + header(shift).length !== shift) shift = 4 + header(shift).length;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(shift - 4);
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    atomicWrite(file, [len, header(shift), ...parts]);
  } catch (e) {
    // A read-only repository still answers, it only parses again next time.
    debug(`columns cache not written: ${(e as Error).message}`);
  }
}

/**
 * A git table's columns, parsed once per content: kept under the repository's git directory
 * (mlbranch/columns/<blob or LFS oid>) so the next commit that checks drift against the same
 * training data reads typed arrays instead of parsing the file again.
 */
export function cachedColumns(t: TableBytes, parse: () => Columns): Columns {
  const file = cacheFile(t);
  const hit = file ? load(file) : null;
  if (hit) return hit;
  const cols = parse();
  if (file) save(file, cols);
  return cols;
}
