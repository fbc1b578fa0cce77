import { globMatcher } from "../../config/globs.js";
import { runGit } from "../../git/execGit.js";
import { UsageError } from "../../io/errors.js";
import { tableMsg } from "../../io/messages/tables.js";

/**
 * The path a reference names in `rev`: itself, or the first JSONL or CSV file its glob matches
 * ("acme-2:data/train.*", since splits may be CSV or JSONL).
 */
export function globPath(cwd: string, rev: string, path: string, env?: NodeJS.ProcessEnv): string {
  if (!/[*?[{]/.test(path)) return path;
  const r = runGit(["ls-tree", "-r", "-z", "--name-only", rev], { cwd, env, okCodes: [128] });
  const names = r.code === 0 ? r.stdout.toString("utf8").split("\0").filter(Boolean) : [];
  const hit = names
    .filter((n) => /\.(jsonl|ndjson|csv|tsv)$/i.test(n) && globMatcher(path)(n))
    .sort()[0];
  if (!hit) {
    throw new UsageError(tableMsg.noMatchAt(rev, path, r.code === 0));
  }
  return hit;
}
