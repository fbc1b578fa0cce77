import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Config } from "../config/types.js";
import { runGit } from "../git/execGit.js";
import { lfsInUse, RUNS_LFS } from "../git/lfs.js";
import { currentBranch } from "../git/repo.js";
import { SETUP_COMMAND } from "../io/frameworkPaths.js";
import { packageFile } from "../io/paths.js";
import { DRIVERS } from "../merge/drivers.js";
import { resolveBranchType } from "../policy/branchType.js";
import { describeType } from "../policy/explain.js";
import { driverReachable, type FrameworkStatus, frameworkStatus } from "./frameworkStatus.js";
import { type NotebookTools, notebookTools } from "./notebookTools.js";
import {
  formatReferenceSources,
  type ReferenceSource,
  referenceSources,
} from "./referenceSources.js";
import { allTags, inferPrefix, needsPrefix, nextTagName } from "./tagName.js";

/** What `mlbranch status` reports about this clone and branch. */
export interface Status {
  branch: string | null;
  type: string | null;
  rules: string[];
  hooks: { hooksPath: string | null; husky: boolean; installed: boolean; problems: string[] };
  drivers: { name: string; registered: boolean; reachable: boolean; driver: string | null }[];
  /** Who merges and diffs notebooks here (mlbranch-ipynb, nbdime, git), nbstripout, jupytext. */
  notebooks: NotebookTools;
  /** The pre-commit framework route, when .pre-commit-config.yaml names mlbranch's hooks. */
  framework: FrameworkStatus | null;
  nextTag: string | null;
  nextTagNote: string | null;
  /** Monitoring references in another repository: where they come from, what is cached. */
  references: ReferenceSource[];
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

// The hooks mlbranch installs, each of which must reach mlbranch-hook.
const LINKED_HOOKS = ["pre-commit", "commit-msg", "pre-push", "post-checkout", "post-merge"];

function hooksDir(root: string, hooksPath: string | null): string {
  if (hooksPath) return resolve(root, hooksPath);
  return runGit(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], { cwd: root })
    .stdout.toString("utf8")
    .trim();
}

const readOr = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : null);

/** The missing links between git, mlbranch and Git LFS, one sentence each with its fix. */
export function hookProblems(root: string, hooksPath: string | null): string[] {
  const out: string[] = [];
  const dir = hooksDir(root, hooksPath);
  const relPath = (f: string) => relative(root, f).split("\\").join("/") || f;
  for (const hook of LINKED_HOOKS) {
    const file = join(dir, hook);
    const text = readOr(file);
    // husky's stub runs .husky/<hook>, where our block lives.
    const viaHusky = text !== null && /\/h"/.test(text) ? readOr(join(root, ".husky", hook)) : null;
    if ((viaHusky ?? text ?? "").includes("mlbranch")) continue;
    const lfs = text !== null && RUNS_LFS.test(text);
    out.push(
      `${hook}: ${relPath(file)} does not run mlbranch${lfs ? " (it is Git LFS's hook: git lfs install --force replaced it?)" : text === null ? " (missing)" : ""}; fix: npx install-ml-hooks`,
    );
  }
  if (!lfsInUse(root)) return out;
  if (runGit(["lfs", "version"], { cwd: root, okCodes: [1, 128] }).code !== 0)
    out.push(
      "Git LFS: the repository uses it (filter=lfs) but git-lfs is not installed: pushes are refused and LFS files stay pointers; fix: install git-lfs, then git lfs install",
    );
  else if (runGit(["config", "--get", "filter.lfs.process"], { cwd: root, okCodes: [1] }).code)
    out.push(
      "Git LFS: .gitattributes names filter=lfs but this clone has no LFS filter: files are committed whole and checked out as pointers; fix: git lfs install",
    );
  return out.concat(lfsDropsModelDriver(root));
}

// Model extensions that `git lfs track` gave merge=lfs after install-ml-hooks wrote its block.
function lfsDropsModelDriver(root: string): string[] {
  const text = readFileSync(packageFile(".gitattributes.template"), "utf8");
  const theirs = [...text.matchAll(/^(\*\.[\w.]+)\s.*merge=mlbranch-theirs/gm)].map((m) => m[1]);
  if (!theirs.length) return [];
  const samples = theirs.map((p) => `model${p.slice(1)}`);
  const r = runGit(["check-attr", "merge", "filter", "--", ...samples], {
    cwd: root,
    okCodes: [128],
  });
  const attrs = new Map<string, Map<string, string>>();
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const m = /^(.*): (merge|filter): (.*)$/.exec(line);
    if (!m) continue;
    if (!attrs.has(m[1])) attrs.set(m[1], new Map());
    attrs.get(m[1])!.set(m[2], m[3]);
  }
  const lost = theirs.filter((_, i) => {
    const a = attrs.get(samples[i]);
    return a?.get("filter") === "lfs" && a.get("merge") !== "mlbranch-theirs";
  });
  return lost.length
    ? [
        `Git LFS: git lfs track replaced mlbranch's merge driver for ${lost.join(", ")} (merge=lfs): those models no longer take the incoming side on merge; fix: npx install-ml-hooks (filter=lfs is kept)`,
      ]
    : [];
}

