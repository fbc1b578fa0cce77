import { describe, expect, it } from "vitest";
import { type CommitFixSituation, fixForCommit } from "../../src/io/messages/rules.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const base: CommitFixSituation = {
  fix: "",
  sha: SHA,
  tip: true,
  mergeOf: null,
  onlyThis: false,
  undos: [],
  trailers: [],
  manual: [],
  recommit: [],
  beyondTrailers: true,
  redo: true,
  repeat: false,
  accepted: false,
  revertPasses: false,
};
const runs = (s: string) => [...s.matchAll(/run `([^`]+)`/g)].map((m) => m[1]);

// The plan a commit already made gets; the integration tests (fixesWork*.test.ts) run them.
describe("fixForCommit", () => {
  it("undoes files and adds a missing trailer in one command", () => {
    const out = fixForCommit({
      ...base,
      fix: "unstage it: git restore --staged -- 'data/x.csv'",
      undos: ["git restore --staged -- 'data/x.csv'"],
      trailers: ["Derived-From: raw/main@abc"],
    });
    expect(runs(out)).toEqual([
      `git reset --soft HEAD~1 && git restore --staged -- 'data/x.csv' && git commit -C ORIG_HEAD && git -c trailer.ifexists=replace commit --amend --no-edit --trailer "Derived-From: raw/main@abc"`,
    ]);
  });

  it("says the plan once: a later violation of the same commit points to it", () => {
    const out = fixForCommit({
      ...base,
      fix: "clear them",
      manual: ["nb.ipynb: clear them"],
      repeat: true,
    });
    expect(out).toContain(`the command given above for commit ${SHA.slice(0, 10)} fixes this too`);
    expect(runs(out)).toEqual([]);
  });

  it("does not make a merge again where that would repeat the problem", () => {
    const redo = fixForCommit({
      ...base,
      fix: "take one parent's version",
      mergeOf: SHA,
      redo: true,
    });
    expect(runs(redo)[0]).toMatch(/^git reset --hard HEAD~1 && git merge --no-ff --no-edit /);
    const no = fixForCommit({
      ...base,
      fix: "put the change on a dev branch",
      mergeOf: SHA,
      redo: false,
    });
    expect(no).not.toContain("git merge --no-ff");
    expect(no).toContain("fix it and git commit --amend");
  });

  it("a fetch-and-retry fix asks for no rewrite", () => {
    const out = fixForCommit({
      ...base,
      fix: "run git lfs fetch (or git lfs pull) and check again",
    });
    expect(out).toBe(
      `run git lfs fetch (or git lfs pull), then push again (nothing in commit ${SHA.slice(0, 10)} needs rewriting for this)`,
    );
  });

  it("offers a revert only where the receiver may have the commit and the revert passes", () => {
    const f = {
      ...base,
      fix: "unstage it: git restore --staged -- 'a'",
      undos: ["git restore --staged -- 'a'"],
    };
    expect(fixForCommit({ ...f, revertPasses: true })).not.toContain("git revert");
    expect(fixForCommit({ ...f, accepted: null, revertPasses: true })).toContain(
      "git revert --no-edit",
    );
  });
});
