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
const atCommit = new Map<string, [string, string][] | null>();

// `<pattern> ... merge=<driver>` lines (-merge / !merge / merge: no driver), in file order.
function mergeLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split("\n")) {
    const [pattern, ...attrs] = line.trim().split(/\s+/);
    if (!pattern || pattern.startsWith("#")) continue;
    for (const a of attrs) {
      if (a === "-merge" || a === "!merge" || a === "merge") out.push([pattern, ""]);
      else if (a.startsWith("merge=")) out.push([pattern, a.slice(6).replace(/^mlbranch-/, "")]);
    }
  }
  return out;
}

// The installed defaults: .gitattributes.template.
function templateDrivers(): [string, string][] {
  template ??= mergeLines(readFileSync(packageFile(".gitattributes.template"), "utf8"));
  return template;
}

// The root .gitattributes of a commit, or null when it has none.
function commitDrivers(cwd: string, commit: string): [string, string][] | null {
  if (!atCommit.has(commit)) {
    const r = runGit(["cat-file", "blob", `${commit}:.gitattributes`], { cwd, okCodes: [128] });
    atCommit.set(commit, r.code === 0 ? mergeLines(r.stdout.toString("utf8")) : null);
  }
  return atCommit.get(commit) ?? null;
}

// Last matching line wins, as in git; undefined when no line matches.
function lastMatch(lines: [string, string][], path: string): string | undefined {
  let found: string | undefined;
  for (const [glob, d] of lines) if (matchesAny(path, [glob])) found = d;
  return found;
}

/**
 * Which mlbranch driver merges a path. An explicit `files[..].merge` in mlbranch.json wins; else,
 * for the index, `git check-attr --cached merge` (what git itself will use); for a historical
 * commit its root .gitattributes (git 2.39 has no check-attr --source; nested files are not
 * read), and where that names nothing, the installed defaults of .gitattributes.template.
 */
export function driverOf(
  cwd: string,
  config: Config,
  path: string,
  staged: boolean,
  commit: string | null = null,
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
  const lines = !staged && commit ? commitDrivers(cwd, commit) : null;
  const found = (lines && lastMatch(lines, path)) ?? lastMatch(templateDrivers(), path);
  return found || null;
}

/** True for a driver whose merges keep every record of both sides. */
export function isAppending(driver: string | null): driver is AppendingDriver {
  return driver !== null && APPENDING.has(driver);
}
