import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { type Repo, useLfs, withRepo } from "../helpers/withRepo.js";

// append-only: on raw (data/**) a committed file is never edited, deleted, renamed or re-moded;
// line files (.csv, .jsonl, .txt, ...) may only grow at the end.

const SOURCE = "Data-Source: s3://vendor/export-2026-11.csv";
const RULE = "append-only";

function onRaw(repo: Repo, files: Record<string, string | Buffer> = {}) {
  repo.git("checkout", "-q", "-b", "raw");
  repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n");
  repo.write("data/events.jsonl", '{"id":1}\n{"id":2}\n');
  for (const [p, c] of Object.entries(files)) repo.write(p, c);
  repo.commit(`add iris\n\n${SOURCE}`);
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};
const messages = async (repo: Repo) => (await staged(repo)).map((v) => v.message);

describe("append-only on raw", () => {
  it("refuses extending a last line that had no final newline: that edits a record", () =>
    withRepo(async (repo) => {
      onRaw(repo, { "data/tail.csv": "id,v\n3,4" });
      repo.write("data/tail.csv", "id,v\n3,45");
      expect((await messages(repo)).join("\n")).toContain("its last line had no final newline");
      repo.write("data/tail.csv", "id,v\n3,4\n5,6\n");
      expect(await staged(repo)).toEqual([]);
    }));

  it("judges the index, not the work tree, whichever of the two is the append", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      // Staged: an edit of line 2; the work tree then turned back into a pure append.
      repo.write("data/iris.csv", "id,sepal\n1,5.2\n2,4.9\n");
      repo.git("add", "data/iris.csv");
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n3,4.7\n");
      expect((await runRule(repo, RULE)).map((v) => v.message).join("\n")).toContain(
        "existing lines were changed",
      );
      // Staged: an append; the work tree then holds an edit.
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n3,4.7\n");
      repo.git("add", "data/iris.csv");
      repo.write("data/iris.csv", "id,sepal\n9,9.9\n");
      expect(await runRule(repo, RULE)).toEqual([]);
      // The work tree file gone (git rm --cached is not a change here; deleted in the tree only).
      rmSync(join(repo.dir, "data/iris.csv"));
      expect(await runRule(repo, RULE)).toEqual([]);
    }));

  it("reads through line-ending conversion: the work tree's CRLF file is not the blob", () =>
    withRepo(async (repo) => {
      repo.write(".gitattributes", "*.csv text eol=crlf\n");
      onRaw(repo);
      repo.write("data/iris.csv", "id,sepal\r\n1,5.1\r\n2,4.9\r\n3,4.7\r\n");
      expect(await staged(repo)).toEqual([]);
      repo.write("data/iris.csv", "id,sepal\r\n1,5.2\r\n2,4.9\r\n3,4.7\r\n");
      expect((await messages(repo)).join("\n")).toContain("existing lines were changed");
    }));

  it("accepts appended lines in .csv and .jsonl", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n3,4.7\n");
      repo.write("data/events.jsonl", '{"id":1}\n{"id":2}\n{"id":3}\n');
      expect(await staged(repo)).toEqual([]);
    }));

  it("refuses an in-place edit of a .csv line with the rule, file, branch and fix", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      repo.write("data/iris.csv", "id,sepal\n1,5.2\n2,4.9\n");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({
        rule: "append-only",
        path: "data/iris.csv",
        branch: "raw",
        type: "raw",
        commit: null,
        severity: "error",
      });
      expect(v.message).toContain("existing lines were changed");
      // Where corrections go comes from the config (types with a Derived-From trailer), not a name.
      expect(v.fix).toContain(
        "corrections belong on a clean or split branch, derived from this one",
      );
    }));

  it("refuses an edited .jsonl record even when lines are also appended", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      repo.write("data/events.jsonl", '{"id":1}\n{"id":22}\n{"id":3}\n');
      expect(await messages(repo)).toEqual([
        expect.stringContaining("existing lines were changed"),
      ]);
    }));

  it("names a deleted raw row by its line, a changed one and one inserted in the middle", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      repo.write("data/iris.csv", "id,sepal\n2,4.9\n");
      expect(await messages(repo)).toEqual([
        expect.stringContaining('existing lines were changed: line 2 was deleted: "1,5.1"'),
      ]);
      repo.write("data/iris.csv", "id,sepal\n9,9.9\n1,5.1\n2,4.9\n");
      expect(await messages(repo)).toEqual([
        expect.stringContaining('a line was inserted before line 2: "9,9.9"'),
      ]);
      repo.write("data/events.jsonl", '{"id":1}\n{"id":22}\n{"id":3}\n');
      repo.write("data/iris.csv", "id,sepal\n");
      const all = await messages(repo);
      expect(all).toContain(
        'data/events.jsonl is append-only on raw (type raw): existing lines were changed: line 2 was changed from "{\\"id\\":2}" to "{\\"id\\":22}" (new lines may only be added at the end).',
      );
      expect(all.join("\n")).toContain('lines from 2 on were deleted, starting with "1,5.1"');
    }));

  it("refuses deletion, rename and mode change of raw data", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      repo.git("rm", "-q", "data/iris.csv");
      expect(await messages(repo)).toEqual([expect.stringContaining("never deleted")]);
      repo.git("reset", "-q", "--hard");

      repo.git("mv", "data/iris.csv", "data/iris-v1.csv");
      expect(await messages(repo)).toEqual([
        expect.stringContaining("never renamed (here to data/iris-v1.csv)"),
      ]);
      repo.git("reset", "-q", "--hard");

      repo.git("update-index", "--chmod=+x", "data/iris.csv");
      expect(await runRule(repo, RULE)).toMatchObject([
        {
          path: "data/iris.csv",
          message: expect.stringContaining("mode may not change (100644 -> 100755)"),
          fix: expect.stringContaining("--chmod=-x"),
        },
      ]);
    }));

  it("refuses an edit of a non-line data file and accepts a new file", () =>
    withRepo(async (repo) => {
      onRaw(repo, { "data/blob.bin": Buffer.from([0, 1, 2, 3]) });
      repo.write("data/blob.bin", Buffer.from([0, 1, 2, 3, 4]));
      expect(await messages(repo)).toEqual([
        expect.stringContaining("a committed file is never edited"),
      ]);
      repo.git("reset", "-q", "--hard");
      repo.write("data/batch-2.csv", "id,sepal\n9,6.1\n");
      expect(await staged(repo)).toEqual([]);
    }));

  it("leaves paths outside appendOnly alone, and types without appendOnly", () =>
    withRepo(async (repo) => {
      repo.write("notes.txt", "a\n");
      onRaw(repo);
      repo.write("notes.txt", "b\n");
      expect(await staged(repo)).toEqual([]);
      repo.git("checkout", "-q", "-b", "clean");
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n");
      expect(await staged(repo)).toEqual([]);
    }));

  it("judges a commit already made (pre-push, CI) and names it", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      const base = repo.git("rev-parse", "HEAD");
      repo.write("data/events.jsonl", '{"id":1}\n{"id":2}\n{"id":3}\n');
      repo.commit(`more\n\n${SOURCE}`);
      repo.write("data/iris.csv", "id,sepal\n");
      const bad = repo.commit(`trim\n\n${SOURCE}`);
      expect(await runRule(repo, RULE, { range: `${base}..raw` })).toMatchObject([
        { path: "data/iris.csv", commit: bad },
      ]);
      expect(await runRule(repo, RULE, { commit: "HEAD~1" })).toEqual([]);
    }));
});

