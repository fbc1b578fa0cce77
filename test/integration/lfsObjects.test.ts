import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, type Repo } from "../helpers/withRepo.js";

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

const pointer = (hex: string) =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${hex.repeat(64)}\nsize 12345\n`;

/** A clone with mlbranch's hooks and git-lfs, and a bare remote on this machine. */
function setup(): Repo {
  const repo = makeRepo();
  const bare = makeRepo({ bare: true });
  made.push(repo, bare);
  repo.git("lfs", "install", "--local");
  repo.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
  repo.write("README.md", "# p\n");
  linkPackage(repo.dir);
  installHooks(repo);
  repo.commit("start");
  repo.git("remote", "add", "origin", bare.dir);
  expect(gitHooks(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
  return repo;
}

describe.skipIf(missing("git-lfs"))("LFS pointers whose object nobody has", () => {
  it("pre-commit refuses one on raw and warns on dev; a real LFS file passes", () => {
    const repo = setup();
    repo.git("checkout", "-q", "-b", "raw");
    repo.write("data/x.bin", pointer("a"));
    repo.git("add", "-A");
    const raw = gitHooks(repo, [
      "commit",
      "-m",
      "hand-written pointer",
      "-m",
      "Data-Source: s3://b",
    ]);
    expect(raw.code).not.toBe(0);
    expect(raw.stderr).toContain("data/x.bin is a Git LFS pointer to object aaaaaaaaaaaa");
    expect(raw.stderr).toContain("must be reproducible");
    repo.git("checkout", "-q", "-b", "dev/x", "main");
    const dev = gitHooks(repo, ["commit", "-m", "pointer on dev"]);
    expect(dev.code, dev.stderr).toBe(0);
    expect(dev.stderr).toContain("data/x.bin is a Git LFS pointer");
    repo.git("checkout", "-q", "raw");
    repo.write("data/x.bin", "real bytes\n");
    repo.git("add", "-A");
    const real = gitHooks(repo, ["commit", "-m", "real file", "-m", "Data-Source: s3://b"]);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).not.toContain("Git LFS pointer");
    // Pushed: git-lfs puts the object on the remote, and a clone without it locally passes too.
    expect(gitHooks(repo, ["push", "-q", "origin", "raw"]).code).toBe(0);
  });

  it("pre-push refuses one committed with --no-verify on raw", () => {
    const repo = setup();
    repo.git("checkout", "-q", "-b", "raw");
    repo.write("data/y.bin", pointer("b"));
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "pointer", "-m", "Data-Source: s3://b");
    // A second commit: a range of several commits reads every size in one call first.
    repo.write("data/z.bin", "real\n");
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "real", "-m", "Data-Source: s3://b");
    const r = gitHooks(repo, ["push", "origin", "raw"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("data/y.bin is a Git LFS pointer to object bbbbbbbbbbbb");
    expect(r.stderr).toContain("nor on the remote");
  });
});
