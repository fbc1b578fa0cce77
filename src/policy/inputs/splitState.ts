import { posix } from "node:path";
import { runGit } from "../../git/execGit.js";
import type { MlbranchError } from "../../io/errors.js";
import { parseRecipe, SPLIT_SIDECAR, type SplitRecipe } from "../../quality/split/sidecar.js";
import type { RuleContext } from "../types.js";
import { blobText } from "./blobText.js";
import { expandNamed, type TreeFile } from "./treeFiles.js";

/** The `split` key of a branch type: which files hold which split, and the record id fields. */
export interface SplitConfig {
  key?: string | string[];
  files: Record<string, string[]>;
}

/** What a tree's split files could not give: files unreadable, with why (and which key). */
export type SplitProblem = { path: string; why: string; key?: KeySource };

/** Recipes by directory, with the sidecar's path. */
export type Recipes = Map<string, { path: string; recipe: SplitRecipe }>;

/** Where a split file's key came from. */
export interface KeySource {
  key: string[];
  /** The sidecar's path, or null for the config's split.key. */
  from: string | null;
}

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
export function recipesOf(ctx: RuleContext, files: TreeFile[], problems: SplitProblem[]): Recipes {
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

/** A read error as the split rule reports it: recordIds speaks to `mlbranch split` users. */
export function whyUnreadable(e: MlbranchError): string {
  // "pass --key" is an option of `mlbranch split`; here the key is not an option.
  return e.message
    .replace(/^mlbranch: /, "")
    .replace(/;? ?\(?(or )?pass --key[^)]*\)?\.?$/, "")
    .replace(/[.;]$/, "");
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