describe("append-only: odd files", () => {
  const names = [
    "data/with space.csv",
    "data/q\"uote's.csv",
    "data/new\nline.csv",
    "data/tab\there.csv",
    "data/naïve-日本.csv",
    "data/-leading-dash.csv",
    "data/--rf.jsonl",
    "data/back\\slash.csv",
  ];

  it("accepts appends and names each edited file exactly, whatever its name", () =>
    withRepo(async (repo) => {
      onRaw(repo, Object.fromEntries(names.map((n) => [n, "id\n1\n"])));
      for (const n of names) repo.write(n, "id\n1\n2\n");
      expect(await staged(repo)).toEqual([]);
      for (const n of names) repo.write(n, "id\n2\n");
      const paths = (await staged(repo)).map((v) => v.path);
      expect(paths.sort()).toEqual([...names].sort());
    }));

  it("names a deleted and a renamed file with an odd name", () =>
    withRepo(async (repo) => {
      onRaw(repo, { "data/-x y.csv": "id\n1\n", "data/é\nz.csv": "id\n2\n" });
      repo.git("rm", "-q", "--", "data/-x y.csv");
      repo.git("mv", "data/é\nz.csv", "data/ö z.csv");
      expect(await staged(repo)).toMatchObject([
        { path: "data/-x y.csv", message: expect.stringContaining("never deleted") },
        { path: "data/é\nz.csv", message: expect.stringContaining("(here to data/ö z.csv)") },
      ]);
    }));

  it("CRLF: appended CRLF lines pass; turning LF into CRLF is an edit", () =>
    withRepo(async (repo) => {
      onRaw(repo, { "data/win.csv": "id,v\r\n1,a\r\n" });
      repo.write("data/win.csv", "id,v\r\n1,a\r\n2,b\r\n");
      expect(await staged(repo)).toEqual([]);
      repo.write("data/win.csv", "id,v\n1,a\n2,b\n");
      expect(await staged(repo)).toMatchObject([{ path: "data/win.csv" }]);
      repo.git("reset", "-q", "--hard");
      repo.write("data/iris.csv", "id,sepal\r\n1,5.1\r\n2,4.9\r\n");
      expect(await staged(repo)).toMatchObject([{ path: "data/iris.csv" }]);
    }));

  it("empty files: an empty file may fill up; a file may not be emptied", () =>
    withRepo(async (repo) => {
      onRaw(repo, { "data/empty.jsonl": "" });
      repo.write("data/empty.jsonl", '{"id":1}\n');
      expect(await staged(repo)).toEqual([]);
      repo.write("data/empty.jsonl", "");
      repo.write("data/events.jsonl", "");
      expect(await staged(repo)).toMatchObject([
        { path: "data/events.jsonl", message: expect.stringContaining("existing lines") },
      ]);
    }));

  it("no final newline: appending after a completed last line passes, cutting it does not", () =>
    withRepo(async (repo) => {
      onRaw(repo, { "data/open.csv": "id\n1\n2" });
      repo.write("data/open.csv", "id\n1\n2\n3\n");
      expect(await staged(repo)).toEqual([]);
      repo.write("data/open.csv", "id\n1\n");
      expect(await staged(repo)).toMatchObject([{ path: "data/open.csv" }]);
    }));

  it("a data file turned into a symlink is a mode change", () =>
    withRepo(async (repo) => {
      onRaw(repo);
      rmSync(join(repo.dir, "data/iris.csv"));
      symlinkSync("events.jsonl", join(repo.dir, "data/iris.csv"));
      expect(await messages(repo)).toEqual([
        expect.stringContaining("mode may not change (100644 -> 120000)"),
      ]);
    }));

  it("treats a symlink target change as an edit, and a new symlink as an add", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "raw/main");
      repo.write("data/a.csv", "id\n1\n");
      symlinkSync("a.csv", join(repo.dir, "data/link.csv"));
      expect(await staged(repo)).toEqual([]);
      repo.commit(`a\n\n${SOURCE}`);
      rmSync(join(repo.dir, "data/link.csv"));
      // A longer target that starts with the old one: still an edit, not an append.
      symlinkSync("a.csv.bak", join(repo.dir, "data/link.csv"));
      expect(await messages(repo)).toEqual([
        "data/link.csv is append-only on raw/main (type raw): a committed file is never edited.",
      ]);
    }));
});

