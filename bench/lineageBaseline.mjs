// The baseline answer to "what was this trained on": one `git log -1 -- <path>` per data file
// per snapshot (the usual script), following Derived-From the same way. Prints JSON.
import { execFileSync } from "node:child_process";

const git = (cwd, args) => execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
const [cwd, rev] = process.argv.slice(2);
const stages = [];
const seen = new Set();
const queue = [git(cwd, ["rev-parse", `${rev}^{commit}`]).trim()];
while (queue.length) {
  const commit = queue.shift();
  seen.add(commit);
  const files = git(cwd, ["ls-tree", "-r", "--name-only", commit, "--", "data"])
    .trim()
    .split("\n")
    .filter(Boolean);
  const out = [];
  for (const path of files) {
    const [sha, trailers] = git(cwd, [
      "log",
      "-1",
      "--format=%H%x00%(trailers:unfold)",
      commit,
      "--",
      path,
    ]).split("\0");
    out.push({ path, commit: sha });
    for (const m of trailers.matchAll(/^Derived-From: \S+@([0-9a-f]+)$/gm)) {
      if (!seen.has(m[1]) && !queue.includes(m[1])) queue.push(m[1]);
    }
  }
  stages.push({ commit, files: out });
}
process.stdout.write(JSON.stringify(stages));
