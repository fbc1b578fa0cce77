import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig.js";
import { driversOf } from "../../src/merge/driverOf.js";
import { dataBranch } from "../../src/workflow/dataBranch.js";
import { findIntroducers, pairKey } from "../../src/workflow/introducers.js";
import { withRepo } from "../helpers/withRepo.js";

// The paths made for 100k commits and files answer as the whole-tree / whole-history ones did.
describe("answers that no longer read the whole tree or history", () => {
  it("a commit's attributes come from its own .gitattributes files, shared only while they are the same", () =>
    withRepo((repo) => {
      repo.write(".gitattributes", "*.jsonl merge=mlbranch-jsonl\n");
      repo.write("x.jsonl", "{}\n");
      const a = repo.commit("a");
      repo.write("notes.md", "n\n");
      const b = repo.commit("b: attributes unchanged");
      repo.write(".gitattributes", "*.jsonl -merge\n");
      const c = repo.commit("c: merging turned off");
      repo.write("sub/.gitattributes", "x.jsonl merge=mlbranch-lines\n");
      repo.write("sub/x.jsonl", "{}\n");
      const d = repo.commit("d: a nested file, deeper wins");
      repo.write(".gitattributes", "");
      repo.rm("sub/.gitattributes");
      const e = repo.commit("e: an empty .gitattributes sets nothing");
      const config = loadConfig(repo.dir);
      const at = (commit: string) =>
        Object.fromEntries(driversOf(repo.dir, config, ["x.jsonl", "sub/x.jsonl"], false, commit));
      expect(at(a)).toEqual({ "x.jsonl": "jsonl", "sub/x.jsonl": "jsonl" });
      expect(at(b)).toEqual({ "x.jsonl": "jsonl", "sub/x.jsonl": "jsonl" });
      expect(at(c)).toEqual({ "x.jsonl": null, "sub/x.jsonl": null });
      expect(at(d)).toEqual({ "x.jsonl": null, "sub/x.jsonl": "lines" });
      // Nothing set: the installed defaults (.gitattributes.template) answer.
      expect(at(e)).toEqual({ "x.jsonl": "jsonl", "sub/x.jsonl": "jsonl" });
    }));

  it("introducers: a merge that took a file is not credited, a resolution is; the walk stops once all are found", () =>
    withRepo(async (repo) => {
      repo.write("README.md", "# x\n");
      repo.commit("start");
      repo.git("checkout", "-q", "-b", "side");
      repo.write("data/a.csv", "id\n1\n");
      const side = repo.commit("side adds a");
      repo.git("checkout", "-q", "main");
      repo.write("data/b.csv", "id\n2\n");
      const mainB = repo.commit("main adds b");
      repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side");
      // A resolution: the merge writes a blob neither parent has.
      repo.git("checkout", "-q", "-b", "other", "HEAD~1");
      repo.write("data/c.csv", "id\n3\n");
      repo.commit("other adds c");
      repo.git("checkout", "-q", "main");
      repo.tryGit("merge", "-q", "--no-ff", "--no-commit", "other");
      repo.write("data/c.csv", "id\n3\n4\n");
      const resolved = repo.commit("merge other, c resolved");
      for (let i = 0; i < 30; i++) {
        repo.write("notes.md", `${i}\n`);
        repo.commit(`note ${i}`);
      }
      const blob = (p: string) => repo.git("rev-parse", `HEAD:${p}`);
      const want = new Set(
        ["data/a.csv", "data/b.csv", "data/c.csv"].map((p) => pairKey(p, blob(p))),
      );
      const found = await findIntroducers(repo.dir, ["HEAD"], [":(glob)data/**"], want);
      expect(found.get(pairKey("data/a.csv", blob("data/a.csv")))?.commit).toBe(side);
      expect(found.get(pairKey("data/b.csv", blob("data/b.csv")))?.commit).toBe(mainB);
      expect(found.get(pairKey("data/c.csv", blob("data/c.csv")))?.commit).toBe(resolved);
    }));

  it("data branch: the best-scored branch holding the commit (split, then a data type), asked score by score", () =>
    withRepo((repo) => {
      repo.write("README.md", "# x\n");
      repo.commit("start");
      repo.git("checkout", "-q", "-b", "raw/main");
      repo.write("data/a.csv", "id\n1\n");
      const c = repo.commit("data");
      repo.git("branch", "dev/x");
      const config = loadConfig(repo.dir);
      expect(dataBranch(repo.dir, config, [c])).toMatchObject({ branch: "raw/main", type: "raw" });
      repo.git("branch", "split/main");
      expect(dataBranch(repo.dir, config, [c])).toMatchObject({
        branch: "split/main",
        type: "split",
      });
      repo.git("checkout", "-q", "main");
      repo.git("branch", "-D", "split/main", "raw/main");
      expect(dataBranch(repo.dir, config, [c])).toMatchObject({ branch: "dev/x" });
      repo.git("branch", "-D", "dev/x");
      expect(dataBranch(repo.dir, config, [c])).toBeNull();
    }));
});
