import { runGit } from "../git/execGit.js";

/**
 * Which commit the incoming (%B) side of a merge driver call comes from: git names it in
 * GITHEAD_<sha> during merge, rebase and cherry-pick; otherwise the *_HEAD refs say it.
 */
export function incomingCommit(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const named = Object.keys(env).filter((k) => /^GITHEAD_[0-9a-f]{7,64}$/.test(k));
  for (const ref of ["REBASE_HEAD", "CHERRY_PICK_HEAD", "MERGE_HEAD", "REVERT_HEAD"]) {
    const r = runGit(["rev-parse", "-q", "--verify", `${ref}^{commit}`], {
      cwd,
      okCodes: [1, 128],
    });
    const sha = r.stdout.toString("utf8").trim();
    if (r.code === 0 && sha) {
      const name = env[`GITHEAD_${sha}`];
      return `${name && name !== sha ? `${name} ` : ""}${sha.slice(0, 12)} via ${ref}`;
    }
  }
  if (named.length) {
    const sha = named[named.length - 1].slice("GITHEAD_".length);
    const name = env[`GITHEAD_${sha}`];
    return `${name && name !== sha ? `${name} ` : ""}${sha.slice(0, 12)}`;
  }
  return "the incoming side (stash or unknown commit)";
}
