import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "../git/execGit.js";

/**
 * mlbranch drivers that .gitattributes names but this clone has not registered (git would then
 * merge or diff those files as text without a word).
 */
export function missingDrivers(root: string): string[] {
  const file = join(root, ".gitattributes");
  if (!existsSync(file)) return [];
  const wanted = new Set<string>();
  for (const m of readFileSync(file, "utf8").matchAll(/\b(merge|diff)=(mlbranch-[\w-]+)/g))
    wanted.add(`${m[1]}.${m[2]}`);
  if (!wanted.size) return [];
  const r = runGit(["config", "--get-regexp", "^(merge|diff)\\.mlbranch-"], {
    cwd: root,
    okCodes: [1],
  });
  const have = new Set<string>();
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const m = /^(merge|diff)\.(mlbranch-[\w-]+)\.(driver|textconv|command)\s/.exec(line);
    if (m) have.add(`${m[1]}.${m[2]}`);
  }
  return [...wanted].filter((w) => !have.has(w)).map((w) => w.replace(".", "="));
}
