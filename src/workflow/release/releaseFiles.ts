import { createHash } from "node:crypto";
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { matchesAny } from "../../config/globs.js";
import { blobId } from "../../git/blobs.js";
import { execGitBuffer, runGit } from "../../git/execGit.js";
import { lfsPointer } from "../../git/lfs.js";
import { MlbranchError } from "../../io/errors.js";
import { relMsg } from "../../io/messages/release.js";
import type { TreeEntry } from "../fingerprints.js";

type Src = { gitDir: string; env?: NodeJS.ProcessEnv };

/** One delivered file and how it was verified. */
export interface DeliveredFile {
  path: string;
  /** Bytes written (the model's size for an LFS file, not its pointer's). */
  size: number;
  /** The git blob id at the tagged commit (an LFS file's pointer blob). */
  blob: string;
  /** The LFS object's sha256, for an LFS file. */
  lfsOid: string | null;
  /** "release record": the blob id the tag message names; "commit": the tagged commit's tree. */
  verifiedBy: "release record" | "commit";
}

// A path git itself would refuse to check out (absolute, "..", ".git"): never written outside
// the folder, whatever a server's tree holds.
const UNSAFE = /(^|\/)(\.\.?|\.git)(\/|$)|^\/|\\/i;

/** The files of a snapshot a client gets: deliverable globs, never data paths, files only. */
export function deliverableFiles(
  files: TreeEntry[],
  deliverables: string[],
  data: string[],
): TreeEntry[] {
  return files.filter(
    (f) =>
      f.type === "blob" &&
      !UNSAFE.test(f.path) &&
      matchesAny(f.path, deliverables) &&
      !matchesAny(f.path, data),
  );
}

/** Recorded model files whose blob id differs from the snapshot's (or that it lacks). */
export function recordMismatches(files: TreeEntry[], recorded: Record<string, string>): string[] {
  const at = new Map(files.map((f) => [f.path, f.oid]));
  return Object.entries(recorded).flatMap(([p, oid]) => {
    const now = at.get(p);
    if (now === oid) return [];
    return [`${p}: recorded ${oid.slice(0, 12)}, ${now ? `found ${now.slice(0, 12)}` : "absent"}`];
  });
}

// sha256 and size of a file, read in 1 MiB pieces (a model may not fit in memory).
function sha256File(file: string): { oid: string; size: number } {
  const h = createHash("sha256");
  const buf = Buffer.alloc(1 << 20);
  const fd = openSync(file, "r");
  let size = 0;
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      h.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { oid: h.digest("hex"), size };
}

// The LFS object behind `pointer`, smudged straight into `dest` (git-lfs fetches it from the
// LFS server for this path alone), then hashed: it must be what the pointer names.
function writeLfs(src: Src, tag: string, f: TreeEntry, pointer: Buffer, dest: string) {
  const p = lfsPointer(pointer);
  if (!p) throw new MlbranchError(relMsg.lfsBadContent(f.path, "?"));
  const fd = openSync(dest, "w");
  let r: ReturnType<typeof runGit>;
  try {
    r = runGit(["lfs", "smudge", "--", f.path], {
      cwd: src.gitDir,
      input: pointer,
      stdoutFd: fd,
      okCodes: [1, 2, 128],
      env: { ...(src.env ?? process.env), GIT_LFS_SKIP_SMUDGE: "0" },
    });
  } finally {
    closeSync(fd);
  }
  if (r.code !== 0) {
    const why =
      r.stderr
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /error|missing|not found|denied/i.test(l))
        .at(-1) ?? `git lfs smudge exited ${r.code}`;
    throw new MlbranchError(relMsg.lfsMissing(tag, f.path, p.oid, why));
  }
  const got = sha256File(dest);
  if (got.oid !== p.oid || got.size !== p.size)
    throw new MlbranchError(relMsg.lfsBadContent(f.path, p.oid));
  return { size: got.size, lfsOid: p.oid };
}

/**
 * Write each file's blob (or, for an LFS pointer, its object) under `dir`, checking every blob
 * hashes to its id and, where the release record names one, that it is that id.
 */
export function writeFiles(
  src: Src,
  tag: string,
  files: TreeEntry[],
  recorded: Record<string, string>,
  dir: string,
): DeliveredFile[] {
  const out: DeliveredFile[] = [];
  const bad: string[] = [];
  for (const f of files) {
    const bytes = execGitBuffer(["cat-file", "blob", f.oid], { cwd: src.gitDir, env: src.env });
    const id = blobId(bytes, f.oid.length);
    if (id !== f.oid || (recorded[f.path] && recorded[f.path] !== id)) {
      bad.push(`${f.path}: ${recorded[f.path] ?? f.oid} expected, ${id} found`);
      continue;
    }
    const dest = join(dir, f.path);
    mkdirSync(dirname(dest), { recursive: true });
    const verifiedBy = recorded[f.path] ? "release record" : "commit";
    if (f.mode === "120000") {
      symlinkSync(bytes.toString("utf8"), dest);
      out.push({ path: f.path, size: bytes.length, blob: id, lfsOid: null, verifiedBy });
      continue;
    }
    const lfs = lfsPointer(bytes) ? writeLfs(src, tag, f, bytes, dest) : null;
    if (!lfs) writeFileSync(dest, bytes);
    if (f.mode === "100755") chmodSync(dest, 0o755);
    const size = lfs ? lfs.size : statSync(dest).size;
    out.push({ path: f.path, size, blob: id, lfsOid: lfs?.lfsOid ?? null, verifiedBy });
  }
  if (bad.length) throw new MlbranchError(relMsg.blobMismatch(tag, bad));
  return out;
}
