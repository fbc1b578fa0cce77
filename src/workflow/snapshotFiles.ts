import { execGitBuffer } from "../git/execGit.js";
import type { TreeEntry } from "./fingerprints.js";

interface Obj {
  oid: string;
  type: string;
  body: Buffer;
}

// `git cat-file --batch` answers in input order: "<oid> <type> <size>\n<body>\n" or "<x> missing\n".
function readObjects(cwd: string, specs: string[]): (Obj | null)[] {
  if (!specs.length) return [];
  const buf = execGitBuffer(["cat-file", "--batch"], { cwd, input: `${specs.join("\n")}\n` });
  const out: (Obj | null)[] = [];
  let at = 0;
  for (let i = 0; i < specs.length; i++) {
    const nl = buf.indexOf(10, at);
    const head = buf.subarray(at, nl).toString("utf8").split(" ");
    at = nl + 1;
    if (head.length !== 3) {
      out.push(null);
      continue;
    }
    const size = Number(head[2]);
    out.push({ oid: head[0], type: head[1], body: buf.subarray(at, at + size) });
    at += size + 1;
  }
  return out;
}

// A binary tree object: "<mode> <name>\0<raw oid>" repeated.
function parseTree(body: Buffer, oidBytes: number): { mode: string; name: string; oid: string }[] {
  const out = [];
  let at = 0;
  while (at < body.length) {
    const sp = body.indexOf(32, at);
    const nul = body.indexOf(0, sp);
    out.push({
      mode: body.subarray(at, sp).toString("utf8"),
      name: body.subarray(sp + 1, nul).toString("utf8"),
      oid: body.subarray(nul + 1, nul + 1 + oidBytes).toString("hex"),
    });
    at = nul + 1 + oidBytes;
  }
  return out;
}

/**
 * The files under `roots` (all files when roots is empty) of many commits, reading each distinct
 * tree once through one `git cat-file --batch` per directory depth, instead of one
 * `git ls-tree -r` process per commit.
 */
export function snapshotFiles(
  cwd: string,
  commits: string[],
  roots: string[],
): Map<string, TreeEntry[]> {
  const result = new Map<string, TreeEntry[]>(commits.map((c) => [c, []]));
  const starts = commits.flatMap((c) =>
    (roots.length ? roots : [""]).map((r) => ({
      commit: c,
      path: r,
      spec: r ? `${c}:${r}` : `${c}^{tree}`,
    })),
  );
  const trees = new Map<string, { mode: string; name: string; oid: string }[]>();
  let pending: { commit: string; path: string; oid: string }[] = [];
  readObjects(
    cwd,
    starts.map((s) => s.spec),
  ).forEach((o, i) => {
    const s = starts[i];
    if (!o) return;
    if (o.type === "blob")
      result.get(s.commit)!.push({ path: s.path, mode: "100644", type: "blob", oid: o.oid });
    else if (o.type === "tree") {
      trees.set(o.oid, parseTree(o.body, o.oid.length / 2));
      pending.push({ commit: s.commit, path: s.path, oid: o.oid });
    }
  });
  while (pending.length) {
    const next: typeof pending = [];
    const unread = [
      ...new Set(
        pending.flatMap((p) =>
          trees
            .get(p.oid)!
            .filter((e) => e.mode === "40000")
            .map((e) => e.oid),
        ),
      ),
    ].filter((oid) => !trees.has(oid));
    readObjects(cwd, unread).forEach((o) => {
      if (o?.type === "tree") trees.set(o.oid, parseTree(o.body, o.oid.length / 2));
    });
    for (const p of pending) {
      for (const e of trees.get(p.oid) ?? []) {
        const path = p.path ? `${p.path}/${e.name}` : e.name;
        if (e.mode === "40000") {
          if (trees.has(e.oid)) next.push({ commit: p.commit, path, oid: e.oid });
        } else if (e.mode !== "160000") {
          result.get(p.commit)!.push({ path, mode: e.mode, type: "blob", oid: e.oid });
        }
      }
    }
    pending = next;
  }
  return result;
}