/** Branch, type, rules in words, hooks and drivers in this clone, and the next tag. */
export function status(root: string, config: Config): Status {
  const branch = currentBranch(root);
  const t = branch ? resolveBranchType(config, branch) : null;
  const cfg = gitConfigMap(root);
  const hooksPath = cfg.get("core.hookspath") ?? null;
  const husky = existsSync(join(root, ".husky"));
  // Installed when some hook reaches mlbranch; each one that does not is a missing link.
  // On the framework route the framework's scripts are the hooks: its status says what lacks.
  const framework = frameworkStatus(root);
  const problems = framework && !husky ? framework.missing : hookProblems(root, hooksPath);
  const unlinked = problems.filter((p) => p.includes("does not run mlbranch")).length;
  const installed =
    framework && !husky
      ? framework.gitHooks.some((h) => h.installed)
      : hookMentionsMlbranch(root, hooksPath) || unlinked < LINKED_HOOKS.length;
  const drivers = DRIVERS.map((d) => {
    const driver = cfg.get(`merge.${d.name}.driver`) ?? null;
    const reachable = driver !== null && driverReachable(root, driver);
    return { name: d.name, registered: driver !== null, reachable, driver };
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
    hooks: {
      hooksPath,
      husky,
      installed,
      problems: installed || framework ? problems : [],
    },
    drivers,
    notebooks: notebookTools(root),
    framework,
    nextTag,
    nextTagNote,
    references: referenceSources(root, config),
  };
}

/** The person-readable status. */
export function formatStatus(s: Status): string {
  const out = [
    `branch: ${s.branch ?? "(detached HEAD)"}${s.type ? ` (type ${s.type})` : " (no type)"}`,
  ];
  if (s.rules.length) out.push("what may change here:", ...s.rules.map((l) => `  ${l}`));
  const f = s.framework && !s.hooks.husky ? s.framework : null;
  const fix = f ? SETUP_COMMAND : "npx install-ml-hooks";
  if (f) {
    const hooks = f.gitHooks.map((h) => `${h.hook} ${h.installed ? "installed" : "MISSING"}`);
    out.push(
      `hooks: through the pre-commit framework (.pre-commit-config.yaml names ${f.hookIds.join(", ")})`,
      `  git hooks: ${hooks.join(", ") || "none of mlbranch's ids needs one"}`,
      `  mlbranch's own pre-push (every pushed ref): ${f.ownPrePush ? "installed" : "MISSING"}`,
      `  runtime copy for the drivers: ${f.runtime ? `mlbranch ${f.runtime}` : "MISSING"}`,
    );
  } else
    out.push(
      `hooks: ${s.hooks.installed ? "installed" : "NOT installed (run npx install-ml-hooks)"}` +
        ` (core.hooksPath ${s.hooks.hooksPath ?? "unset"}${s.hooks.husky ? ", .husky present" : ""})`,
    );
  out.push(...s.hooks.problems.map((p) => `  missing link: ${p}`));
  const missing = s.drivers.filter((d) => !d.registered).map((d) => d.name);
  const lost = s.drivers.filter((d) => d.registered && !d.reachable).map((d) => d.name);
  out.push(
    `merge drivers: ${s.drivers.length - missing.length}/${s.drivers.length} registered in this clone` +
      (missing.length ? ` (missing: ${missing.join(", ")}; run ${fix})` : ""),
  );
  if (lost.length)
    out.push(
      `  missing link: ${lost.join(", ")} point at an mlbranch that is not there (merges keep both sides as text); fix: ${fix}`,
    );
  const nb = s.notebooks;
  out.push(
    `notebooks (*.ipynb): merged by ${nb.merge}, diffed by ${nb.diff}${nb.nbstripout ? ", nbstripout filter on" : ""}${nb.jupytext ? ", jupytext pairing" : ""}`,
    ...nb.notes.map((n) => `  ${n}`),
  );
  out.push(`next tag: ${s.nextTag ?? `- (${s.nextTagNote})`}`);
  out.push(...formatReferenceSources(s.references));
  return out.join("\n");
}
