import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import type Micromatch from "micromatch";
import { atomicWrite } from "../io/atomicWrite.js";
import { cacheDir } from "../io/paths.js";

const require = createRequire(import.meta.url);
type Matcher = (path: string) => boolean;

// micromatch (with picomatch and braces, ~17 files) costs a hook ~15 ms to load and compile a
// config's globs. Its matcher for a glob is `input !== "" && (input === glob || re.test(input))`
// (picomatch.test, POSIX), so the regex sources it makes are kept in node_modules/.cache/mlbranch,
// keyed by micromatch's and picomatch's versions; micromatch loads only for a glob not yet there.
let mm: typeof Micromatch | undefined;
let disk: Record<string, [string, string]> | undefined;
let diskFile: string | null = null;
let dirty = false;
const regexes = new Map<string, RegExp>();

function micromatch(): typeof Micromatch {
  mm ??= require("micromatch") as typeof Micromatch;
  return mm;
}

// In the published package micromatch is bundled: scripts/bundle.mjs defines its and picomatch's
// versions here. Run from source, they are read from node_modules.
declare const __MLBRANCH_GLOB_ENGINE__: string | undefined;
function globEngine(): string {
  if (typeof __MLBRANCH_GLOB_ENGINE__ === "string") return __MLBRANCH_GLOB_ENGINE__;
  const mmPkg = require.resolve("micromatch/package.json");
  return [mmPkg, createRequire(mmPkg).resolve("picomatch/package.json")]
    .map((f) => (JSON.parse(readFileSync(f, "utf8")) as { version: string }).version)
    .join("-");
}

function loadDisk(): Record<string, [string, string]> {
  if (disk) return disk;
  disk = Object.create(null) as Record<string, [string, string]>;
  try {
    diskFile = join(cacheDir(), `globs-${globEngine()}.json`);
    const read: unknown = existsSync(diskFile) ? JSON.parse(readFileSync(diskFile, "utf8")) : {};
    // Only what looks right is used; anything else is compiled again (and the file rewritten).
    for (const [glob, v] of Object.entries(read && typeof read === "object" ? read : {}))
      if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string")
        disk[glob] = [v[0], v[1]];
  } catch {
    // no cache (read-only install, unreadable or broken file): compile in memory
  }
  return disk;
}

function saveDisk(): void {
  if (!dirty || !diskFile) return;
  try {
    mkdirSync(dirname(diskFile), { recursive: true });
    atomicWrite(diskFile, JSON.stringify(disk));
  } catch {
    // read-only: next time compiles again
  }
}

/** micromatch's regex for glob with { dot: true }, from the cache when it is there. */
function regexOf(glob: string): RegExp {
  let re = regexes.get(glob);
  if (re) return re;
  const d = loadDisk();
  const hit = Object.hasOwn(d, glob) ? d[glob] : undefined;
  try {
    if (hit) re = new RegExp(hit[0], hit[1]);
  } catch {
    re = undefined;
  }
  if (!re) {
    re = micromatch().makeRe(glob, { dot: true });
    d[glob] = [re.source, re.flags];
    if (!dirty) process.once("exit", saveDisk);
    dirty = true;
  }
  regexes.set(glob, re);
  return re;
}

/**
 * micromatch.matcher(glob, { dot: true }), and with `base` its matchBase (the regex tried on the
 * file name). Windows paths go to micromatch itself.
 */
export function globMatcher(glob: string, base = false): Matcher {
  if (process.platform === "win32")
    return micromatch().matcher(glob, { dot: true, matchBase: base });
  const re = regexOf(glob);
  return base
    ? (p) => p !== "" && (p === glob || re.test(basename(p)))
    : (p) => p !== "" && (p === glob || re.test(p));
}

const cache = new Map<string, Matcher>();
// By the list itself (config lists are built once), checked against its length in case a caller
// grows a list it passed before; by its text otherwise.
const byList = new WeakMap<string[], { m: Matcher; n: number }>();

// Patterns without a slash match a file's name at any depth ("*.pt" matches models/a.pt), as in
// .gitignore; a leading "/" anchors at the root; dotfiles are ordinary files.
function normalize(glob: string): string {
  if (glob.startsWith("/")) return glob.slice(1);
  return glob.includes("/") ? glob : `**/${glob}`;
}

/**
 * One matcher for a list of globs. Their anchored regexes joined into one alternation answer in
 * one regex run what trying each in turn answers (a commit of 10,000 files against the ~35
 * globs of @code and @models made ~350,000 calls); a literal path is looked up in a set.
 */
function listMatcher(globs: string[]): Matcher {
  const normalized = globs.map(normalize);
  if (process.platform !== "win32") {
    const res = normalized.map(regexOf);
    const flags = res[0].flags;
    // Backreferences and named groups would change meaning when joined: micromatch makes none.
    if (res.every((r) => r.flags === flags && !/\\[1-9k]|\(\?</.test(r.source))) {
      const one = new RegExp(res.map((r) => `(?:${r.source})`).join("|"), flags);
      const literal = new Set(normalized);
      return (p) => p !== "" && (literal.has(p) || one.test(p));
    }
  }
  const each = normalized.map((g) => globMatcher(g));
  return (p) => each.some((f) => f(p));
}

/** True when a repository path matches any of the globs. */
export function matchesAny(path: string, globs: string[] | undefined): boolean {
  if (!globs || globs.length === 0) return false;
  let m = byList.get(globs);
  if (!m || m.n !== globs.length) {
    const key = globs.join("\0");
    m = { m: cache.get(key) ?? listMatcher(globs), n: globs.length };
    cache.set(key, m.m);
    byList.set(globs, m);
  }
  // micromatch's "*" does not cross a newline; a path may contain one, a glob practically never.
  return m.m(path.includes("\n") || path.includes("\r") ? path.replace(/[\r\n]/g, "\u0001") : path);
}

/** True when a branch name matches any glob ("dev/**" matches "dev/a/b"; no base-name matching). */
export function branchMatches(branch: string, globs: string[]): boolean {
  // micromatch lets "dev/**" match "dev" itself; a branch type "dev/**" means branches under dev/.
  return globs.some(
    (g) => !(g.endsWith("/**") && branch === g.slice(0, -3)) && globMatcher(g)(branch),
  );
}
