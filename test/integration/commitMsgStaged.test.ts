import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keepStaged, stagedKey, takeStaged } from "../../src/hooks/stagedCache.js";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "../helpers/installed.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// commit-msg takes the staged changes pre-commit judged instead of asking git again, only while
// the index is the one pre-commit read: anything staged in between must still be judged.

function installed(repo: Repo): void {
  repo.write("a.txt", "a\n");
  repo.commit("start");
  linkPackage(repo.dir);
  installHooks(repo);
  const cfg = JSON.parse(repo.read("mlbranch.json"));
  cfg.types = { exp: { match: ["exp/**"], trailers: [{ key: "Ticket", paths: ["docs/**"] }] } };
  repo.write("mlbranch.json", JSON.stringify(cfg, null, 2));
  repo.git("add", "-A");
  repo.git("commit", "-q", "--no-verify", "-m", "mlbranch");
}

/** git commit with GIT_TRACE: its result and how many diff-index the hooks ran. */
function traced(repo: Repo, args: string[]) {
  const log = join(repo.dir, ".git", "trace.log");
  const r = gitHooks(repo, ["commit", ...args], { env: hooksEnv({ GIT_TRACE: log }) });
  const text = readFileSync(log, "utf8");
  repo.rm(".git/trace.log");
  return { ...r, diffIndex: text.split("\n").filter((l) => / git diff-index /.test(l)).length };
}

describe("commit-msg and pre-commit's staged changes", () => {
  it("asks git for the staged changes once per commit, and still needs the trailer", () =>
    withRepo((repo) => {
      installed(repo);
      repo.git("checkout", "-q", "-b", "exp/one");
      repo.write("docs/a.md", "# a\n");
      repo.git("add", "docs/a.md");
      const refused = traced(repo, ["-m", "docs"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("Ticket");
      expect(refused.diffIndex).toBe(1);
      const ok = traced(repo, ["-m", "docs\n\nTicket: ML-1"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.diffIndex).toBe(1);
      // `git commit <path>` and `-a` commit through a temporary index: the same, judged right.
      repo.write("docs/a.md", "# a, again\n");
      expect(traced(repo, ["-m", "docs again", "docs/a.md"])).toMatchObject({
        code: 1,
        diffIndex: 1,
      });
      expect(traced(repo, ["-a", "-m", "docs again"])).toMatchObject({ code: 1, diffIndex: 1 });
      expect(traced(repo, ["-a", "-m", "docs again\n\nTicket: ML-2"]).code).toBe(0);
    }));

  it("judges a file a later pre-commit line stages, not pre-commit's list", () =>
    withRepo((repo) => {
      installed(repo);
      // A line of the user's after mlbranch's block stages one more file.
      const hook = join(".husky", "pre-commit");
      repo.write(hook, `${repo.read(hook)}git add docs/late.md\n`, 0o755);
      repo.git("add", "-A");
      repo.git("commit", "-q", "--no-verify", "-m", "a pre-commit line of our own");
      repo.git("checkout", "-q", "-b", "exp/two");
      repo.write("docs/late.md", "# staged by a hook\n");
      repo.write("b.txt", "b\n");
      repo.git("add", "b.txt");
      const r = traced(repo, ["-m", "b only, I thought"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Ticket");
      expect(r.stderr).toContain("docs/late.md");
      // pre-commit's list was not taken: commit-msg asked git.
      expect(r.diffIndex).toBe(2);
    }));

  it("names the list by the index as it was before pre-commit read it: a git add during the check is not missed", () =>
    withRepo((repo) => {
      repo.write("a.txt", "a\n");
      repo.commit("start");
      const gitDir = join(repo.dir, ".git");
      const env = { ...process.env, GIT_INDEX_FILE: "" };
      const at = "exp/x HEAD";
      const change = {
        path: "a.txt",
        status: "M" as const,
        oldOid: null,
        newOid: null,
        oldMode: null,
        newMode: null,
      };
      // Taken before the read, kept after the check: unchanged, commit-msg takes it (once).
      let key = stagedKey(repo.dir, gitDir, env);
      keepStaged(gitDir, at, key, [change]);
      expect(takeStaged(repo.dir, gitDir, env, at)).toEqual([change]);
      expect(takeStaged(repo.dir, gitDir, env, at)).toBeNull();
      // Another terminal stages a file while the check runs: the kept list is not taken.
      key = stagedKey(repo.dir, gitDir, env);
      repo.write("b.txt", "b\n");
      repo.git("add", "b.txt");
      keepStaged(gitDir, at, key, [change]);
      expect(takeStaged(repo.dir, gitDir, env, at)).toBeNull();
      // Another branch or HEAD: not taken either.
      keepStaged(gitDir, at, stagedKey(repo.dir, gitDir, env), [change]);
      expect(takeStaged(repo.dir, gitDir, env, "exp/y HEAD")).toBeNull();
    }));
});
