import type { Config } from "../config/types.js";
import { execGit } from "../git/execGit.js";
import { currentBranch, resolveRev } from "../git/repo.js";
import { EXIT, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { resolveBranchType } from "../policy/branchType.js";
import { dataTrees, filesAt, modelBlobs } from "./fingerprints.js";
import { parseJsonl } from "./records.js";
import { allTags, inferPrefix, needsPrefix, nextTagName, tagRegex } from "./tagName.js";
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
  let name = nextTagName(tags, s.pattern, s.prefix).name;
  if (opts.name !== undefined) {
    if (!tagRegex(s.pattern, opts.prefix).test(opts.name))
      throw new UsageError(wfMsg.tagNameMismatch(opts.name, s.pattern));
    name = opts.name;
  }
  if (tags.includes(name)) throw new MlbranchError(wfMsg.tagExists(name), EXIT.violation);
  const commit = resolveRev(root, "HEAD");
  if (!commit) throw new MlbranchError(wfMsg.tagNoCommit(), EXIT.violation);
  if (opts.next) return { name, created: false, commit, message: null };
  const dirty = dirtyPaths(root);
  if (dirty.length) throw new MlbranchError(wfMsg.tagDirty(s.branch, dirty), EXIT.violation);
  const re = tagRegex(s.pattern, s.prefix);
  const already = execGit(["tag", "--points-at", commit], { cwd: root })
    .split("\n")
    .filter((t) => re.test(t));
  if (already.length)
    throw new MlbranchError(wfMsg.tagAlreadyOnCommit(already[0], commit), EXIT.violation);
  const message = tagMessage(root, config, name, s.branch);
  execGit(["tag", "-a", "-F", "-", name, commit], { cwd: root, input: message });
  return { name, created: true, commit, message };
}
