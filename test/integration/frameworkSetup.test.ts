import { chmodSync, existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitHooks } from "../helpers/installed.js";
import { makeRepo, type Repo } from "../helpers/withRepo.js";

// `mlbranch init --framework` (what the mlbranch-setup hook of .pre-commit-hooks.yaml runs), here
// without the framework: the real framework runs it in test/e2e/preCommitFramework.test.ts.
const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

function python(): Repo {
  const repo = makeRepo();
  made.push(repo);
  repo.write("train.py", "print(1)\n");
  const r = repo.mlbranch(["init", "--framework"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("pre-push.legacy: mlbranch's pre-push");
  repo.commit("start");
  return repo;
}

describe("mlbranch init --framework", () => {
  it("drivers run from the copy in the git dir: no package.json, any cwd, after the copy moves back", () => {
    const repo = python();
    expect(existsSync(join(repo.dir, "package.json"))).toBe(false);
    expect(existsSync(join(repo.dir, ".git", "mlbranch", "runtime", "package.json"))).toBe(true);
    expect(repo.mlbranch(["init", "--framework"]).stdout).toContain("nothing changed");
    repo.git("checkout", "-q", "-b", "dev/a");
    repo.write("data/runs.jsonl", '{"id":1}\n');
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "dev/b");
    repo.write("data/runs.jsonl", '{"id":1}\n{"id":2}\n');
    repo.commit("b");
    repo.git("checkout", "-q", "dev/a");
    repo.write("data/runs.jsonl", '{"id":1}\n{"id":3}\n');
    repo.commit("a");
    const m = repo.tryGit("merge", "-q", "-m", "m", "dev/b");
    expect(m.code, m.stderr).toBe(0);
    expect(repo.read("data/runs.jsonl")).toBe('{"id":1}\n{"id":3}\n{"id":2}\n');

    // The copy gone: a text merge that keeps both sides, and the command that brings it back.
    const runtime = join(repo.dir, ".git", "mlbranch", "runtime");
    renameSync(runtime, `${runtime}.away`);
    const status = repo.mlbranch(["status"]);
    expect(status.stdout).toContain("point at an mlbranch that is not there");
    repo.git("reset", "-q", "--hard", "HEAD~1");
    const lost = repo.tryGit("merge", "-q", "-m", "m", "dev/b");
    expect(lost.code).not.toBe(0);
    expect(lost.stderr).toContain("pre-commit run mlbranch-setup --hook-stage manual");
    expect(repo.read("data/runs.jsonl")).toContain('{"id":2}');
    expect(repo.read("data/runs.jsonl")).toContain('{"id":3}');
    repo.git("merge", "--abort");
    renameSync(`${runtime}.away`, runtime);
    expect(repo.tryGit("merge", "-q", "-m", "m", "dev/b").code).toBe(0);
  });

  it("its pre-push judges every pushed ref, as the legacy hook and after pre-commit uninstall", () => {
    const repo = python();
    const bare = makeRepo({ bare: true });
    made.push(bare);
    repo.git("remote", "add", "origin", bare.dir);
    const hooks = join(repo.dir, ".git", "hooks");
    // The framework's pre-push (as pre-commit install writes it) runs pre-push.legacy first with
    // git's stdin: this stand-in does only that part.
    writeFileSync(
      join(hooks, "pre-push"),
      '#!/bin/sh\nPRE_COMMIT_RUNNING_LEGACY=1 exec "$(dirname "$0")/pre-push.legacy" "$@"\n',
    );
    chmodSync(join(hooks, "pre-push"), 0o755);
    expect(gitHooks(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
    repo.git("checkout", "-q", "-b", "raw/a");
    repo.write("data/x.csv", "a\n");
    repo.commit("delivery\n\nData-Source: s3://b/x.csv");
    repo.write("data/x.csv", "EDITED\n");
    repo.commit("edit");
    repo.git("checkout", "-q", "-b", "dev/ok", "main");
    repo.write("model.py", "print(2)\n");
    repo.commit("code");
    const both = gitHooks(repo, ["push", "origin", "dev/ok", "raw/a"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("data/x.csv");
    expect(both.stderr).toContain("push refused by pre-push");
    expect(repo.tryGit("ls-remote", "--heads", "origin", "dev/ok").stdout).toBe("");
    // pre-commit uninstall puts the legacy hook back as the pre-push itself.
    rmSync(join(hooks, "pre-push"));
    renameSync(join(hooks, "pre-push.legacy"), join(hooks, "pre-push"));
    const alone = gitHooks(repo, ["push", "origin", "dev/ok", "raw/a"]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("push refused by pre-push");
    expect(gitHooks(repo, ["push", "-q", "origin", "dev/ok"]).code).toBe(0);
  });

  it("keeps a pre-push.legacy that is not mlbranch's, and --uninstall removes only what it wrote", () => {
    const repo = makeRepo();
    made.push(repo);
    const legacy = join(repo.dir, ".git", "hooks", "pre-push.legacy");
    writeFileSync(legacy, "#!/bin/sh\necho mine\n", { mode: 0o755 });
    const r = repo.mlbranch(["init", "--framework"]);
    expect(r.stdout).toContain("pre-push.legacy: kept (not mlbranch's)");
    expect(repo.mlbranch(["status"]).stdout).not.toContain("through the pre-commit framework");
    const u = repo.mlbranch(["init", "--framework", "--uninstall"]);
    expect(u.code, u.stderr).toBe(0);
    expect(existsSync(legacy)).toBe(true);
    expect(existsSync(join(repo.dir, ".git", "mlbranch", "runtime"))).toBe(false);
    expect(repo.tryGit("config", "merge.mlbranch-csv.driver").code).toBe(1);
  });
});
