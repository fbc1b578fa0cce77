import { posix } from "node:path";
import { matchesAny } from "../../config/globs.js";
import { formatOf } from "../../data/format.js";
import { execGitBuffer, runGit } from "../../git/execGit.js";
import { MlbranchError } from "../../io/errors.js";
import { recordIds } from "../../quality/split/recordIds.js";
import { parseRecipe, SPLIT_SIDECAR, type SplitRecipe } from "../../quality/split/sidecar.js";
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
  /** Files the rule could not read, with why (and, for a missing key field, which key). */
  problems: { path: string; why: string; key?: KeySource }[];
  /** The recipes `mlbranch split` recorded, by directory ("" for the root). */
  recipes: Recipes;
}

/** Recipes by directory, with the sidecar's path. */
export type Recipes = Map<string, { path: string; recipe: SplitRecipe }>;

/** Where a split file's key came from. */
export interface KeySource {
  key: string[];
  /** The sidecar's path, or null for the config's split.key. */
  from: string | null;
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

/** The key a split file is read by: its directory's recipe, else the config's split.key. */
export function keyOf(cfg: SplitConfig, recipes: Recipes, path: string): KeySource {
  const r = recipes.get(posix.dirname(path) === "." ? "" : posix.dirname(path));
  return r ? { key: r.recipe.key, from: r.path } : { key: splitKey(cfg), from: null };
}

/** The split recipes (sidecars) among a tree's files; unreadable ones are problems. */
function recipesOf(ctx: RuleContext, files: TreeFile[], problems: SplitState["problems"]) {
  const recipes: Recipes = new Map();
  for (const f of files) {
    if (posix.basename(f.path) !== SPLIT_SIDECAR) continue;
    const text = blobText(ctx, f.oid, f.path);
    const r = text === null ? "a Git LFS object that is not here" : parseRecipe(text);
    if (typeof r === "string") problems.push({ path: f.path, why: r });
    else {
      const dir = posix.dirname(f.path);
      recipes.set(dir === "." ? "" : dir, { path: f.path, recipe: r });
    }
  }
  return recipes;
}

/** Read every split file of a commit (or, with rev null, the index) into id -> splits. */
export function splitState(ctx: RuleContext, cfg: SplitConfig, rev: string | null): SplitState {
  const files = treeFiles(ctx.cwd, rev, ctx.env);
  const problems: SplitState["problems"] = [];
  const recipes = recipesOf(ctx, files, problems);
  const s = idsOfFiles(ctx, cfg, files, recipes);
  return { ...s, problems: [...problems, ...s.problems] };
}

/**
 * Every id ever committed in each split in the history of these commits: all versions of
 * every split file (`git log -m --raw`), so an id deleted and later re-added elsewhere counts.
 * Versions that cannot be read were judged when committed and are skipped here.
 */
export function historyState(
  ctx: RuleContext,
  cfg: SplitConfig,
  revs: string[],
  recipes: Recipes = new Map(),
): SplitState {
  if (!revs.length)
    return { names: Object.keys(cfg.files), splits: new Map(), problems: [], recipes };
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
  // Old versions are read by today's recipe: the ids a record had are the ids it has.
  return { ...idsOfFiles(ctx, cfg, files, recipes), problems: [] };
}

function idsOfFiles(
  ctx: RuleContext,
  cfg: SplitConfig,
  files: TreeFile[],
  recipes: Recipes,
): SplitState {
  const named = splitGlobs(cfg, ctx.config.globs);
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
    const source = keyOf(cfg, recipes, f.path);
    const key = source.key;
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
        // recordIds speaks to `mlbranch split` users ("pass --key"); here the key is not an option.
        const why = e.message
          .replace(/^mlbranch: /, "")
          .replace(/;? ?\(?(or )?pass --key[^)]*\)?\.?$/, "")
          .replace(/[.;]$/, "");
        problems.push({ path: f.path, why, key: source });
        continue;
      }
      idCache.set(cacheKey, ids);
    }
    const bit = 1 << named.indexOf(hit);
    for (const id of ids) splits.set(id, (splits.get(id) ?? 0) | bit);
  }
  return { names, splits, problems, recipes };
}

/**
 * The recipe a parent recorded in one of these directories (the split the new files should have
 * kept), else null: one `git cat-file` per directory and parent, only when ids moved.
 */
export function parentRecipe(
  ctx: RuleContext,
  dirs: string[],
): { dir: string; recipe: SplitRecipe } | null {
  for (const parent of ctx.parents)
    for (const dir of dirs) {
      const path = dir ? `${dir}/${SPLIT_SIDECAR}` : SPLIT_SIDECAR;
      const r = runGit(["cat-file", "blob", `${parent}:${path}`], {
        cwd: ctx.cwd,
        okCodes: [128],
        env: ctx.env,
      });
      if (r.code !== 0) continue;
      const recipe = parseRecipe(r.stdout.toString("utf8"));
      if (typeof recipe !== "string") return { dir, recipe };
    }
  return null;
}
