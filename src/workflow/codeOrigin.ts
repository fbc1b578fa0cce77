import { globMatcher } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { execGit, runGit } from "../git/execGit.js";
import { globsToPathspecs } from "./pathspecs.js";

/** The commit the code of a snapshot came from (on stable: the dev commit merged in). */
export interface CodeOrigin {
  commit: string;
  subject: string;
  /** A name for it from the dev branches (`dev/model~2`), or null when none contains it. */
  name: string | null;
}

/** Newest non-merge commit that changed code (globs.code) in the history leading to `commit`. */
export function codeOrigin(root: string, config: Config, commit: string): CodeOrigin | null {
  const code = config.globs.code ?? [];
  if (!code.length) return null;
  const out = execGit(
    ["log", "-1", "--no-merges", "--format=%H%x1d%s", commit, "--", ...globsToPathspecs(code)],
    { cwd: root },
  );
  if (!out) return null;
  const [sha, subject] = out.split("\x1d");
  // Name it from the branches of the types that supply code (codeFrom; dev by default).
  const from = new Set(Object.values(config.types).flatMap((t) => t.codeFrom ?? []));
  if (!from.size) from.add("dev");
  const globs = [...from].flatMap((t) => config.types[t]?.match ?? []);
  return { commit: sha, subject, name: nameFrom(root, sha, globs.length ? globs : ["*"]) };
}

/**
 * A name for `sha` from the branches matching `globs`: `branch~N` when it is on a containing
 * branch's first-parent line (the usual dev history), else git name-rev's name. Branches that
 * contain it are found first (`for-each-ref --contains` stops at the commit's age), so
 * name-rev's walk of the whole history runs only when there is something to name.
 */
function nameFrom(root: string, sha: string, globs: string[]): string | null {
  // for-each-ref matches a literal prefix up to a slash: the fixed part of each glob.
  const prefixes = globs.map((g) => {
    const fixed: string[] = [];
    for (const part of g.split("/")) {
      if (/[*?[{]/.test(part)) break;
      fixed.push(part);
    }
    return ["refs/heads", ...fixed].join("/");
  });
  const wanted = globs.map((g) => globMatcher(g));
  const tips = execGit(
    ["for-each-ref", "--contains", sha, "--format=%(refname)", ...new Set(prefixes)],
    { cwd: root },
  )
    .split("\n")
    .map((r) => r.replace(/^refs\/heads\//, ""))
    .filter((b) => b && wanted.some((m) => m(b)));
  if (!tips.length) return null;
  let best: { name: string; n: number } | null = null;
  for (const b of tips) {
    const n = Number(
      execGit(["rev-list", "--first-parent", "--count", `${sha}..refs/heads/${b}`], { cwd: root }),
    );
    const at = runGit(["rev-parse", "-q", "--verify", `refs/heads/${b}~${n}^{commit}`], {
      cwd: root,
      okCodes: [1],
    });
    if (at.stdout.toString("utf8").trim() === sha && (!best || n < best.n))
      best = { name: n ? `${b}~${n}` : b, n };
  }
  if (best) return best.name;
  const refs = tips.map((b) => `--refs=refs/heads/${b}`);
  const name = execGit(["name-rev", "--name-only", ...refs, sha], { cwd: root });
  return name && name !== "undefined" ? name : null;
}
