import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { matchesAny } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { attributesIndex } from "../git/attributesIndex.js";
import { runGit } from "../git/execGit.js";
import { packageFile } from "../io/paths.js";
import { settingsFor } from "./settings.js";

/** The record drivers whose files only grow when merged. */
export type AppendingDriver = "jsonl" | "csv" | "lines" | "json";
const APPENDING = new Set(["jsonl", "csv", "lines", "json"]);

let template: [string, string][] | undefined;

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

const attrAt = new Map<string, string | null>();

// The merge attribute git gives path in commit ("" for -merge), or null when none is set.
function commitDriver(cwd: string, commit: string, path: string): string | null {
  const key = `${commit}\0${path}`;
  if (!attrAt.has(key)) {
    const index = attributesIndex(cwd, commit);
    attrAt.set(key, index ? checkAttr(cwd, path, { ...process.env, GIT_INDEX_FILE: index }) : null);
  }
  return attrAt.get(key) ?? null;
}

// `git check-attr --cached merge` of the index env names: the driver, "" when unset, or null.
function checkAttr(cwd: string, path: string, env?: NodeJS.ProcessEnv): string | null {
  const r = runGit(["check-attr", "--cached", "-z", "merge", "--", path], {
    cwd,
    env,
    okCodes: [1, 128],
  });
  const value = r.stdout.toString("utf8").split("\0")[2];
  if (r.code !== 0 || !value || value === "unspecified") return null;
  return value === "unset" ? "" : value.replace(/^mlbranch-/, "");
}

// Last matching line wins, as in git; undefined when no line matches.
function lastMatch(lines: [string, string][], path: string): string | undefined {
  let found: string | undefined;
  for (const [glob, d] of lines) if (matchesAny(path, [glob])) found = d;
  return found;
}

/**
 * Which mlbranch driver merges a path. An explicit `files[..].merge` in mlbranch.json wins; else
 * what git itself uses: `git check-attr --cached merge` against the index, or for a historical
 * commit against that commit's tree (every .gitattributes in it, plus info/attributes), or in a
 * push against the default branch's tree before the push (config.attributesRev); where
 * that names nothing, the installed defaults of .gitattributes.template.
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
  // A push is judged with the default branch's attributes, never the pushed ones.
  const rev = staged ? null : (config.attributesRev ?? commit);
  const git = staged ? checkAttr(cwd, path) : rev ? commitDriver(cwd, rev, path) : null;
  if (git !== null) return git || null;
  return lastMatch(templateDrivers(), path) || null;
}
const RECORD_DRIVERS = /^(jsonl|csv|lines|json|sqlite)$/;
const rootLines = new Map<string, [string, string][]>();

/**
 * A cheap first look, without git: could a record driver (jsonl, csv, lines, json, sqlite) merge
 * this path? By mlbranch.json `files`, the installed defaults or the top .gitattributes' own
 * `merge=` lines (nested .gitattributes files are not read here). driverOf gives the answer.
 */
export function mayBeRecordFile(cwd: string, config: Config, path: string): boolean {
  const explicit = settingsFor(config.files, path).merge;
  if (explicit) return RECORD_DRIVERS.test(explicit);
  let lines = rootLines.get(cwd);
  if (!lines) {
    const file = join(cwd, ".gitattributes");
    lines = existsSync(file) ? mergeLines(readFileSync(file, "utf8")) : [];
    rootLines.set(cwd, lines);
  }
  const d = lastMatch(lines, path) ?? lastMatch(templateDrivers(), path);
  return d !== undefined && RECORD_DRIVERS.test(d);
}

/**
 * driverOf for many paths with one `git check-attr --stdin` call (a commit's hooks start one git
 * process for all its files, not one per file). Same answers as driverOf, path by path.
 */
export function driversOf(
  cwd: string,
  config: Config,
  paths: string[],
  staged: boolean,
  commit: string | null = null,
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const ask: string[] = [];
  for (const p of paths) {
    const explicit = settingsFor(config.files, p).merge;
    if (explicit) out.set(p, explicit);
    else ask.push(p);
  }
  if (!ask.length) return out;
  const rev = staged ? null : (config.attributesRev ?? commit);
  const index = rev ? attributesIndex(cwd, rev) : null;
  const git = new Map<string, string | null>();
  // A push judges every commit with one tree's attributes (the default branch's): each path is
  // asked once per process, as commitDriver does, not once per commit.
  const fresh = rev && index ? ask.filter((p) => !attrAt.has(`${rev}\0${p}`)) : ask;
  if (rev && index)
    for (const p of ask)
      if (attrAt.has(`${rev}\0${p}`)) git.set(p, attrAt.get(`${rev}\0${p}`) ?? null);
  if ((staged || index) && fresh.length) {
    const env = index ? { ...process.env, GIT_INDEX_FILE: index } : undefined;
    const r = runGit(["check-attr", "--cached", "-z", "--stdin", "merge"], {
      cwd,
      env,
      input: `${fresh.join("\0")}\0`,
      okCodes: [1, 128],
    });
    const f = r.code === 0 ? r.stdout.toString("utf8").split("\0") : [];
    for (let i = 0; i + 2 < f.length; i += 3) {
      const v = f[i + 2];
      git.set(
        f[i],
        !v || v === "unspecified" ? null : v === "unset" ? "" : v.replace(/^mlbranch-/, ""),
      );
    }
    if (rev && index) for (const p of fresh) attrAt.set(`${rev}\0${p}`, git.get(p) ?? null);
  }
  for (const p of ask) {
    const g = git.get(p) ?? null;
    out.set(p, g !== null ? g || null : lastMatch(templateDrivers(), p) || null);
  }
  return out;
}

/** True for a driver whose merges keep every record of both sides. */
export function isAppending(driver: string | null): driver is AppendingDriver {
  return driver !== null && APPENDING.has(driver);
}
