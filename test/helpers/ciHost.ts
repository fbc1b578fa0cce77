import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { linkPackage } from "./installed.js";
import { PROJECT_ROOT, type Run, run, testEnv } from "./withRepo.js";

// The CI hosts as their runners behave, with real git: actions/checkout@v4's fetch and checkout
// commands, GitLab runner's clone, each template's steps parsed from its YAML and run by a shell
// the way the host runs them. Only `npm ci` is left out: the package is linked instead.

interface Step {
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

const isInstall = (cmd: string) => /^npm ci\b/.test(cmd.trim());

/** The `run:` steps of the workflow `mlbranch ci-template` prints (templates/ci-github.yml). */
export function githubSteps(): Step[] {
  const wf = parse(readFileSync(join(PROJECT_ROOT, "templates", "ci-github.yml"), "utf8"));
  const jobs = Object.values(wf.jobs) as { steps: Step[] }[];
  return jobs.flatMap((j) => j.steps).filter((s) => s.run && !isInstall(s.run));
}

/** The job's script lines of `mlbranch ci-template --gitlab` (templates/ci-gitlab.yml). */
export function gitlabScript(): string[] {
  const ci = parse(readFileSync(join(PROJECT_ROOT, "templates", "ci-gitlab.yml"), "utf8"));
  return (ci.mlbranch.script as string[]).filter((l) => !isInstall(l));
}

/** A fresh directory for a CI workspace; the caller removes it. */
export function workspace(tag: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), `mlbranch-${tag}-`)));
}

const git = (cwd: string, ...args: string[]) => {
  const r = run("git", args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
};

/**
 * actions/checkout@v4 as it runs: init, add origin, fetch (every branch and tag with
 * fetch-depth 0; only the commit with --depth=1 otherwise), check out the ref detached (pull
 * requests: refs/remotes/pull/N/merge) or as the branch (pushes).
 */
export function actionsCheckout(
  remote: string,
  opts: { sha: string; ref: string; depth: number },
): string {
  const dir = workspace("gha");
  git(dir, "init", "-q");
  git(dir, "config", "gc.auto", "0");
  git(dir, "remote", "add", "origin", remote);
  const pr = /^refs\/pull\/(\d+)\/merge$/.exec(opts.ref);
  const local = pr
    ? `refs/remotes/pull/${pr[1]}/merge`
    : `refs/remotes/origin/${opts.ref.replace(/^refs\/heads\//, "")}`;
  const base = ["-c", "protocol.version=2", "fetch", "-q", "--prune", "--no-recurse-submodules"];
  if (opts.depth === 0) {
    git(dir, ...base, "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
    if (pr) git(dir, ...base, "origin", `+${opts.sha}:${local}`);
  } else {
    git(dir, ...base, "--no-tags", `--depth=${opts.depth}`, "origin", `+${opts.sha}:${local}`);
  }
  if (pr) git(dir, "checkout", "-q", "--force", local);
  else git(dir, "checkout", "-q", "--force", "-B", opts.ref.replace(/^refs\/heads\//, ""), local);
  linkPackage(dir);
  return dir;
}

/** GitLab runner's checkout: a clone at GIT_DEPTH (0: all), the MR head ref, CI_COMMIT_SHA detached. */
export function gitlabCheckout(
  remote: string,
  opts: { sha: string; mr?: number; depth?: number },
): string {
  const dir = workspace("glr");
  git(dir, "init", "-q");
  git(dir, "config", "gc.auto", "0");
  git(dir, "remote", "add", "origin", remote);
  const specs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"];
  if (opts.mr)
    specs.push(
      `+refs/merge-requests/${opts.mr}/head:refs/remotes/origin/merge-requests/${opts.mr}/head`,
    );
  const depth = opts.depth ? [`--depth=${opts.depth}`] : [];
  git(dir, "fetch", "-q", ...depth, "origin", ...specs);
  git(dir, "checkout", "-q", "--force", opts.sha);
  linkPackage(dir);
  return dir;
}

/** Write an event payload as GitHub does (GITHUB_EVENT_PATH) and return its path. */
export function payloadFile(dir: string, payload: unknown): string {
  const home = join(dir, "..", `${dir.split("/").pop()}-runner`);
  mkdirSync(home, { recursive: true });
  const file = join(home, "event.json");
  writeFileSync(file, JSON.stringify(payload, null, 2));
  return file;
}

/**
 * Run the workflow's steps in `dir` as the runner does (`bash --noprofile --norc -eo pipefail`,
 * each step's env added), stopping at the first failing step. The GitHub env comes from the
 * caller (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_REF...).
 */
export function runGithubSteps(dir: string, env: NodeJS.ProcessEnv): Run {
  let last: Run = { code: 0, stdout: "", stderr: "" };
  const out: Run = { code: 0, stdout: "", stderr: "" };
  for (const step of githubSteps()) {
    last = run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], dir, {
      env: testEnv({ GITHUB_ACTIONS: "true", CI: "true", ...env, ...(step.env ?? {}) }),
    });
    out.stdout += last.stdout;
    out.stderr += last.stderr;
    out.code = last.code;
    if (last.code !== 0) break;
  }
  return out;
}

/** Run the GitLab job's script lines in `dir` as the runner does (one shell, `set -e`). */
export function runGitlabScript(dir: string, env: NodeJS.ProcessEnv): Run {
  const script = ["set -e", ...gitlabScript()].join("\n");
  return run("sh", ["-c", script], dir, {
    env: testEnv({ GITLAB_CI: "true", CI: "true", ...env }),
  });
}

/** Bitbucket Pipelines' clone: the source branch at depth 50 (its default), the commit checked out. */
export function bitbucketCheckout(remote: string, opts: { branch: string; sha: string }): string {
  const dir = workspace("bbp");
  const r = run(
    "git",
    ["clone", "-q", "--depth", "50", "--branch", opts.branch, `file://${remote}`, dir],
    dir,
  );
  if (r.code !== 0) throw new Error(`git clone failed: ${r.stderr}`);
  git(dir, "checkout", "-q", "--force", opts.sha);
  linkPackage(dir);
  return dir;
}
