import { readFileSync } from "node:fs";
import type { Config } from "../config/types.js";
import { runGit } from "../git/execGit.js";
import { packageFile } from "../paths.js";
import { matchesAny } from "../policy/globs.js";
import { settingsFor } from "./settings.js";

/** The record drivers whose files only grow when merged. */
export type AppendingDriver = "jsonl" | "csv" | "lines" | "json";
const APPENDING = new Set(["jsonl", "csv", "lines", "json"]);

let template: [string, string][] | undefined;

// `<pattern> merge=mlbranch-<x>` lines of .gitattributes.template, later lines winning like git.
function templateDrivers(): [string, string][] {
  template ??= readFileSync(packageFile(".gitattributes.template"), "utf8")
    .split("\n")
    .map((l) => /^(\S+)\s.*\bmerge=mlbranch-([a-z]+)/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => [m[1], m[2]]);
  return template;
}

/**
 * Which mlbranch driver merges a path. An explicit `files[..].merge` in mlbranch.json wins; else,
 * for the index, `git check-attr --cached merge` (what git itself will use); for a historical
 * commit the installed defaults of .gitattributes.template (git 2.39 has no check-attr --source).
 */
export function driverOf(
  cwd: string,
  config: Config,
  path: string,
  staged: boolean,
): string | null {
  const explicit = settingsFor(config.files, path).merge;
  if (explicit) return explicit;
  if (staged) {
    const r = runGit(["check-attr", "--cached", "-z", "merge", "--", path], {
      cwd,
      okCodes: [1, 128],
    });
    const value = r.stdout.toString("utf8").split("\0")[2];
    if (r.code === 0 && value && value !== "unspecified") return value.replace(/^mlbranch-/, "");
  }
  let found: string | null = null;
  for (const [glob, d] of templateDrivers()) if (matchesAny(path, [glob])) found = d;
  return found;
}

/** True for a driver whose merges keep every record of both sides. */
export function isAppending(driver: string | null): driver is AppendingDriver {
  return driver !== null && APPENDING.has(driver);
}
