import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { HistoryError } from "../io/errors.js";
import { ciMsg } from "../io/messages/ci.js";
import { execGit, runGit } from "./execGit.js";

/** How a clone holds its history: cut short (shallow), objects left on a remote (partial). */
export interface CloneKind {
  /** Commits whose parents this clone does not have (.git/shallow); empty when whole. */
  shallow: Set<string>;
  /** The promisor remote of a partial clone, or null. */
  promisor: string | null;
  /** The remotes this clone knows (from the same git call). */
  remotes: string[];
  /** Remotes whose fetch refspec brings every branch (a --single-branch clone's does not). */
  allHeads: Set<string>;
}

/** The clone's kind, from .git/shallow and one git config call. `cwd` is the work tree root. */
export function cloneKind(cwd: string): CloneKind {
  // The usual layout (a .git folder at the root) needs no git call; worktrees and the rest ask git.
  const abs = statSync(join(cwd, ".git"), { throwIfNoEntry: false })?.isDirectory()
    ? join(cwd, ".git", "shallow")
    : execGit(["rev-parse", "--path-format=absolute", "--git-path", "shallow"], { cwd });
  const shallow = new Set(
    existsSync(abs) ? readFileSync(abs, "utf8").split("\n").filter(Boolean) : [],
  );
  // git marks a partial clone's remote remote.<name>.promisor (older: extensions.partialClone).
  const p = runGit(
    ["config", "--get-regexp", "^(extensions\\.partialclone|remote\\..*\\.(promisor|url|fetch))$"],
    { cwd, okCodes: [1] },
  );
  let promisor: string | null = null;
  const remotes: string[] = [];
  const allHeads = new Set<string>();
  for (const line of p.stdout.toString("utf8").split("\n")) {
    const [key, value] = line.split(" ");
    if (key === "extensions.partialclone" && value) promisor = value;
    else if (key?.endsWith(".promisor") && value === "true") promisor ??= key.slice(7, -9);
    else if (key?.endsWith(".url")) remotes.push(key.slice(7, -4));
    else if (key?.endsWith(".fetch") && /^\+?refs\/heads\/\*:/.test(value ?? ""))
      allHeads.add(key.slice(7, -6));
  }
  return { shallow, promisor, remotes, allHeads };
}

/** The history a check of `tips` beyond `bases` needs and this clone lacks, in words. */
export function historyGaps(
  cwd: string,
  tips: string[],
  bases: string[],
  kind?: CloneKind,
): string[] {
  const k = kind ?? cloneKind(cwd);
  // A whole clone has every commit and object its refs reach; a revision it lacks is a typo.
  if (!k.shallow.size && !k.promisor) return [];
  const gaps: string[] = [];
  const present = (rev: string) =>
    runGit(["rev-parse", "-q", "--verify", "--end-of-options", `${rev}^{commit}`], {
      cwd,
      okCodes: [1, 128],
    }).code === 0;
  const have = [...tips, ...bases].filter((r) => {
    if (present(r)) return true;
    gaps.push(ciMsg.gapRevision(r));
    return false;
  });
  if (gaps.length) return gaps;
  const t = tips.filter((r) => have.includes(r));
  const not = bases.filter((r) => have.includes(r)).map((b) => `^${b}`);
  if (k.shallow.size) {
    // A walk that reaches a cut commit would take it for a root and judge all its files as new.
    const out = execGit(["rev-list", ...t, ...not], { cwd });
    const cut = (out ? out.split("\n") : []).filter((c) => k.shallow.has(c));
    if (cut.length) gaps.push(ciMsg.gapShallow(cut));
  }
  if (k.promisor) {
    const out = execGit(["rev-list", "--objects", "--missing=print", ...t, ...not], { cwd });
    const missing = (out ? out.split("\n") : []).filter((l) => l.startsWith("?"));
    if (missing.length) gaps.push(ciMsg.gapObjects(missing.length, missing[0].slice(1)));
  }
  return gaps;
}

/** The remote to fetch history from: origin when there is one, else the only remote. */
export function fetchRemote(kind: CloneKind): string | null {
  const { remotes } = kind;
  return remotes.includes("origin") ? "origin" : remotes.length === 1 ? remotes[0] : null;
}

/**
 * Fetch what a check needs: the whole history (a shallow clone is deepened), the given refspecs,
 * and in a partial clone the objects the range lacks. Returns git's complaint, or null.
 */
export function fetchHistory(
  cwd: string,
  remote: string,
  refspecs: string[],
  kind: CloneKind,
  tips: string[] = [],
  bases: string[] = [],
): string | null {
  const args = ["fetch", "-q", "--no-tags", "--no-write-fetch-head"];
  if (kind.shallow.size) args.push("--unshallow");
  const r = runGit([...args, remote, ...refspecs], { cwd, okCodes: [1, 128] });
  if (r.code !== 0) return r.stderr || `git fetch exited ${r.code}`;
  if (!kind.promisor) return null;
  const listed = runGit(
    ["rev-list", "--objects", "--missing=print", ...tips, ...bases.map((b) => `^${b}`)],
    {
      cwd,
      okCodes: [128],
    },
  );
  const oids = listed.stdout
    .toString("utf8")
    .split("\n")
    .filter((l) => l.startsWith("?"))
    .map((l) => l.slice(1));
  if (!oids.length) return null;
  // What git's own lazy fetch does, for all the range's objects in one round trip.
  const lazy = runGit(
    [
      "-c",
      "fetch.negotiationAlgorithm=noop",
      "fetch",
      "-q",
      kind.promisor,
      "--no-tags",
      "--no-write-fetch-head",
      "--recurse-submodules=no",
      "--filter=blob:none",
      "--stdin",
    ],
    { cwd, input: `${oids.join("\n")}\n`, okCodes: [1, 128] },
  );
  return lazy.code === 0 ? null : lazy.stderr || `git fetch exited ${lazy.code}`;
}

/**
 * Make sure the commits from `bases` to `tips` (and their objects) are all here: fetch them
 * from the remote when they are not, and when that fails throw a HistoryError naming what is
 * missing and the fix. A check never judges history it cannot see.
 */
export function ensureHistory(
  cwd: string,
  what: string,
  tips: string[],
  bases: string[],
  refspecs: string[] = [],
): void {
  const kind = cloneKind(cwd);
  let gaps = historyGaps(cwd, tips, bases, kind);
  if (!gaps.length) return;
  const remote = fetchRemote(kind);
  if (remote) {
    fetchHistory(cwd, remote, refspecs, kind, tips, bases);
    gaps = historyGaps(cwd, tips, bases);
    if (!gaps.length) return;
  }
  throw new HistoryError(ciMsg.historyMissing(what, gaps));
}
