import { matchesAny } from "../../config/globs.js";
import { formatOf } from "../../data/format.js";
import { execGitBuffer } from "../../git/execGit.js";
import { MlbranchError } from "../../io/errors.js";
import { recordIds } from "../../quality/split/recordIds.js";
import type { RuleContext } from "../types.js";
import { blobText } from "./blobText.js";
import { expandNamed, type TreeFile, treeFiles } from "./treeFiles.js";

/** The `split` key of a branch type: which files hold which split, and the record id fields. */
export interface SplitConfig {
  key?: string | string[];
  files: Record<string, string[]>;
}

/** Which split each id is in, for one tree: a bit mask over `names` (an id may be in several). */
export interface SplitState {
  names: string[];
  splits: Map<string, number>;
  /** Files the rule could not read, with why. */
  problems: { path: string; why: string }[];
}

// Ids per blob and key, kept for the process: a range check re-reads the same blobs.
const idCache = new Map<string, string[]>();

/** Split names with their expanded globs, in config order. */
export function splitGlobs(
  cfg: SplitConfig,
  globs: Record<string, string[]>,
): [string, string[]][] {
  return Object.entries(cfg.files).map(([name, list]) => [name, expandNamed(list, globs)]);
}

/** The key fields of a split config (default "id"). */
export function splitKey(cfg: SplitConfig): string[] {
  return cfg.key === undefined ? ["id"] : Array.isArray(cfg.key) ? cfg.key : [cfg.key];
}

/** Read every split file of a commit (or, with rev null, the index) into id -> splits. */
export function splitState(ctx: RuleContext, cfg: SplitConfig, rev: string | null): SplitState {
  return idsOfFiles(ctx, cfg, treeFiles(ctx.cwd, rev, ctx.env));
}

/**
 * Every id ever committed in each split in the history of these commits: all versions of
 * every split file (`git log -m --raw`), so an id deleted and later re-added elsewhere counts.
 * Versions that cannot be read were judged when committed and are skipped here.
 */
export function historyState(ctx: RuleContext, cfg: SplitConfig, revs: string[]): SplitState {
  if (!revs.length) return { names: Object.keys(cfg.files), splits: new Map(), problems: [] };
  const all = splitGlobs(cfg, ctx.config.globs).flatMap(([, g]) => g);
  const args = ["log", "-m", "--format=", "--raw", "-z", "--no-abbrev", "--no-renames", ...revs];
  const tokens = execGitBuffer(args, { cwd: ctx.cwd }).toString("utf8").split("\0");
  const seen = new Set<string>();
  const files: TreeFile[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^\n+/, "");
    if (!t.startsWith(":")) continue;
    const path = tokens[++i];
    const [, mode, , oid] = t.slice(1).split(" ");
    if (/^0+$/.test(oid) || mode === "160000" || !matchesAny(path, all)) continue;
    if (!seen.has(`${oid} ${path}`)) {
      seen.add(`${oid} ${path}`);
      files.push({ path, oid, mode });
    }
  }
  return { ...idsOfFiles(ctx, cfg, files), problems: [] };
}

function idsOfFiles(ctx: RuleContext, cfg: SplitConfig, files: TreeFile[]): SplitState {
  const named = splitGlobs(cfg, ctx.config.globs);
  const key = splitKey(cfg);
  const names = named.map(([n]) => n);
  const splits = new Map<string, number>();
  const problems: SplitState["problems"] = [];
  for (const f of files) {
    const hit = named.find(([, g]) => matchesAny(f.path, g));
    if (!hit) continue;
    const format = formatOf(f.path);
    if (!format) {
      problems.push({ path: f.path, why: "not JSONL or CSV, so its ids cannot be read" });
      continue;
    }
    const cacheKey = `${f.oid}\0${key.join(",")}\0${format}`;
    let ids = idCache.get(cacheKey);
    if (!ids) {
      const text = blobText(ctx, f.oid, f.path);
      if (text === null) {
        problems.push({ path: f.path, why: "a Git LFS object that is not here (git lfs fetch)" });
        continue;
      }
      try {
        ids = recordIds(text, format, key, f.path).ids;
      } catch (e) {
        if (!(e instanceof MlbranchError)) throw e;
        problems.push({ path: f.path, why: e.message.replace(/^mlbranch: /, "") });
        continue;
      }
      idCache.set(cacheKey, ids);
    }
    const bit = 1 << named.indexOf(hit);
    for (const id of ids) splits.set(id, (splits.get(id) ?? 0) | bit);
  }
  return { names, splits, problems };
}
