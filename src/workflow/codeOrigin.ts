import type { Config } from "../config/types.js";
import { execGit } from "../git/execGit.js";
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
  const refs = (globs.length ? globs : ["*"]).map((g) => `--refs=refs/heads/${g}`);
  const name = execGit(["name-rev", "--name-only", ...refs, sha], { cwd: root });
  return { commit: sha, subject, name: name && name !== "undefined" ? name : null };
}
