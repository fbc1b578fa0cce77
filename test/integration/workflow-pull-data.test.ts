import { describe, expect, it } from "vitest";
import { commitWith } from "../helpers/pipeline.js";
import { missing } from "../helpers/requires.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

function rawRepo(repo: Repo): string {
  repo.write("README.md", "x\n");
  repo.commit("main");
  repo.git("switch", "-q", "-c", "raw");
  repo.write("data/a.csv", "id,v\n1,10\n2,\n3,30\n");
  repo.write("data/events.jsonl", '{"id":1,"v":"a"}\n');
  repo.write("data/blob.bin", "one");
  repo.write("data/notes.txt", "as received\n");
  return commitWith(repo, "raw", ["Data-Source: s3://x"]);
}

describe("mlbranch pull-data", () => {
  it("stages another branch's data with a prepared Derived-From message that git commit uses", async () => {
    await withRepo((repo) => {
      const raw = rawRepo(repo);
      repo.git("switch", "-q", "-c", "clean", "main");
      const r = repo.mlbranch(["pull-data", "raw", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.trailer).toBe(`Derived-From: raw@${raw}`);
      expect(out.files.map((f: { action: string }) => f.action)).toEqual([
        "added",
        "added",
        "added",
        "added",
      ]);
      expect(repo.read("data/a.csv")).toBe("id,v\n1,10\n2,\n3,30\n");
      expect(repo.git("diff", "--cached", "--name-only").split("\n").sort()).toEqual([
        "data/a.csv",
        "data/blob.bin",
        "data/events.jsonl",
        "data/notes.txt",
      ]);
      // A refused `-m` commit (no trailer) is told the trailer pull-data prepared, not a placeholder.
      repo.write(".git/TRY_MSG", "Pull data from raw\n");
      const refused = repo.mlbranch(["check", "--message", ".git/TRY_MSG", "--staged"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `mlbranch pull-data prepared it: git commit --trailer "Derived-From: raw@${raw}"`,
      );
      expect(refused.stderr).not.toContain("clean@1a2b3c4d");
      repo.git("commit", "-q", "--no-edit");
      expect(repo.git("log", "-1", "--format=%(trailers:key=Derived-From,valueonly)")).toBe(
        `raw@${raw}`,
      );
      // The commit satisfies the clean type's trailer rule.
      const check = repo.mlbranch(["check", "--range", "main..clean"]);
      expect(check.code, check.stderr).toBe(0);
    });
  });

  it("appends only records new since the last pull; rows cleaned away do not come back", async () => {
    await withRepo((repo) => {
      rawRepo(repo);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.mlbranch(["pull-data", "raw"]);
      repo.write("data/a.csv", "id,v\n1,10\n3,30\n"); // cleaning drops row 2
      repo.write("data/notes.txt", "cleaned\n"); // and edits a file raw will not change again
      repo.git("add", "-A");
      repo.git("commit", "-q", "--no-edit");
      repo.git("switch", "-q", "raw");
      repo.write("data/a.csv", "id,v\n1,10\n2,\n3,30\n4,40\n");
      repo.write("data/events.jsonl", '{"id":1,"v":"a"}\n{"id":2,"v":"b"}\n');
      repo.write("data/blob.bin", "two");
      const raw2 = commitWith(repo, "raw 2", ["Data-Source: s3://y"]);
      repo.git("switch", "-q", "clean");
      const r = repo.mlbranch(["pull-data", "raw", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const files = Object.fromEntries(
        JSON.parse(r.stdout).files.map((f: { path: string }) => [f.path, f]),
      );
      expect(files["data/a.csv"]).toEqual({ path: "data/a.csv", action: "appended", records: 1 });
      expect(files["data/events.jsonl"]).toMatchObject({ action: "appended", records: 1 });
      expect(files["data/blob.bin"]).toMatchObject({ action: "replaced" });
      expect(repo.read("data/a.csv")).toBe("id,v\n1,10\n3,30\n4,40\n");
      expect(repo.read("data/events.jsonl")).toBe('{"id":1,"v":"a"}\n{"id":2,"v":"b"}\n');
      expect(repo.read("data/blob.bin")).toBe("two");
      expect(files["data/notes.txt"]).toBeUndefined();
      expect(repo.read("data/notes.txt")).toBe("cleaned\n");
      expect(repo.read(".git/MERGE_MSG")).toContain(`Derived-From: raw@${raw2}`);
      repo.git("commit", "-q", "--no-edit");
      // Nothing new now: nothing staged, no message.
      const again = repo.mlbranch(["pull-data", "raw"]);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain("nothing staged");
      expect(repo.git("status", "--porcelain")).toBe("");
    });
  });

  it("pulls only the paths named", async () => {
    await withRepo((repo) => {
      rawRepo(repo);
      repo.git("switch", "-q", "-c", "split", "main");
      expect(repo.mlbranch(["pull-data", "raw", "data/a.csv"]).code).toBe(0);
      expect(repo.git("diff", "--cached", "--name-only")).toBe("data/a.csv");
    });
  });

  it("refuses uncommitted changes in the data paths, an unknown branch and an empty source", async () => {
    await withRepo((repo) => {
      rawRepo(repo);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.write("data/mine.csv", "id\n1\n");
      const dirty = repo.mlbranch(["pull-data", "raw"]);
      expect(dirty.code).toBe(1);
      expect(dirty.stderr).toContain("data/mine.csv");
      expect(repo.git("diff", "--cached", "--name-only")).toBe("");
      repo.rm("data/mine.csv");
      expect(repo.mlbranch(["pull-data", "nosuch"]).code).toBe(2);
      const empty = repo.mlbranch(["pull-data", "main"]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain("main has no files under data");
    });
  });

  it("refuses to append CSV files whose headers differ", async () => {
    await withRepo((repo) => {
      rawRepo(repo);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.write("data/a.csv", "id,value\n1,10\n");
      repo.commit("own a.csv");
      const r = repo.mlbranch(["pull-data", "raw"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("header lines differ");
    });
  });

  it.skipIf(missing("git-lfs"))(
    "appends to Git LFS files by their content, and stores the result through LFS again",
    async () => {
      await withRepo((repo) => {
        repo.git("lfs", "install", "--local");
        repo.write(".gitattributes", "data/*.csv filter=lfs diff=lfs merge=lfs -text\n");
        repo.commit("main");
        repo.git("switch", "-q", "-c", "raw");
        repo.write("data/big.csv", "id,v\n1,a\n2,b\n");
        commitWith(repo, "raw", ["Data-Source: s3://x"]);
        expect(repo.git("cat-file", "blob", "HEAD:data/big.csv")).toContain(
          "git-lfs.github.com/spec",
        );
        repo.git("switch", "-q", "-c", "clean", "main");
        expect(repo.mlbranch(["pull-data", "raw"]).code).toBe(0);
        expect(repo.read("data/big.csv")).toBe("id,v\n1,a\n2,b\n");
        repo.git("commit", "-q", "--no-edit");
        repo.git("switch", "-q", "raw");
        repo.write("data/big.csv", "id,v\n1,a\n2,b\n3,c\n");
        commitWith(repo, "raw 2", ["Data-Source: s3://y"]);
        repo.git("switch", "-q", "clean");
        const r = repo.mlbranch(["pull-data", "raw", "--json"]);
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout).files).toEqual([
          { path: "data/big.csv", action: "appended", records: 1 },
        ]);
        expect(repo.read("data/big.csv")).toBe("id,v\n1,a\n2,b\n3,c\n");
        expect(repo.git("cat-file", "blob", ":data/big.csv")).toContain("git-lfs.github.com/spec");
      });
    },
  );
});