describe.skipIf(missing("git-lfs"))("append-only with Git LFS", () => {
  it("compares the real content behind LFS pointers", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "raw/main");
      useLfs(repo);
      repo.git("lfs", "track", "data/*.jsonl");
      repo.write("data/big.jsonl", '{"id":1}\n');
      repo.commit(`lfs data\n\n${SOURCE}`);
      expect(repo.git("cat-file", "-p", "HEAD:data/big.jsonl")).toContain(
        "git-lfs.github.com/spec/v1",
      );
      repo.write("data/big.jsonl", '{"id":1}\n{"id":2}\n');
      expect(await staged(repo)).toEqual([]);
      repo.write("data/big.jsonl", '{"id":9}\n{"id":2}\n');
      expect(await messages(repo)).toEqual([
        expect.stringContaining("existing lines were changed"),
      ]);
    }));

  it("refuses, and says why, when the new LFS object is missing locally", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "raw/main");
      useLfs(repo);
      repo.git("lfs", "track", "data/*.jsonl");
      repo.write("data/big.jsonl", '{"id":1}\n');
      repo.commit(`lfs data\n\n${SOURCE}`);
      repo.write("data/big.jsonl", '{"id":1}\n{"id":2}\n');
      repo.git("add", "-A");
      // The old object is never needed (the append is proven by hashing the new one): the new
      // one gone is what leaves nothing to judge.
      rmSync(join(repo.dir, ".git", "lfs", "objects"), { recursive: true, force: true });
      expect(await runRule(repo, RULE)).toMatchObject([
        {
          path: "data/big.jsonl",
          message: expect.stringContaining("LFS object missing locally"),
          fix: expect.stringContaining("git lfs fetch"),
        },
      ]);
    }));
});
