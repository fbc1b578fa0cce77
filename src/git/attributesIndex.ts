import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGit } from "./execGit.js";

// A private index holding only a commit's .gitattributes files, so `git check-attr --cached`
// answers from that commit's attributes, nested files included (git 2.39 has no --source).
// check-attr reads nothing else from the index: reading the whole tree (`git read-tree`, a
// 100k-entry index written and read back by every check-attr) bought nothing. Indexes are
// removed when the process exits.
let dir: string | undefined;
const indexOf = new Map<string, string | null>();
// The last index built: a commit whose .gitattributes files are the same shares it.
let last: { commit: string; file: string } | undefined;

const GLOB = ":(glob)**/.gitattributes";

function sameAttributes(cwd: string, a: string, b: string): boolean {
  const r = runGit(["diff-tree", "-r", "-z", "--name-only", "--no-renames", a, b, "--", GLOB], {
    cwd,
    okCodes: [128],
  });
  return r.code === 0 && r.stdout.length === 0;
}

function build(cwd: string, commit: string, file: string): boolean {
  // The commit's .gitattributes paths (an empty one sets nothing: grep skipping it is harmless).
  const found = runGit(["grep", "-l", "-z", "--no-color", "-e", "", commit, "--", GLOB], {
    cwd,
    okCodes: [1, 128],
  });
  if (found.code === 128) return false;
  const paths = found.stdout
    .toString("utf8")
    .split("\0")
    .filter(Boolean)
    .map((p) => p.slice(p.indexOf(":") + 1));
  // Their modes and blob ids, as ls-tree gives them, are the index lines.
  const entries = paths.length
    ? runGit(["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...paths], {
        cwd,
        okCodes: [128],
      })
    : null;
  if (entries && entries.code !== 0) return false;
  const r = runGit(["update-index", "-z", "--index-info"], {
    cwd,
    env: { ...process.env, GIT_INDEX_FILE: file },
    input: entries?.stdout ?? Buffer.alloc(0),
    okCodes: [128],
  });
  return r.code === 0;
}

/** A private index file with `commit`'s .gitattributes files, or null when git cannot read it. */
export function attributesIndex(cwd: string, commit: string): string | null {
  let file = indexOf.get(commit);
  if (file === undefined && last && sameAttributes(cwd, last.commit, commit)) file = last.file;
  if (file === undefined) {
    if (!dir) {
      const made = mkdtempSync(join(tmpdir(), "mlbranch-attr-"));
      dir = made;
      process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    }
    file = join(dir, `${indexOf.size}.index`);
    if (build(cwd, commit, file)) last = { commit, file };
    else file = null;
  }
  indexOf.set(commit, file);
  return file;
}
