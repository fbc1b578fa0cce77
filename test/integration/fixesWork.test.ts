import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { hookedClone, ok, printedCommands, sh } from "../helpers/fixes.js";
import { gitHooks } from "../helpers/installed.js";
import { syntheticJsonl } from "../helpers/synthetic.js";
import type { Repo } from "../helpers/withRepo.js";

// Every fix a message prints is followed literally: the commands are parsed out of the message
// (`run \`…\``, or the git command the fix names), run as printed with the hooks on, and the
// next commit or push must then pass.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

const setup = () => hookedClone(made);

describe("a commit the server never accepted is rewritten, with the exact commands", () => {
  it("data committed on main (the newest commit): reset, unstage, recommit; the push passes", () => {
    const { repo } = setup();
    repo.write("notes.md", "n\n");
    repo.write("data/train.csv", "id,x\n1,2\n");
    repo.commit("notes and data");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not on the server yet, so rewrite it");
    expect(r.stderr).not.toContain("git revert");
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      "git reset --soft HEAD~1 && git restore --staged -- 'data/train.csv' && git commit -C ORIG_HEAD",
    ]);
    ok(sh(repo, cmds[0]));
    expect(repo.git("show", "--name-only", "--format=", "HEAD")).toBe("notes.md");
    ok(gitHooks(repo, ["push", "origin", "main"]));
  });

  it("a commit of nothing but data: dropped, the file kept in the work tree", () => {
    const { repo } = setup();
    repo.write("data/train.csv", "id,x\n1,2\n");
    repo.commit("data");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual(["git reset --soft HEAD~1 && git restore --staged -- 'data/train.csv'"]);
    ok(sh(repo, cmds[0]));
    expect(repo.read("data/train.csv")).toBe("id,x\n1,2\n");
    ok(gitHooks(repo, ["push", "origin", "main"]));
  });

  it("an older commit with two data files: one rebase, its command printed once", () => {
    const { repo } = setup();
    repo.write("data/train.csv", "id,x\n1,2\n");
    repo.write("data/test.csv", "id,x\n3,4\n");
    repo.write("a.md", "a\n");
    const bad = repo.commit("data and a");
    repo.write("b.md", "b\n");
    repo.commit("b");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      `git rebase -i ${bad.slice(0, 10)}~1`,
      "git reset --soft HEAD~1 && git restore --staged -- 'data/test.csv' && git restore --staged -- 'data/train.csv' && git commit -C ORIG_HEAD && git rebase --continue",
    ]);
    expect(r.stderr).toContain('change the first line\'s "pick" to "edit"');
    expect(r.stderr).toContain(
      `the command given above for commit ${bad.slice(0, 10)} undoes this too`,
    );
    // The editor step, done as the message says: the first line's pick becomes edit.
    ok(sh(repo, cmds[0], { GIT_SEQUENCE_EDITOR: "sed -i '1s/^pick/edit/'" }));
    ok(sh(repo, cmds[1], { GIT_EDITOR: "true" }));
    expect(repo.git("log", "--format=%s", "main")).toBe("b\ndata and a\nstart");
    ok(gitHooks(repo, ["push", "origin", "main"]));
  });

  it("removing a forbidden file in a commit of its own passes pre-commit and the push", () => {
    const { repo } = setup();
    repo.write("data/train.csv", "id,x\n1,2\n");
    repo.commit("data");
    repo.git("rm", "-q", "--cached", "data/train.csv");
    ok(gitHooks(repo, ["commit", "-q", "-m", "move the data out of main"]));
    // The push replays both commits: the first still breaks the rule, so its fix is a rewrite.
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("git revert");
  });

  it("an edited append-only file on raw: restored in the commit, the push passes", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "raw/main");
    repo.write("data/a.csv", "id,x\n1,2\n");
    repo.git("add", "-A");
    ok(gitHooks(repo, ["commit", "-q", "-m", "delivery", "--trailer", "Data-Source: vendor"]));
    ok(gitHooks(repo, ["push", "-q", "origin", "raw/main"]));
    repo.write("data/a.csv", "id,x\n1,3\n");
    repo.write("data/b.csv", "id,x\n5,6\n");
    repo.git("add", "-A");
    repo.git(
      "commit",
      "-q",
      "--no-verify",
      "-m",
      "fix a value",
      "--trailer",
      "Data-Source: vendor 2",
    );
    const r = gitHooks(repo, ["push", "origin", "raw/main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("git revert");
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      "git reset --soft HEAD~1 && git restore --source=HEAD --staged --worktree -- 'data/a.csv' && git commit -C ORIG_HEAD",
    ]);
    ok(sh(repo, cmds[0]));
    expect(repo.read("data/a.csv")).toBe("id,x\n1,2\n");
    ok(gitHooks(repo, ["push", "origin", "raw/main"]));
  });

  it("check --range (CI) also offers a revert where the revert passes, and only there", () => {
    const { repo } = setup();
    repo.write("data/train.csv", "id,x\n1,2\n");
    const bad = repo.commit("data");
    const r = repo.mlbranch(["check", "--range", "origin/main..main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`\`git revert --no-edit ${bad.slice(0, 10)}\``);
    const revert = /`(git revert --no-edit [0-9a-f]+)`/.exec(r.stderr)![1];
    ok(sh(repo, revert));
    // Judged as what is new after the revert (the bad commit already shared): it passes.
    ok(repo.mlbranch(["check", "--range", `${bad}..main`]));
  });
});

