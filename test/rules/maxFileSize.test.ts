import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { type Repo, useLfs, withRepo } from "../helpers/withRepo.js";

// max-file-size: a blob stored in git above the type's limit is refused (dev: 1 MiB by default);
// a file tracked by Git LFS is stored as a small pointer and passes.

const RULE = "max-file-size";

const staged = (repo: Repo, config?: object) => {
  repo.git("add", "-A");
  return runRule(repo, RULE, { config });
};

/** dev/** limited to `n` bytes. */
const limit = (n: number) => ({
  version: 1,
  types: { dev: { match: ["dev/**"], maxFileSize: n } },
});

describe("max file size", () => {
  it.skipIf(missing("git-lfs"))(
    "refuses a big file stored in git and accepts it through Git LFS",
    () =>
      withRepo(async (repo) => {
        repo.git("checkout", "-q", "-b", "dev/x");
        repo.write("data/sample.bin", Buffer.alloc(2 * 1024 * 1024, 7));
        const [v, ...rest] = await staged(repo);
        expect(rest).toEqual([]);
        expect(v).toMatchObject({ rule: RULE, path: "data/sample.bin", branch: "dev/x" });
        expect(v.message).toContain("data/sample.bin is 2.0 MiB, above the 1.0 MiB limit");
        expect(v.fix).toContain("git lfs track 'data/sample.bin'");
        repo.git("reset", "-q");
        useLfs(repo);
        repo.git("lfs", "track", "data/*.bin");
        expect(await staged(repo)).toEqual([]);
      }),
  );

  it("measures the staged blob, not the work tree file beside it", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("a.txt", "x".repeat(2000));
      repo.git("add", "a.txt");
      repo.write("a.txt", "small\n"); // the work tree shrank after staging
      const run = () => runRule(repo, RULE, { config: limit(1000) });
      expect((await run()).map((v) => v.path)).toEqual(["a.txt"]);
      repo.git("add", "a.txt");
      repo.write("a.txt", "x".repeat(5000)); // and grew after staging a small one
      expect(await run()).toEqual([]);
    }));

  it("tells a file with filter=lfs stored as a plain blob to install Git LFS", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      // The attribute is there, but the LFS filter is not configured: git stores the bytes.
      for (const k of ["clean", "smudge", "process"]) repo.git("config", `filter.lfs.${k}`, "");
      repo.git("config", "filter.lfs.required", "false");
      repo.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
      repo.write("big.bin", Buffer.alloc(2000, 1));
      expect(await staged(repo, limit(1000))).toMatchObject([
        { path: "big.bin", fix: expect.stringContaining("install Git LFS") },
      ]);
      expect(repo.git("cat-file", "-s", ":big.bin")).toBe("2000");
    }));

  it("refuses one byte over the limit, not the limit itself", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("at.txt", "x".repeat(10));
      repo.write("over.txt", "x".repeat(11));
      repo.write("empty.txt", "");
      expect(await staged(repo, limit(10))).toMatchObject([
        { path: "over.txt", message: expect.stringContaining("over.txt is 11 B, above the 10 B") },
      ]);
    }));

  it("counts executables, names odd paths, and lets big files be deleted", () =>
    withRepo(async (repo) => {
      const names = ["run me.sh", "-dash.bin", "ünï\ncode.bin"];
      repo.write("small.txt", "s\n");
      for (const n of names) repo.write(n, "y".repeat(20), n.endsWith(".sh") ? 0o755 : undefined);
      repo.commit("big files on main");
      repo.git("checkout", "-q", "-b", "dev/x");
      for (const n of names) repo.write(n, "z".repeat(30));
      const paths = (await staged(repo, limit(10))).map((v) => v.path);
      expect(paths.sort()).toEqual([...names].sort());
      repo.git("reset", "-q", "--hard");
      for (const n of names) repo.rm(n);
      expect(await staged(repo, limit(10))).toEqual([]);
    }));

  it("judges each commit of a range, naming the one that added the file", () =>
    withRepo(async (repo) => {
      repo.write("README.md", "r\n");
      repo.commit("init");
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("a.txt", "a".repeat(50));
      const bad = repo.commit("big");
      repo.write("b.txt", "b");
      repo.commit("small");
      expect(await runRule(repo, RULE, { range: "main..dev/x", config: limit(10) })).toMatchObject([
        { path: "a.txt", commit: bad },
      ]);
    }));

  it("does not apply on a type without maxFileSize", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "lab/x");
      repo.write("big.bin", Buffer.alloc(2 * 1024 * 1024, 7));
      const lab = { version: 1, types: { lab: { match: ["lab/**"] } } };
      expect(await staged(repo, lab)).toEqual([]);
    }));

  it("applies a default type's limit to a type that names only its match (defaults are implied)", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("big.bin", Buffer.alloc(2 * 1024 * 1024, 7));
      const dev = { version: 1, types: { dev: { match: ["dev/**"] } } };
      expect(await staged(repo, dev)).toMatchObject([{ rule: "max-file-size", path: "big.bin" }]);
    }));
});
