import { readFileSync } from "node:fs";
import { runGit } from "../../git/execGit.js";

/**
 * The trailer `mlbranch pull-data` prepared for the commit being made (it writes the message to
 * .git/MERGE_MSG, which git removes once a commit succeeds), or null.
 */
export function preparedTrailer(cwd: string, key: string, env?: NodeJS.ProcessEnv): string | null {
  const r = runGit(["rev-parse", "--path-format=absolute", "--git-path", "MERGE_MSG"], {
    cwd,
    okCodes: [128],
    env,
  });
  if (r.code !== 0) return null;
  let text: string;
  try {
    text = readFileSync(r.stdout.toString("utf8").trim(), "utf8");
  } catch {
    return null;
  }
  const k = key.toLowerCase();
  const line = text
    .split("\n")
    .reverse()
    .find((l) => l.toLowerCase().startsWith(`${k}:`));
  return line ? line.slice(key.length + 1).trim() || null : null;
}
