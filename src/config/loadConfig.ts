import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "../git/execGit.js";
import { atomicWrite } from "../io/atomicWrite.js";
import { ConfigError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { cacheDir, packageFile } from "../io/paths.js";
import { parseReference } from "./referenceSpec.js";
import { parseSize } from "./size.js";
import type { BranchType, Config } from "./types.js";
import { validateConfig } from "./validateConfig.js";

/** The config file's name at a repository's root. */
export const CONFIG_FILE = "mlbranch.json";

type Raw = Record<string, unknown>;
type RawTypes = Record<string, BranchType | null> | undefined;

/**
 * The user's types first, in their order (a branch gets the first type that matches), then the
 * default types they do not name; a named default type is merged key by key, null removes it.
 */
function mergeTypes(defaults: RawTypes, user: RawTypes): [string, BranchType][] {
  const out: [string, BranchType][] = [];
  const d = defaults ?? {};
  for (const [name, t] of Object.entries(user ?? {}))
    if (t !== null) out.push([name, { ...(d[name] ?? {}), ...t } as BranchType]);
  for (const [name, t] of Object.entries(d)) if (t && !(user && name in user)) out.push([name, t]);
  return out;
}

/** The shipped defaults (templates/mlbranch.json), parsed. */
export function defaultConfigData(): Raw {
  return JSON.parse(readFileSync(packageFile("templates", "mlbranch.json"), "utf8"));
}

const GLOB_LISTS = [
  "match",
  "allow",
  "deny",
  "appendOnly",
  "codeOnlyByMerge",
  "deliverables",
] as const;

function expandGlobs(
  list: string[],
  globs: Record<string, string[]>,
  where: string,
  errors: string[],
) {
  const out: string[] = [];
  list.forEach((g, i) => {
    if (!g.startsWith("@")) {
      out.push(g);
      return;
    }
    const set = globs[g.slice(1)];
    if (!set) {
      errors.push(
        `${where}[${i}]: unknown glob set "${g}" (defined: ${
          Object.keys(globs)
            .map((k) => `@${k}`)
            .join(", ") || "none"
        })`,
      );
    } else out.push(...set);
  });
  return out;
}

/**
 * Parse and validate mlbranch.json text (undefined: no file, use defaults) into a Config.
 * Returns data, not exceptions: `{ config, errors }` with each error as `path: message`.
 */
export function parseConfig(
  text: string | undefined,
  source: string,
): { config: Config | null; errors: string[] } {
  const defaults = defaultConfigData();
  let user: Raw = {};
  if (text !== undefined) {
    try {
      user = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
      return { config: null, errors: [`(root): not valid JSON: ${(e as Error).message}`] };
    }
    if (user === null || typeof user !== "object" || Array.isArray(user)) {
      return { config: null, errors: ["(root): must be an object"] };
    }
  }
  const errors = validateConfig(user);
  if (errors.length) return { config: null, errors };
  // Defaults are implied and overridden key by key: named glob sets, `files` globs and types
  // merge with the defaults' (a type's own keys replace the default type's; null removes it).
  const merged: Raw = { ...defaults, ...user };
  const globs = { ...(defaults.globs as Raw), ...((user.globs as Raw) ?? {}) } as Record<
    string,
    string[]
  >;
  const types: Record<string, BranchType> = {};
  for (const [name, t] of mergeTypes(defaults.types as RawTypes, user.types as RawTypes)) {
    if (!t.match) {
      errors.push(`types.${name}: must have required property 'match' (it is not a default type)`);
      continue;
    }
    const type: BranchType = { ...t };
    if (t.maxFileSize !== undefined) {
      const bytes = parseSize(t.maxFileSize as number | string);
      if (bytes === null)
        errors.push(`types.${name}.maxFileSize: not a size (use bytes or e.g. "10 MiB")`);
      else type.maxFileSize = bytes;
    }
    const nbLimit = t.notebooks?.maxOutputSize as number | string | undefined;
    if (nbLimit !== undefined) {
      const bytes = parseSize(nbLimit);
      if (bytes === null)
        errors.push(
          `types.${name}.notebooks.maxOutputSize: not a size (use bytes or e.g. "2 MiB")`,
        );
      else type.notebooks = { ...t.notebooks, maxOutputSize: bytes };
    }
    const ref = (t.monitor as { reference?: unknown } | undefined)?.reference;
    if (typeof ref === "string") {
      const r = parseReference(ref);
      if (typeof r === "string")
        errors.push(
          `types.${name}.monitor.reference: "${ref}" ${r}; write "<rev>:<path>" for this repository or "<repository>#<rev>:<path>" for another one (e.g. "git@host:team/model.git#{tag}:data/train.*")`,
        );
    }
    for (const k of GLOB_LISTS) {
      if (t[k]) type[k] = expandGlobs(t[k] as string[], globs, `types.${name}.${k}`, errors);
    }
    type.trailers = (t.trailers ?? []).map((tr, i) => {
      if (tr.pattern !== undefined) {
        try {
          new RegExp(tr.pattern);
        } catch (e) {
          errors.push(
            `types.${name}.trailers[${i}].pattern: not a valid regular expression: ${(e as Error).message}`,
          );
        }
      }
      return tr.paths
        ? {
            ...tr,
            paths: expandGlobs(tr.paths, globs, `types.${name}.trailers[${i}].paths`, errors),
          }
        : tr;
    });
    types[name] = type;
  }
  for (const [name, t] of Object.entries(types)) {
    (t.codeFrom ?? []).forEach((from, i) => {
      if (!types[from])
        errors.push(
          `types.${name}.codeFrom[${i}]: unknown branch type "${from}" (defined: ${Object.keys(types).join(", ")})`,
        );
    });
  }
  if (errors.length) return { config: null, errors };
  const tracking = {
    file: "tracking/runs.jsonl",
    ...((defaults.tracking as Raw) ?? {}),
    ...((user.tracking as Raw) ?? {}),
  } as Config["tracking"];
  const config: Config = {
    version: 1,
    defaultBranch: (merged.defaultBranch as string) ?? "main",
    unknownBranch: (merged.unknownBranch as Config["unknownBranch"]) ?? "warn",
    otherRefs: (merged.otherRefs as string[]) ?? [],
    immutableTags: (merged.immutableTags as boolean | undefined) ?? true,
    ...(typeof user.adoptedAt === "string" ? { adoptedAt: user.adoptedAt } : {}),
    globs,
    types,
    files: { ...(defaults.files as Config["files"]), ...((user.files as Config["files"]) ?? {}) },
    tracking,
    source,
  };
  return { config, errors: [] };
}

/** Read the config text from the working tree or, with `rev`, from a commit; undefined when absent. */
export function readConfigText(repoRoot: string, rev?: string): string | undefined {
  if (rev) {
    const r = runGit(["cat-file", "blob", `${rev}:${CONFIG_FILE}`], {
      cwd: repoRoot,
      okCodes: [128],
    });
    return r.code === 0 ? r.stdout.toString("utf8") : undefined;
  }
  const file = join(repoRoot, CONFIG_FILE);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** Load the repository's config (defaults when absent); throws ConfigError listing every problem. */
export function loadConfig(repoRoot: string, opts: { rev?: string } = {}): Config {
  const text = readConfigText(repoRoot, opts.rev);
  const source =
    text === undefined
      ? "defaults"
      : opts.rev
        ? `${opts.rev}:${CONFIG_FILE}`
        : join(repoRoot, CONFIG_FILE);
  const cached = fromCache(source, text);
  if (cached) return cached;
  const { config, errors } = parseConfig(text, source);
  if (!config) throw new ConfigError(msg.configInvalid(source, errors), errors);
  toCache(source, text, config);
  return config;
}

// Every hook run loads the config: the last valid one is kept in node_modules/.cache/mlbranch
// with the text it came from, and used again while the text, where it came from, the build of
// mlbranch that checked it (a fresh id per build, defined by scripts/bundle.mjs) and the Node
// version (which decides what a trailer pattern may be) are the same. Run from source, no cache.
declare const __MLBRANCH_BUILD__: string | undefined;
const BUILD = typeof __MLBRANCH_BUILD__ === "string" ? __MLBRANCH_BUILD__ : null;
interface CacheEntry {
  build: string;
  node: string;
  source: string;
  text: string | null;
  config: Config;
}
const cacheFile = () => join(cacheDir(), "config.json");

function fromCache(source: string, text: string | undefined): Config | null {
  if (!BUILD) return null;
  try {
    const c = JSON.parse(readFileSync(cacheFile(), "utf8")) as CacheEntry;
    const same =
      c.build === BUILD &&
      c.node === process.version &&
      c.source === source &&
      c.text === (text ?? null);
    return same && c.config && typeof c.config === "object" ? c.config : null;
  } catch {
    return null; // none yet, unreadable or broken: parse and write it again
  }
}

function toCache(source: string, text: string | undefined, config: Config): void {
  if (!BUILD) return;
  const entry: CacheEntry = {
    build: BUILD,
    node: process.version,
    source,
    text: text ?? null,
    config,
  };
  try {
    mkdirSync(cacheDir(), { recursive: true });
    atomicWrite(cacheFile(), JSON.stringify(entry));
  } catch {
    // a read-only install: parse every time
  }
}
