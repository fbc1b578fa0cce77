import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitWith } from "../helpers/pipeline.js";
import { makeRepo, type Repo, run, withRepo } from "../helpers/withRepo.js";

// raw (one delivery) -> clean (pulled, row 2 cleaned away) ; raw gains row 4.
function origin(repo: Repo): void {
  repo.write("README.md", "x\n");
  repo.commit("main");
  repo.git("switch", "-q", "-c", "raw");
  repo.write("data/a.csv", "id,v\n1,10\n2,bad\n3,30\n");
  commitWith(repo, "raw 1", ["Data-Source: s3://x/1"]);
  repo.git("switch", "-q", "-c", "clean", "main");
  expect(repo.mlbranch(["pull-data", "raw"]).code).toBe(0);
  repo.git("commit", "-q", "--no-edit");
  repo.write("data/a.csv", "id,v\n1,10\n3,30\n");
  repo.commit("clean: drop row 2");
  repo.git("switch", "-q", "raw");
  repo.write("data/a.csv", "id,v\n1,10\n2,bad\n3,30\n4,40\n");
  commitWith(repo, "raw 2", ["Data-Source: s3://x/2"]);
  repo.git("switch", "-q", "clean");
}

// A clone of `src` made with `git clone <args> file://<src>`, on clean.
function cloneOf(src: Repo, args: string[]): Repo {
  const c = makeRepo();
  rmSync(join(c.dir, ".git"), { recursive: true, force: true });
  const r = run("git", ["clone", "-q", ...args, `file://${src.dir}`, c.dir], src.dir);
  expect(r.code, r.stderr).toBe(0);
  c.git("config", "user.name", "T");
  c.git("config", "user.email", "t@example.com");
  return c;
}

describe("pull-data never brings back what cleaning removed, and copies records exactly", () => {
  it("refuses in a shallow clone (exit 2, --unshallow), then pulls right after unshallowing", async () => {
    await withRepo((src) => {
      origin(src);
      const c = cloneOf(src, ["--depth", "1", "--no-single-branch", "--branch", "clean"]);
      try {
        const r = c.mlbranch(["pull-data", "origin/raw"]);
        expect(r.code, r.stdout).toBe(2);
        expect(r.stderr).toContain("git fetch --unshallow");
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(c.read("data/a.csv")).toBe("id,v\n1,10\n3,30\n");
        c.git("fetch", "-q", "--unshallow");
        const ok = c.mlbranch(["pull-data", "origin/raw", "--json"]);
        expect(ok.code, ok.stderr).toBe(0);
        expect(c.read("data/a.csv")).toBe("id,v\n1,10\n3,30\n4,40\n");
        expect(JSON.parse(ok.stdout).trailer).toMatch(/^Derived-From: raw@[0-9a-f]{40}$/);
      } finally {
        rmSync(c.dir, { recursive: true, force: true });
      }
    });
  });

  it("pull-data origin/raw in a fresh clone finds the last pull made as raw", async () => {
    await withRepo((src) => {
      origin(src);
      src.git("switch", "-q", "main");
      const c = cloneOf(src, ["--branch", "clean"]);
      try {
        expect(c.git("branch", "--list", "raw")).toBe("");
        const r = c.mlbranch(["pull-data", "origin/raw", "--json"]);
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout).files).toEqual([
          { path: "data/a.csv", action: "appended", records: 1 },
        ]);
        expect(c.read("data/a.csv")).toBe("id,v\n1,10\n3,30\n4,40\n");
      } finally {
        rmSync(c.dir, { recursive: true, force: true });
      }
    });
  });

  it("refuses (exit 2) when the last pull's raw commit is gone (raw rewritten and force-pushed)", async () => {
    await withRepo((repo) => {
      origin(repo);
      // raw rewritten: the commit clean's trailer names is no longer in the repository.
      repo.git("switch", "-q", "--orphan", "raw2");
      repo.write("data/a.csv", "id,v\n1,10\n2,bad\n3,30\n4,40\n");
      commitWith(repo, "raw rewritten", ["Data-Source: s3://x/all"]);
      repo.git("branch", "-M", "raw2", "raw");
      repo.git("switch", "-q", "clean");
      repo.git("reflog", "expire", "--expire=now", "--all");
      repo.git("gc", "-q", "--prune=now");
      const r = repo.mlbranch(["pull-data", "raw"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not in this clone/);
      expect(r.stderr).toContain("git fetch origin raw");
      expect(repo.read("data/a.csv")).toBe("id,v\n1,10\n3,30\n");
    });
  });

  it("reads RFC 4180 CSV: a quoted field spanning lines is one record, copied whole", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "raw");
      const one = 'id,note\n1,"first\nline"\n';
      repo.write("data/n.csv", one);
      commitWith(repo, "raw 1", ["Data-Source: s3://n/1"]);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.mlbranch(["pull-data", "raw"]);
      repo.git("commit", "-q", "--no-edit");
      repo.git("switch", "-q", "raw");
      const two = `${one}2,"second, ""quoted""\nspans\nthree lines"\n3,plain\n`;
      repo.write("data/n.csv", two);
      commitWith(repo, "raw 2", ["Data-Source: s3://n/2"]);
      repo.git("switch", "-q", "clean");
      const r = repo.mlbranch(["pull-data", "raw", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).files[0].records).toBe(2);
      expect(repo.read("data/n.csv")).toBe(two);
    });
  });

  it("counts copies: a delivery with a row equal to an earlier one (two equal sales) keeps both", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "raw");
      repo.write("data/sales.csv", "store,amount\nA,5\n");
      commitWith(repo, "raw 1", ["Data-Source: s3://s/1"]);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.mlbranch(["pull-data", "raw"]);
      repo.git("commit", "-q", "--no-edit");
      repo.git("switch", "-q", "raw");
      repo.write("data/sales.csv", "store,amount\nA,5\nA,5\nB,7\n");
      repo.write("data/ev.jsonl", '{"id":1}\n');
      commitWith(repo, "raw 2", ["Data-Source: s3://s/2"]);
      repo.git("switch", "-q", "clean");
      expect(repo.mlbranch(["pull-data", "raw"]).code).toBe(0);
      expect(repo.read("data/sales.csv")).toBe("store,amount\nA,5\nA,5\nB,7\n");
    });
  });

  it("copies Latin-1 bytes byte for byte, old rows untouched", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "raw");
      const one = Buffer.from("id,name\n1,Jos\xe9\n", "latin1");
      repo.write("data/p.csv", one);
      commitWith(repo, "raw 1", ["Data-Source: s3://p/1"]);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.mlbranch(["pull-data", "raw"]);
      repo.git("commit", "-q", "--no-edit");
      repo.git("switch", "-q", "raw");
      const two = Buffer.concat([one, Buffer.from("2,Ren\xe9e \x80\n", "latin1")]);
      repo.write("data/p.csv", two);
      commitWith(repo, "raw 2", ["Data-Source: s3://p/2"]);
      repo.git("switch", "-q", "clean");
      const r = repo.mlbranch(["pull-data", "raw"]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(repo.dir, "data/p.csv")).equals(two)).toBe(true);
    });
  });
});
