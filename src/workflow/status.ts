import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../config/types.js";
import { runGit } from "../git/execGit.js";
import { currentBranch } from "../git/repo.js";
import { DRIVERS } from "../merge/drivers.js";
import { resolveBranchType } from "../policy/branchType.js";
import { describeType } from "../policy/explain.js";
import { allTags, inferPrefix, needsPrefix, nextTagName } from "./tagName.js";

/** What `mlbranch status` reports about this clone and branch. */
export interface Status {
  branch: string | null;
  type: string | null;
  rules: string[];
  hooks: { hooksPath: string | null; husky: boolean; installed: boolean };
  drivers: { name: string; registered: boolean; driver: string | null }[];
  nextTag: string | null;
  nextTagNote: string | null;
}

function gitConfigMap(root: string): Map<string, string> {
  const r = runGit(["config", "--get-regexp", "^(core\\.hookspath|merge\\.mlbranch-)"], {
    cwd: root,
    okCodes: [1],
  });
  const map = new Map<string, string>();
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const i = line.indexOf(" ");
    if (i > 0) map.set(line.slice(0, i).toLowerCase(), line.slice(i + 1));
  }
  return map;
}

// A hook counts as installed when the pre-commit hook in force mentions mlbranch.
function hookMentionsMlbranch(root: string, hooksPath: string | null): boolean {
  const dirs = [hooksPath ? resolve(root, hooksPath) : null, join(root, ".husky")].filter(Boolean);
  if (!hooksPath) {
    const gd = runGit(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], {
      cwd: root,
    });
    dirs.push(gd.stdout.toString("utf8").trim());
  }
  return dirs.some((d) => {
    const f = join(d as string, "pre-commit");
    return existsSync(f) && /mlbranch/.test(readFileSync(f, "utf8"));
  });
}

/** Branch, type, rules in words, hooks and drivers in this clone, and the next tag. */
export function status(root: string, config: Config): Status {
  const branch = currentBranch(root);
  const t = branch ? resolveBranchType(config, branch) : null;
  const cfg = gitConfigMap(root);
  const hooksPath = cfg.get("core.hookspath") ?? null;
  const husky = existsSync(join(root, ".husky"));
  const drivers = DRIVERS.map((d) => {
    const driver = cfg.get(`merge.${d.name}.driver`) ?? null;
    return { name: d.name, registered: driver !== null, driver };
  });
  let nextTag: string | null = null;
  let nextTagNote: string | null = null;
  const pattern = t?.type.tagPattern;
  if (pattern) {
    const prefix = needsPrefix(pattern) ? inferPrefix(root, pattern) : undefined;
    if (needsPrefix(pattern) && !prefix)
      nextTagNote = "no tag yet: the first is made with `mlbranch tag --prefix <client-id>`";
    else nextTag = nextTagName(allTags(root), pattern, prefix).name;
  } else nextTagNote = `no tags on ${t ? `type ${t.name}` : "this branch"}`;
  return {
    branch,
    type: t?.name ?? null,
    rules: t ? describeType(t.name, t.type) : [],
    hooks: { hooksPath, husky, installed: hookMentionsMlbranch(root, hooksPath) },
    drivers,
    nextTag,
    nextTagNote,
  };
}

/** The person-readable status. */
export function formatStatus(s: Status): string {
  const out = [
    `branch: ${s.branch ?? "(detached HEAD)"}${s.type ? ` (type ${s.type})` : " (no type)"}`,
  ];
  if (s.rules.length) out.push("what may change here:", ...s.rules.map((l) => `  ${l}`));
  out.push(
    `hooks: ${s.hooks.installed ? "installed" : "NOT installed (run npx install-ml-hooks)"}` +
      ` (core.hooksPath ${s.hooks.hooksPath ?? "unset"}${s.hooks.husky ? ", .husky present" : ""})`,
  );
  const missing = s.drivers.filter((d) => !d.registered).map((d) => d.name);
  out.push(
    `merge drivers: ${s.drivers.length - missing.length}/${s.drivers.length} registered in this clone` +
      (missing.length ? ` (missing: ${missing.join(", ")}; run npx install-ml-hooks)` : ""),
  );
  out.push(`next tag: ${s.nextTag ?? `- (${s.nextTagNote})`}`);
  return out.join("\n");
}
