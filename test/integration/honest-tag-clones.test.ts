import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeRepo, type Repo, run, withRepo } from "../helpers/withRepo.js";

// Tag reservations are refs of one repository (refs/mlbranch/reserved/*): two clones cannot see
// each other's. A name --next gave a run in one clone that the other clone tagged first is
// refused at `tag` (exit 2, saying why and what to do), never silently moved to the next number.

function clone(remote: Repo): Repo {
  const c = makeRepo();
  rmSync(c.dir, { recursive: true, force: true });
  const r = run("git", ["clone", "-q", remote.dir, c.dir], remote.dir);
  expect(r.code, r.stderr).toBe(0);
  c.git("config", "user.name", "T");
  c.git("config", "user.email", "t@example.com");
  c.git("config", "commit.gpgSign", "false");
  return c;
}

function train(repo: Repo, model: string): void {
  repo.write("models/m.pt", `${model}\n`);
  repo.git("add", "-A");
  repo.git("commit", "-q", "--no-verify", "-m", `train ${model}`);
}

describe("tag across clones", () => {
  it("a name --next gave here, tagged first in another clone, is refused (exit 2), not renumbered", async () => {
    await withRepo((a) => {
      const remote = makeRepo({ bare: true });
      let b: Repo | undefined;
      try {
        a.write("README.md", "x\n");
        a.commit("init");
        a.git("switch", "-q", "-c", "stable/model");
        a.git("remote", "add", "origin", remote.dir);
        a.git("push", "-q", "--no-verify", "origin", "main", "stable/model");
        b = clone(remote);
        b.git("switch", "-q", "stable/model");
        // Both clones ask for a name before training: neither sees the other's reservation.
        const na = a.mlbranch(["tag", "--prefix", "acme", "--next"]);
        const nb = b.mlbranch(["tag", "--prefix", "acme", "--next"]);
        expect([na.stdout.trim(), nb.stdout.trim()]).toEqual(["acme-1", "acme-1"]);
        train(b, "b");
        expect(b.mlbranch(["tag", "--prefix", "acme"]).stdout.trim()).toBe("acme-1");
        b.git("push", "-q", "--no-verify", "origin", "acme-1");
        // Clone a trains, fetches the tags, and tags: acme-1 is b's now, and acme-2 would be a
        // name this run was never given.
        train(a, "a");
        a.git("fetch", "-q", "--tags", "origin");
        const refused = a.mlbranch(["tag", "--prefix", "acme"]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(
          "acme-1 is the name mlbranch tag --next gave this run on stable/model, but acme-1 is now the tag of another run",
        );
        expect(refused.stderr).toContain("Run mlbranch tag --next for a new name");
        expect(a.tryGit("rev-parse", "-q", "--verify", "refs/tags/acme-2").code).not.toBe(0);
        // The way out the message names: a new name, then the tag is that name.
        expect(a.mlbranch(["tag", "--prefix", "acme", "--next"]).stdout.trim()).toBe("acme-2");
        const made = a.mlbranch(["tag", "--prefix", "acme"]);
        expect(made.code, made.stderr).toBe(0);
        expect(made.stdout.trim()).toBe("acme-2");
      } finally {
        rmSync(remote.dir, { recursive: true, force: true });
        if (b) rmSync(b.dir, { recursive: true, force: true });
      }
    });
  });

  it("a reserved name tagged by hand on this branch is simply used up", async () => {
    await withRepo((a) => {
      a.write("README.md", "x\n");
      a.commit("init");
      a.git("switch", "-q", "-c", "stable/model");
      expect(a.mlbranch(["tag", "--prefix", "acme", "--next"]).stdout.trim()).toBe("acme-1");
      train(a, "a");
      a.git("tag", "-a", "-m", "by hand", "acme-1");
      train(a, "a2");
      const r = a.mlbranch(["tag", "--prefix", "acme"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe("acme-2");
    });
  });
});
