import type { Config } from "../config/types.js";
import { execGit, runGit } from "../git/execGit.js";
import { currentBranch, resolveRev } from "../git/repo.js";
import { EXIT, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { wfGuard } from "../io/messages/workflowGuards.js";
import { resolveBranchType } from "../policy/branchType.js";
import { dataTrees, filesAt, modelBlobs } from "./fingerprints.js";
import { parseJsonl } from "./records.js";
import { allTags, inferPrefix, needsPrefix, nextTagName, tagRegex } from "./tagName.js";
import { release, reservations, reserve } from "./tagReservations.js";
import { dirtyPaths, readAt } from "./worktree.js";

/** What `mlbranch tag` decided: the name, and whether a tag was made. */
export interface TagResult {
  name: string;
  created: boolean;
  commit: string;
  message: string | null;
}

/** The branch's tag pattern and prefix, or a refusal saying why this branch takes no tags. */
export function tagSettings(
  root: string,
  config: Config,
  prefix?: string,
): { branch: string; pattern: string; prefix: string | undefined } {
  const branch = currentBranch(root);
  if (!branch) throw new MlbranchError(wfMsg.tagDetached(), EXIT.violation);
  const t = resolveBranchType(config, branch);
  const pattern = t?.type.tagPattern;
  if (!pattern) {
    const taggable = Object.entries(config.types).filter(([, ty]) => ty.tagPattern);
    throw new MlbranchError(
      wfMsg.tagWrongBranch(
        branch,
        t?.name ?? null,
        taggable.map(([n, ty]) => `${n} (${ty.match.join(", ")})`),
      ),
      EXIT.violation,
    );
  }
  if (prefix !== undefined && !/^[A-Za-z0-9._]+(?:-[A-Za-z0-9._]+)*$/.test(prefix))
    throw new UsageError(wfMsg.badPrefix(prefix));
  const p = prefix ?? (needsPrefix(pattern) ? inferPrefix(root, pattern) : undefined);
  if (needsPrefix(pattern) && p === undefined) throw new UsageError(wfMsg.prefixNeeded(pattern));
  return { branch, pattern, prefix: p };
}

/** The annotated tag's message: model blob ids, data tree ids, the latest tracking record. */
export function tagMessage(root: string, config: Config, name: string, branch: string): string {
  const head = resolveRev(root, "HEAD")!;
  const models = modelBlobs(config, filesAt(root, head));
  const data = dataTrees(root, config, head);
  const text = readAt(root, head, config.tracking.file);
  const records = text ? parseJsonl(text, `HEAD:${config.tracking.file}`) : [];
  const last = records.at(-1);
  const lines = [`${name}: ${branch} at ${head}`, "", "models:"];
  for (const [p, oid] of Object.entries(models)) lines.push(`  ${p} ${oid}`);
  if (!Object.keys(models).length) lines.push("  (none)");
  lines.push("data:");
  for (const [p, oid] of Object.entries(data)) lines.push(`  ${p}/ ${oid}`);
  if (!Object.keys(data).length) lines.push("  (none)");
  lines.push(`tracking (${config.tracking.file}, latest record):`);
  lines.push(`  ${last ? last.line : "(none)"}`);
  return `${lines.join("\n")}\n`;
}

// The latest tracking record at HEAD: the run being tagged names its tag there (track --tag).
function loggedRun(root: string, config: Config): { tag: string; runId: unknown } | null {
  const text = readAt(root, "HEAD", config.tracking.file);
  const last = text ? parseJsonl(text, `HEAD:${config.tracking.file}`).at(-1) : undefined;
  const tag = last?.value.tag;
  return typeof tag === "string" ? { tag, runId: last?.value.run_id } : null;
}

// True when the tag `name` already names the run `runId` (a previous training's record).
function tagHasRun(root: string, config: Config, name: string, runId: unknown): boolean {
  const text = readAt(root, `refs/tags/${name}`, config.tracking.file);
  return Boolean(text && parseJsonl(text, name).some((r) => r.value.run_id === runId));
}

// The name `mlbranch tag` makes: the one this run logged, else the one this branch holds, else
// the next free one. A logged name another run took is refused, never silently moved on.
function chooseName(
  root: string,
  config: Config,
  s: { branch: string; pattern: string; prefix: string | undefined },
  tags: string[],
  held: Map<string, string>,
): string {
  const re = tagRegex(s.pattern, s.prefix);
  const logged = loggedRun(root, config);
  if (logged && re.test(logged.tag)) {
    const mine = !tags.includes(logged.tag);
    if (mine) {
      const holder = held.get(logged.tag);
      if (holder !== undefined && holder !== s.branch)
        throw new MlbranchError(wfGuard.tagHeldElsewhere(logged.tag, holder), EXIT.usage);
      return logged.tag;
    }
    // The tag exists: a previous training's record (fine, take the next name), or this run's
    // name taken by another run meanwhile (refused: the run logged that name everywhere).
    if (!tagHasRun(root, config, logged.tag, logged.runId))
      throw new MlbranchError(wfGuard.tagLoggedTaken(logged.tag), EXIT.usage);
  }
  // The name --next gave this run is a tag now, made by a run this branch does not contain
  // (another clone: reservations are refs of one repository). Taking the next name would
  // silently rename this run; refuse instead.
  const lost = staleReservations(root, s.branch, re, tags, held);
  if (lost.length) throw new MlbranchError(wfGuard.tagReservedTaken(lost[0], s.branch), EXIT.usage);
  const own = [...held].filter(([n, b]) => b === s.branch && re.test(n) && !tags.includes(n));
  if (own.length) return own.map(([n]) => n).sort(byNumber(re))[0];
  return nextTagName([...tags, ...held.keys()], s.pattern, s.prefix).name;
}

// This branch's reservations that are tags now: those on this branch's own history are used
// (tagged by hand) and given back; those elsewhere were taken by another run, returned.
function staleReservations(
  root: string,
  branch: string,
  re: RegExp,
  tags: string[],
  held: Map<string, string>,
): string[] {
  const lost: string[] = [];
  for (const [n, b] of held) {
    if (b !== branch || !re.test(n) || !tags.includes(n)) continue;
    const here = runGit(["merge-base", "--is-ancestor", `refs/tags/${n}^{commit}`, "HEAD"], {
      cwd: root,
      okCodes: [1, 128],
    });
    if (here.code === 0) release(root, n);
    else lost.push(n);
  }
  return lost;
}

const byNumber = (re: RegExp) => (a: string, b: string) =>
  Number(re.exec(a)?.groups?.n ?? 0) - Number(re.exec(b)?.groups?.n ?? 0);

// --next: this branch's held name, else the next free one, held for this branch (atomically:
// of two runs asking at once, each gets its own name).
function reserveNext(
  root: string,
  s: { branch: string; pattern: string; prefix: string | undefined },
  tags: string[],
  held: Map<string, string>,
): string {
  const re = tagRegex(s.pattern, s.prefix);
  // Asking for a name again is the way out of a name another clone took: give that one back.
  for (const n of staleReservations(root, s.branch, re, tags, held)) release(root, n);
  const own = [...held].filter(([n, b]) => b === s.branch && re.test(n) && !tags.includes(n));
  if (own.length) return own.map(([n]) => n).sort(byNumber(re))[0];
  const taken = [...tags, ...held.keys()];
  for (;;) {
    const name = nextTagName(taken, s.pattern, s.prefix).name;
    if (reserve(root, name, s.branch)) return name;
    taken.push(name);
  }
}

/** `mlbranch tag`: the next `<prefix>-<n>` on a clean stable branch, or only its name (--next). */
export function makeTag(opts: {
  root: string;
  config: Config;
  prefix?: string;
  name?: string;
  next?: boolean;
}): TagResult {
  const { root, config } = opts;
  const s = tagSettings(root, config, opts.prefix);
  const tags = allTags(root);
  const held = reservations(root);
  let name: string;
  if (opts.name !== undefined) {
    if (!tagRegex(s.pattern, opts.prefix).test(opts.name))
      throw new UsageError(wfMsg.tagNameMismatch(opts.name, s.pattern));
    name = opts.name;
    const holder = held.get(name);
    if (holder !== undefined && holder !== s.branch && !tags.includes(name))
      throw new MlbranchError(wfGuard.tagHeldElsewhere(name, holder), EXIT.usage);
  } else if (!opts.next) name = chooseName(root, config, s, tags, held);
  else name = "";
  if (name && tags.includes(name)) throw new MlbranchError(wfMsg.tagExists(name), EXIT.violation);
  const commit = resolveRev(root, "HEAD");
  if (!commit) throw new MlbranchError(wfMsg.tagNoCommit(), EXIT.violation);
  if (opts.next) {
    if (!name) name = reserveNext(root, s, tags, held);
    else if (!reserve(root, name, s.branch))
      throw new MlbranchError(wfGuard.tagHeldElsewhere(name, held.get(name) ?? "?"), EXIT.usage);
    return { name, created: false, commit, message: null };
  }
  const dirty = dirtyPaths(root);
  if (dirty.length) throw new MlbranchError(wfMsg.tagDirty(s.branch, dirty), EXIT.violation);
  const re = tagRegex(s.pattern, s.prefix);
  const already = execGit(["tag", "--points-at", commit], { cwd: root })
    .split("\n")
    .filter((t) => re.test(t));
  if (already.length)
    throw new MlbranchError(wfMsg.tagAlreadyOnCommit(already[0], commit), EXIT.violation);
  const message = tagMessage(root, config, name, s.branch);
  // Atomic like the reservation: of two runs tagging one name, the second is refused by git.
  const made = runGit(["tag", "-a", "-F", "-", name, commit], {
    cwd: root,
    input: message,
    okCodes: [128],
  });
  if (made.code !== 0) throw new MlbranchError(wfMsg.tagExists(name), EXIT.violation);
  release(root, name);
  return { name, created: true, commit, message };
}
