import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { makeRepo, type Repo } from "../helpers/withRepo.js";

// Releases cannot move, judged before the push leaves the clone (pre-push); pre-receive's side
// is in serverHosts.test.ts.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

function setup(config?: object): Repo {
  const repo = makeRepo();
  const bare = makeRepo({ bare: true });
  made.push(repo, bare);
  repo.write("README.md", "# p\n");
  linkPackage(repo.dir);
  expect(installHooks(repo).code).toBe(0);
  if (config) repo.write("mlbranch.json", JSON.stringify(config, null, 2));
  repo.commit("start");
  repo.git("remote", "add", "origin", bare.dir);
  expect(gitHooks(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
  repo.git("checkout", "-q", "-b", "stable/resnet");
  repo.write("models/m.pt", "weights\n");
  repo.commit("model");
  expect(gitHooks(repo, ["push", "-q", "origin", "stable/resnet"]).code).toBe(0);
  repo.git("tag", "-a", "-m", "first", "resnet-1");
  expect(gitHooks(repo, ["push", "-q", "origin", "resnet-1"]).code).toBe(0);
  repo.write("models/m.pt", "better weights\n");
  repo.commit("retrain");
  expect(gitHooks(repo, ["push", "-q", "origin", "stable/resnet"]).code).toBe(0);
  return repo;
}

describe("pre-push: release tags", () => {
  it("refuses moving or deleting a release tag the remote has, with the fix", () => {
    const repo = setup();
    repo.git("tag", "-f", "-a", "-m", "moved", "resnet-1");
    const moved = gitHooks(repo, ["push", "--force", "origin", "resnet-1"]);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain(
      "tag resnet-1 is a release (it fits the tagPattern of type stable)",
    );
    expect(moved.stderr).toContain("push refused by pre-push");
    expect(moved.stderr).toContain("git fetch origin tag resnet-1 --force");
    const deleted = gitHooks(repo, ["push", "origin", ":refs/tags/resnet-1"]);
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain("deleting tag resnet-1 is refused");
    // The fix as printed puts the local tag back; the next release is a new tag.
    expect(gitHooks(repo, ["fetch", "-q", "origin", "tag", "resnet-1", "--force"]).code).toBe(0);
    repo.git("tag", "-a", "-m", "second", "resnet-2");
    expect(gitHooks(repo, ["push", "-q", "origin", "resnet-1", "resnet-2"]).code).toBe(0);
  });

  it('lets a team that set "immutableTags": false move one', () => {
    const repo = setup({ version: 1, immutableTags: false });
    repo.git("tag", "-f", "-a", "-m", "moved", "resnet-1");
    const moved = gitHooks(repo, ["push", "--force", "origin", "resnet-1"]);
    expect(moved.code, moved.stderr).toBe(0);
  });
});
