import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { hookedClone, ok, printedCommands, sh } from "../helpers/fixes.js";
import { gitHooks } from "../helpers/installed.js";
import { syntheticJsonl } from "../helpers/synthetic.js";
import type { Repo } from "../helpers/withRepo.js";

// More of "every fix a message prints works when followed literally" (see fixesWork.test.ts):
// the commands are parsed out of the refusal, run as printed with the hooks on, and the next
// push must pass. Here: a commit with problems of different kinds gets one plan (one reset or
// one rebase stop), notebooks committed past the hook, and monitoring data that drifted.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

const notebook = (outputs: boolean) =>
  `${JSON.stringify(
    {
      cells: [
        {
          cell_type: "code",
          execution_count: outputs ? 1 : null,
          metadata: {},
          outputs: outputs ? [{ output_type: "stream", name: "stdout", text: ["3\n"] }] : [],
          source: ["print(1 + 2)"],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;

describe("one plan per commit, whatever kinds of problems it has", () => {
  it("an older commit with data and a notebook's outputs: one rebase, one command", () => {
    const { repo } = hookedClone(made, {
      types: { main: { notebooks: { outputs: "strip", executionCounts: "strip" } } },
    });
    repo.write("data/x.csv", "id\n1\n");
    repo.write("explore.ipynb", notebook(true));
    const bad = repo.commit("data and a notebook, hooks skipped");
    repo.write("b.md", "b\n");
    repo.commit("b");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/x.csv may not be committed on main");
    expect(r.stderr).toContain("explore.ipynb carries outputs");
    expect(r.stderr.match(/git rebase -i/g)).toHaveLength(1);
    expect(r.stderr).not.toContain("git revert");
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      `git rebase -i ${bad.slice(0, 10)}~1`,
      "git reset --soft HEAD~1 && git restore --staged -- 'data/x.csv' && git commit -C ORIG_HEAD && git restore -- 'explore.ipynb' && git rebase --continue",
    ]);
    ok(sh(repo, cmds[0], { GIT_SEQUENCE_EDITOR: "sed -i '1s/^pick/edit/'" }));
    ok(sh(repo, cmds[1], { GIT_EDITOR: "true" }));
    expect(repo.git("log", "--format=%s", "main")).toBe(
      "b\ndata and a notebook, hooks skipped\nstart",
    );
    expect(repo.git("show", "main~1:explore.ipynb")).not.toContain("stdout");
    ok(gitHooks(repo, ["push", "origin", "main"]));
  });

  it("a step no command does is said inside the plan, between the reset and the commit", () => {
    const { repo } = hookedClone(made, {
      types: { main: { notebooks: { outputs: "refuse", executionCounts: "keep" } } },
    });
    repo.write("data/x.csv", "id\n1\n");
    repo.write("explore.ipynb", notebook(true));
    repo.commit("data and a notebook with outputs, hooks skipped");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      "git reset --soft HEAD~1 && git restore --staged -- 'data/x.csv'",
      "git commit -C ORIG_HEAD",
    ]);
    expect(r.stderr).toContain("then explore.ipynb: clear them");
    expect(r.stderr).toContain("(git add what you change), then run `git commit -C ORIG_HEAD`");
    ok(sh(repo, cmds[0]));
    // The step in prose, done as a person would: outputs cleared, the notebook added.
    repo.write("explore.ipynb", notebook(false));
    repo.git("add", "explore.ipynb");
    ok(sh(repo, cmds[1]));
    expect(repo.git("show", "--name-only", "--format=", "HEAD")).toBe("explore.ipynb");
    ok(gitHooks(repo, ["push", "origin", "main"]));
  });

  it("a notebook committed past the hook on dev: committed again through it, outputs stripped", () => {
    const { repo } = hookedClone(made);
    repo.git("checkout", "-q", "-b", "dev/nb");
    repo.write("explore.ipynb", notebook(true));
    repo.commit("notebook, hooks skipped");
    const r = gitHooks(repo, ["push", "origin", "dev/nb"]);
    expect(r.code).toBe(1);
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual(["git reset --soft HEAD~1 && git commit -C ORIG_HEAD"]);
    ok(sh(repo, cmds[0]));
    expect(repo.git("show", "HEAD:explore.ipynb")).not.toContain("stdout");
    // The open notebook keeps its outputs; only the committed copy lost them.
    expect(repo.read("explore.ipynb")).toContain("stdout");
    ok(gitHooks(repo, ["push", "origin", "dev/nb"]));
  });
});

describe("monitoring data that drifted, with monitor.block", () => {
  it("the drifting records are taken out of the commit, the file keeps them, the push passes", () => {
    const { repo } = hookedClone(made, {
      types: {
        monitoring: {
          monitor: { tagField: "model_tag", reference: "{tag}:data/train.*", block: true },
        },
      },
    });
    repo.git("checkout", "-q", "-b", "stable/m1");
    repo.write("data/train.jsonl", syntheticJsonl(3000, 1));
    repo.git("add", "-A");
    const main = repo.git("rev-parse", "--short", "main");
    repo.git("commit", "-q", "-m", "train model 1", "--trailer", `Derived-From: main@${main}`);
    repo.git("tag", "-a", "-m", "model 1", "model-1");
    ok(gitHooks(repo, ["push", "-q", "origin", "stable/m1", "model-1"]));
    repo.git("checkout", "-q", "-b", "monitoring", "main");
    repo.write("monitoring/keep.md", "predictions land here\n");
    repo.commit("monitoring starts");
    const drifted = syntheticJsonl(2000, 5, { miscalibrate: 0.25 })
      .trimEnd()
      .split("\n")
      .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: "model-1" }))
      .join("\n");
    repo.write("monitoring/preds.jsonl", `${drifted}\n`);
    repo.commit("predictions, hooks skipped");
    const r = gitHooks(repo, ["push", "origin", "monitoring"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("monitor.block is true");
    expect(r.stderr).not.toContain("git revert");
    const cmds = printedCommands(r.stderr);
    expect(cmds).toEqual([
      "git reset --soft HEAD~1 && git restore --staged -- 'monitoring/preds.jsonl'",
    ]);
    ok(sh(repo, cmds[0]));
    expect(repo.read("monitoring/preds.jsonl")).toBe(`${drifted}\n`);
    ok(gitHooks(repo, ["push", "origin", "monitoring"]));
  });
});
