import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/types.js";
import { isLfsPointer } from "../git/blobs.js";
import { execGit, execGitBuffer, runGit } from "../git/execGit.js";
import { lfsContent } from "../git/lfs.js";
import { hasHead, isShallow, mergeHeads, resolveRev } from "../git/repo.js";
import { EXIT, InputError, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { wfGuard } from "../io/messages/workflowGuards.js";
import { appendNewRecords, isAppendable } from "./appendRecords.js";
import { parseLsTree, type TreeEntry } from "./fingerprints.js";
import { globRoots } from "./pathspecs.js";
import { dirtyPaths } from "./worktree.js";

/** One file pull-data changed here. */
export interface PulledFile {
  path: string;
  action: "added" | "appended" | "replaced";
  /** Records appended (appended files only). */
  records?: number;
}

/** What pull-data staged and the message it prepared. */
export interface PullResult {
  branch: string;
  sha: string;
  files: PulledFile[];
  /** Where the prepared message was written (null when nothing changed). */
  messageFile: string | null;
  message: string | null;
  trailer: string;
}

function entries(cwd: string, rev: string, paths: string[]): Map<string, TreeEntry> {
  const out = parseLsTree(
    execGitBuffer(["ls-tree", "-r", "-z", "--full-tree", rev, "--", ...paths], { cwd }),
  );
  return new Map(out.filter((e) => e.type === "blob").map((e) => [e.path, e]));
}

// A record file's bytes at a revision; LFS pointers are resolved to their content.
function recordBytes(root: string, rev: string, path: string): Buffer | null {
  const r = runGit(["cat-file", "blob", `${rev}:${path}`], { cwd: root, okCodes: [128] });
  if (r.code !== 0) return null;
  if (!isLfsPointer(r.stdout)) return r.stdout;
  const content = lfsContent(root, r.stdout, path);
  if (!content) throw new InputError(wfMsg.lfsMissing(path, rev));
  return content;
}

/** A pulled branch's own name: "origin/raw" (a remote-tracking branch) is "raw". */
export function pullName(cwd: string, branch: string): string {
  // git 2.39 echoes --end-of-options here; a name starting with "-" is no ref anyway.
  if (branch.startsWith("-")) return branch;
  const full = runGit(["rev-parse", "--symbolic-full-name", branch], {
    cwd,
    okCodes: [128],
  })
    .stdout.toString("utf8")
    .trim();
  const m = /^refs\/remotes\/[^/]+\/(.+)$/.exec(full);
  return m && m[1] !== "HEAD" ? m[1] : branch;
}

/**
 * The source commit of the last pull from `branch` on this branch, to append only what is new.
 * A trailer written as "raw@" or "<remote>/raw@" counts. When the history cannot answer (a
 * shallow clone, or the named commit is not here) it refuses rather than guess: a guess would
 * bring back every record cleaning removed.
 */
export function lastPullFrom(cwd: string, branch: string): string | null {
  if (!hasHead(cwd)) return null;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = pullName(cwd, branch);
  const remotes = execGit(["remote"], { cwd }).split("\n").filter(Boolean).map(esc);
  const prefix = remotes.length ? `((${remotes.join("|")})/)?` : "";
  const re = `${prefix}${esc(name)}@[0-9a-f]+`;
  const out = execGit(
    [
      "log",
      "-1",
      "-E",
      `--grep=^Derived-From: ${re}`,
      "--format=%(trailers:key=Derived-From,valueonly,separator=%x1f)",
      "HEAD",
    ],
    { cwd },
  );
  const value = out
    .split("\x1f")
    .map((v) => v.trim())
    .find((v) => new RegExp(`^${re}$`).test(v));
  const shallow = isShallow(cwd);
  if (!value) {
    if (shallow) throw new MlbranchError(wfGuard.pullShallow(branch), EXIT.usage);
    return null;
  }
  const sha = value.slice(value.lastIndexOf("@") + 1);
  const full = resolveRev(cwd, sha);
  if (!full) throw new MlbranchError(wfGuard.pullBaseMissing(branch, value, shallow), EXIT.usage);
  return full;
}

/** Copy data paths from another branch into the index and work tree, with a prepared message. */
export function pullData(opts: {
  root: string;
  config: Config;
  branch: string;
  paths?: string[];
}): PullResult {
  const { root, config, branch } = opts;
  const sha = resolveRev(root, branch);
  if (!sha) throw new UsageError(wfMsg.noSuchBranch(branch));
  if (mergeHeads(root).length) throw new MlbranchError(wfMsg.pullDuringMerge(), EXIT.violation);
  const paths = opts.paths?.length ? opts.paths : globRoots(config.globs.data ?? []);
  if (!paths.length) throw new UsageError(wfMsg.pullNoPaths());
  const dirty = dirtyPaths(root, paths);
  if (dirty.length) throw new MlbranchError(wfMsg.pullDirty(dirty), EXIT.violation);
  const theirs = entries(root, sha, paths);
  if (!theirs.size) throw new UsageError(wfMsg.pullNothingThere(branch, paths));
  const ours = hasHead(root) ? entries(root, "HEAD", paths) : new Map<string, TreeEntry>();
  const base = lastPullFrom(root, branch);
  // Files the source has not changed since the last pull stay as this branch made them.
  const before = base ? entries(root, base, paths) : new Map<string, TreeEntry>();
  const files: PulledFile[] = [];
  const replace: TreeEntry[] = [];
  // Everything is decided before anything is written, so a refusal leaves no partial pull.
  const appended: { path: string; content: Buffer }[] = [];
  for (const [path, t] of theirs) {
    const o = ours.get(path);
    if (o?.oid === t.oid || (o && before.get(path)?.oid === t.oid)) continue;
    if (!o) {
      replace.push(t);
      files.push({ path, action: "added" });
    } else if (isAppendable(config, path) && o.mode === t.mode) {
      const r = appendNewRecords({
        config,
        path,
        source: `${branch}@${sha.slice(0, 10)}`,
        ours: recordBytes(root, "HEAD", path) ?? Buffer.alloc(0),
        theirs: recordBytes(root, sha, path) ?? Buffer.alloc(0),
        base: base ? (recordBytes(root, base, path) ?? Buffer.alloc(0)) : null,
      });
      if (!r.added) continue;
      appended.push({ path, content: r.content });
      files.push({ path, action: "appended", records: r.added });
    } else {
      replace.push(t);
      files.push({ path, action: "replaced" });
    }
  }
  for (const a of appended) writeFileSync(join(root, a.path), a.content);
  if (appended.length) execGit(["add", "--", ...appended.map((a) => a.path)], { cwd: root });
  if (replace.length) {
    // Through the index, so LFS pointers are smudged into content in the work tree.
    execGit(["update-index", "--add", "--index-info"], {
      cwd: root,
      input: replace.map((e) => `${e.mode} ${e.oid}\t${e.path}`).join("\n") + "\n",
    });
    execGit(["checkout-index", "-f", "--", ...replace.map((e) => e.path)], { cwd: root });
  }
  // The branch's own name, so "origin/raw" in a fresh clone and "raw" elsewhere are one source.
  const trailer = `Derived-From: ${pullName(root, branch)}@${sha}`;
  const result: PullResult = { branch, sha, files, messageFile: null, message: null, trailer };
  if (!files.length) return result;
  const summary = files.map(
    (f) =>
      `- ${f.action} ${f.path}${f.records !== undefined ? ` (+${f.records} record${f.records === 1 ? "" : "s"})` : ""}`,
  );
  result.message = `Pull data from ${branch}\n\n${summary.join("\n")}\n\n${trailer}\n`;
  const file = execGit(["rev-parse", "--path-format=absolute", "--git-path", "MERGE_MSG"], {
    cwd: root,
  });
  writeFileSync(file, result.message);
  result.messageFile = file;
  return result;
}