describe("inside a merge", () => {
  it("a hand edit in a clean dev->stable merge: git checkout MERGE_HEAD -- <path> works", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "dev/a");
    repo.write("train.py", "print(1)\n");
    repo.commit("code");
    repo.git("checkout", "-q", "-b", "stable/a", "main");
    repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/a");
    repo.write("train.py", "print('hand edit')\n");
    repo.git("add", "train.py");
    const r = gitHooks(repo, ["commit", "--no-edit"]);
    expect(r.code).not.toBe(0);
    const cmd = /git checkout MERGE_HEAD -- '[^']+'/.exec(r.stderr)?.[0];
    expect(cmd).toBe("git checkout MERGE_HEAD -- 'train.py'");
    ok(sh(repo, cmd!));
    ok(gitHooks(repo, ["commit", "-q", "--no-edit"]));
    expect(repo.read("train.py")).toBe("print(1)\n");
  });

  it("the same edit committed with --no-verify: the push says to make the merge again", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "dev/a");
    repo.write("train.py", "print(1)\n");
    repo.commit("code");
    ok(gitHooks(repo, ["push", "-q", "origin", "dev/a"]));
    repo.git("checkout", "-q", "-b", "stable/a", "main");
    repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/a");
    repo.write("train.py", "print('hand edit')\n");
    repo.git("add", "train.py");
    repo.git("commit", "-q", "--no-verify", "--no-edit");
    const r = gitHooks(repo, ["push", "origin", "stable/a"]);
    expect(r.code).toBe(1);
    const cmds = printedCommands(r.stderr);
    expect(cmds[0]).toMatch(
      /^git reset --hard HEAD~1 && git merge --no-ff --no-edit [0-9a-f]{10}$/,
    );
    ok(sh(repo, cmds[0]));
    ok(gitHooks(repo, ["push", "origin", "stable/a"]));
  });
});

describe("trailer fixes", () => {
  it("Derived-From: the real branch and commit, and the printed command passes", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "raw/main");
    repo.write("data/a.csv", "id,x\n1,2\n");
    repo.git("add", "-A");
    ok(gitHooks(repo, ["commit", "-q", "-m", "delivery", "--trailer", "Data-Source: vendor"]));
    const rawTip = repo.git("rev-parse", "HEAD");
    repo.git("checkout", "-q", "-b", "clean/main", "main");
    repo.git("merge", "-q", "--no-ff", "--no-commit", "raw/main");
    const r = gitHooks(repo, ["commit", "--no-edit"]);
    expect(r.code).not.toBe(0);
    const want = `Derived-From: raw/main@${rawTip.slice(0, 10)}`;
    expect(r.stderr).toContain(`git commit --trailer "${want}"`);
    const cmd = /git commit --trailer "[^"]+"/.exec(r.stderr)![0];
    ok(sh(repo, `${cmd} --no-edit`));
    expect(repo.git("log", "-1", "--format=%(trailers:only,unfold)")).toContain(want);
  });

  it("Data-Source: an unmistakable placeholder, refused if copied as written", () => {
    const { repo } = setup();
    // The installer's default config (the example is a placeholder, never a plausible value).
    repo.git("checkout", "-q", "-b", "raw/main");
    repo.write("data/a.csv", "id,x\n1,2\n");
    repo.git("add", "-A");
    const r = gitHooks(repo, ["commit", "-m", "delivery"]);
    expect(r.code).not.toBe(0);
    const cmd = /git commit --trailer "Data-Source: [^"]+"/.exec(r.stderr)![0];
    expect(cmd).toMatch(/<[^>]+>/);
    const literal = sh(repo, `${cmd} -m delivery`);
    expect(literal.code).not.toBe(0);
    expect(literal.stderr).toContain("is a placeholder");
    ok(sh(repo, `${cmd.replace(/<[^>]+>/, "sftp://partner/2026-12.csv")} -m delivery`));
  });

  it("a pushed commit lacking the trailer: amended with the trailer, the push passes", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "raw/main");
    repo.write("data/a.csv", "id,x\n1,2\n");
    repo.git("add", "-A");
    ok(gitHooks(repo, ["commit", "-q", "-m", "delivery", "--trailer", "Data-Source: vendor"]));
    const rawTip = repo.git("rev-parse", "HEAD");
    repo.git("checkout", "-q", "-b", "clean/main", "main");
    repo.git("merge", "-q", "--no-ff", "--no-verify", "--no-edit", "raw/main");
    const r = gitHooks(repo, ["push", "origin", "raw/main", "clean/main"]);
    expect(r.code).toBe(1);
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      `git -c trailer.ifexists=replace commit --amend --no-edit --trailer "Derived-From: raw/main@${rawTip.slice(0, 10)}"`,
    ]);
    ok(sh(repo, cmds[0]));
    ok(gitHooks(repo, ["push", "origin", "raw/main", "clean/main"]));
  });
});

