import { expect } from "vitest";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "./installed.js";
import { CLI, makeRepo, type Repo, type Run, run } from "./withRepo.js";

/** A clone with mlbranch's hooks, a bare "origin" with mlbranch's pre-receive, main pushed. */
export function hookedClone(made: Repo[], config?: object): { repo: Repo; bare: Repo } {
  const repo = makeRepo();
  const bare = makeRepo({ bare: true });
  made.push(repo, bare);
  const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
  expect(init.code, init.stderr).toBe(0);
  repo.write("README.md", "# p\n");
  linkPackage(repo.dir);
  expect(installHooks(repo).code).toBe(0);
  if (config) {
    const cfg = JSON.parse(repo.read("mlbranch.json"));
    repo.write("mlbranch.json", `${JSON.stringify({ ...cfg, ...config }, null, 2)}\n`);
  }
  repo.commit("start");
  repo.git("remote", "add", "origin", bare.dir);
  const first = gitHooks(repo, ["push", "-q", "origin", "main"]);
  expect(first.code, first.stderr).toBe(0);
  return { repo, bare };
}

/** The commands a fix says to run: every `run \`…\`` in the output, in order. */
export function printedCommands(out: string): string[] {
  return [...out.matchAll(/run `([^`]+)`/g)].map((m) => m[1]);
}

/** Run a printed command exactly as printed, through a shell, with the hooks on. */
export function sh(repo: Repo, cmd: string, env: NodeJS.ProcessEnv = {}): Run {
  return run("sh", ["-c", cmd], repo.dir, { env: hooksEnv(env) });
}

/** Expect exit 0, showing the output otherwise. */
export function ok(r: Run): void {
  expect(r.code, r.stdout + r.stderr).toBe(0);
}
