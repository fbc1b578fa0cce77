import { describe, expect, it } from "vitest";
import { ATTRIBUTES, rec, registerDrivers } from "../helpers/mergeDrivers.js";
import { missing } from "../helpers/requires.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

const noLfs = missing("git-lfs");

// Each kind of appended file, with a base and one new record per branch.
const kinds = [
  {
    kind: "tracking/metrics.jsonl",
    path: "tracking/metrics.jsonl",
    base: rec("r1"),
    a: rec("a1"),
    b: rec("b1"),
    lfs: false,
  },
  {
    kind: "data/*.csv",
    path: "data/train.csv",
    base: 'id,text\n1,"x, y"\n',
    a: '2,"two\nlines"\n',
    b: "3,c\n",
    lfs: false,
  },
  {
    kind: "LFS-tracked jsonl",
    path: "tracking/lfs.jsonl",
    base: rec("r1"),
    a: rec("a1"),
    b: rec("b1"),
    lfs: true,
  },
];

// main: base; branch a: +a (one commit); main moves on: +b. Then merge / rebase / cherry-pick.
function setup(repo: Repo, k: (typeof kinds)[number]) {
  registerDrivers(repo);
  let attrs = `${ATTRIBUTES}\n`;
  if (k.lfs) {
    repo.git("lfs", "install", "--local");
    attrs += "tracking/lfs.jsonl filter=lfs diff=lfs merge=mlbranch-jsonl -text\n";
  }
  repo.write(".gitattributes", attrs);
  repo.write(k.path, k.base);
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "a");
  repo.write(k.path, k.base + k.a);
  const pick = repo.commit("a");
  repo.git("checkout", "-q", "main");
  repo.write(k.path, k.base + k.b);
  repo.commit("b");
  return pick;
}

describe.each(kinds.filter((k) => !noLfs || !k.lfs))(
  "$kind appends under merge, rebase and cherry-pick",
  (k) => {
    it("git merge a into main: main's record, then a's", () =>
      withRepo((repo) => {
        setup(repo, k);
        const r = repo.tryGit("merge", "--no-edit", "a");
        expect(r.code, r.stderr).toBe(0);
        expect(repo.read(k.path)).toBe(k.base + k.b + k.a);
      }));

    it("git rebase main from a: the upstream's record, then the replayed one", () =>
      withRepo((repo) => {
        setup(repo, k);
        repo.git("checkout", "-q", "a");
        const r = repo.tryGit("rebase", "main");
        expect(r.code, r.stderr).toBe(0);
        expect(repo.read(k.path)).toBe(k.base + k.b + k.a);
      }));

    it("git cherry-pick a's commit onto main", () =>
      withRepo((repo) => {
        const pick = setup(repo, k);
        const r = repo.tryGit("cherry-pick", pick);
        expect(r.code, r.stderr).toBe(0);
        expect(repo.read(k.path)).toBe(k.base + k.b + k.a);
        if (k.lfs)
          expect(repo.git("cat-file", "-p", `HEAD:${k.path}`)).toMatch(
            /^version https:\/\/git-lfs/,
          );
      }));
  },
);

describe("theirs driver under rebase", () => {
  it("the replayed commit's model wins and stderr names that commit", () =>
    withRepo((repo) => {
      registerDrivers(repo);
      repo.write(".gitattributes", `${ATTRIBUTES}\n`);
      repo.write("models/m.pt", "v0");
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "stable/x");
      repo.write("models/m.pt", "trained on x");
      const mine = repo.commit("train");
      repo.git("checkout", "-q", "main");
      repo.write("models/m.pt", "trained on main");
      repo.commit("main train");
      repo.git("checkout", "-q", "stable/x");
      const r = repo.tryGit("rebase", "main");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read("models/m.pt")).toBe("trained on x");
      expect(r.stderr).toMatch(
        new RegExp(`models/m\\.pt: took the incoming version \\(.*${mine.slice(0, 12)}`),
      );
    }));
});