describe("provenance that lineage relies on", () => {
  it("data pulled onto stable and committed without Derived-From is refused; the printed fix passes", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "split/main");
    repo.write("data/train.csv", "id,x\n1,2\n");
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "split", "--trailer", "Derived-From: x@0000000");
    const splitTip = repo.git("rev-parse", "HEAD");
    repo.git("checkout", "-q", "-b", "stable/m", "main");
    ok(repo.mlbranch(["pull-data", "split/main"]));
    // A busy person's -m drops the prepared message and its trailer.
    const r = gitHooks(repo, ["commit", "-m", "training data"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('without a "Derived-From:" trailer');
    expect(r.stderr).toContain("mlbranch pull-data prepared it");
    const cmd = /git commit --trailer "Derived-From: [^"]+"/.exec(r.stderr)![0];
    expect(cmd).toBe(`git commit --trailer "Derived-From: split/main@${splitTip}"`);
    ok(sh(repo, `${cmd} -m "training data"`));
  });

  it("lineage says loudly which stage lacks provenance", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "stable/m");
    repo.write("data/train.csv", "id,x\n1,2\n");
    repo.write("models/m.pt", "weights");
    repo.commit("trained, data without provenance");
    const r = repo.mlbranch(["lineage", "HEAD"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("WARNING: provenance is missing for data/train.csv");
    expect(r.stdout).toContain("NO PROVENANCE");
  });
});

describe("warnings", () => {
  it("are said once, however many commits repeat them, with no rewrite or revert advice", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "stable/m1");
    repo.write("data/train.jsonl", syntheticJsonl(600, 1));
    repo.git("add", "-A");
    const main = repo.git("rev-parse", "--short", "main");
    repo.git("commit", "-q", "-m", "train model 1", "--trailer", `Derived-From: main@${main}`);
    repo.git("tag", "-a", "-m", "model 1", "model-1");
    repo.git("checkout", "-q", "-b", "monitoring", "main");
    const tagged = (n: number, seed: number) =>
      syntheticJsonl(n, seed)
        .trimEnd()
        .split("\n")
        .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: "model-1" }))
        .join("\n");
    let text = "";
    for (const seed of [2, 3, 4]) {
      text += `${tagged(50, seed)}\n`;
      repo.write("monitoring/preds.jsonl", text);
      repo.commit(`predictions ${seed}`);
    }
    // Without the tag, the server cannot read the reference: its fix is to push the tag along.
    const alone = gitHooks(repo, ["push", "origin", "monitoring"]);
    expect(alone.code).not.toBe(0);
    const cmd = /\((git push origin monitoring model-1)\)/.exec(alone.stderr)?.[1];
    expect(cmd).toBe("git push origin monitoring model-1");
    expect(alone.stderr).not.toContain("git fetch --tags");
    ok(gitHooks(repo, ["push", "-q", "origin", "stable/m1"]));
    const r = gitHooks(repo, cmd!.split(" ").slice(1));
    expect(r.code, r.stderr).toBe(0);
    // Once by pre-push and once by the server's pre-receive ("remote:"), not once per commit.
    const lines = r.stderr.split("\n").filter((l) => l.includes("fewer than monitor.minRows"));
    expect(lines.filter((l) => !l.startsWith("remote:"))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("remote:"))).toHaveLength(1);
    expect(r.stderr).toContain("(the same in 2 more commits)");
    expect(r.stderr).not.toMatch(/rewrite|revert|--amend|rebase/);
  });
});
