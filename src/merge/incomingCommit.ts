import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "../git/execGit.js";

const git = (cwd: string, args: string[]) => {
  const r = runGit(args, { cwd, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString("utf8").trim() : "";
};

/**
 * Which commit the incoming (%B) side of a driver call comes from. git says it in GITHEAD_<sha>
 * during a merge; a rebase lists the commit being replayed last in rebase-merge/done; the
 * *_HEAD refs exist in some states; otherwise the commit that introduced %B's blob is searched.
 */
export function incomingCommit(
  cwd: string,
  theirsFile: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  for (const k of Object.keys(env)) {
    const m = /^GITHEAD_([0-9a-f]{7,64})$/.exec(k);
    if (m) return `${env[k] && env[k] !== m[1] ? `${env[k]} ` : ""}${m[1].slice(0, 12)}`;
  }
  const dir = git(cwd, ["rev-parse", "--absolute-git-dir"]);
  const done = dir && join(dir, "rebase-merge", "done");
  if (done && existsSync(done)) {
    const last = readFileSync(done, "utf8").trim().split("\n").pop() ?? "";
    const m = /^\S+ ([0-9a-f]{7,64})/.exec(last);
    if (m) return `${m[1].slice(0, 12)} (being replayed by rebase)`;
  }
  for (const ref of ["REBASE_HEAD", "CHERRY_PICK_HEAD", "MERGE_HEAD", "REVERT_HEAD"]) {
    const sha = git(cwd, ["rev-parse", "-q", "--verify", `${ref}^{commit}`]);
    if (sha) return `${sha.slice(0, 12)} (${ref})`;
  }
  // cherry-pick and stash pop leave no trace while merging: name the commit that made this version.
  const oid = git(cwd, ["hash-object", "--", theirsFile]);
  const sha = oid && git(cwd, ["log", "--all", "-1", "--format=%H", `--find-object=${oid}`]);
  return sha ? `${sha.slice(0, 12)}, the commit that introduced this version` : "the incoming side";
}
