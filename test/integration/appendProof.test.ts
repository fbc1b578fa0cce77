import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { proofKey, proveAppends } from "../../src/git/appendProofs.js";
import { BlobReader } from "../../src/git/blobs.js";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { type Repo, useLfs, withRepo } from "../helpers/withRepo.js";

// An append is proven by hashing the first n bytes of the new version against the old one's id
// (a git blob id, or a Git LFS oid), reading the new version once and the old one never; or, when
// the old LFS object is in a local store, by comparing its bytes with the new version's first n.
// Every way of changing the old bytes must still be refused, for git blobs and LFS objects alike,
// by either path.

const OLD = "id,v\n1,a\n2,b\n3,c\n";
const changes: [string, string][] = [
  ["the first byte", `Id,v\n1,a\n2,b\n3,c\n4,d\n`],
  ["a middle byte", `id,v\n1,a\n2,B\n3,c\n4,d\n`],
  ["the last byte", `id,v\n1,a\n2,b\n3,c\r4,d\n`],
  ["CRLF line ends", `id,v\r\n1,a\r\n2,b\r\n3,c\r\n4,d\r\n`],
  ["a truncation", `id,v\n1,a\n2,b\n`],
  ["a truncation then an append", `id,v\n1,a\n2,b\n3,x\n4,d\n`],
];

// The pair (old blob, new blob) of data/d.csv: HEAD's and the index's.
function pair(repo: Repo) {
  const old = repo.git("rev-parse", "HEAD:data/d.csv");
  const now = repo.git("rev-parse", ":data/d.csv");
  return { old, now, path: "data/d.csv" };
}

// A proof on a fresh reader (nothing prefetched, so every pair is streamed).
async function prove(repo: Repo, worktree = false) {
  const p = pair(repo);
  const blobs = new BlobReader(repo.dir);
  const wt = worktree ? new Map([[p.now, join(repo.dir, p.path)]]) : undefined;
  await proveAppends(blobs, repo.dir, [p], { worktree: wt });
  return blobs.proofs.get(proofKey(p.old, p.now))!;
}

function onRaw(repo: Repo, lfs: boolean, content = OLD) {
  repo.git("checkout", "-q", "-b", "raw/main");
  if (lfs) {
    useLfs(repo);
    repo.git("lfs", "track", "data/*.csv");
  }
  repo.write("data/d.csv", content);
  repo.commit("delivery\n\nData-Source: vendor export of 2026-12-01");
}

// The old LFS object of data/d.csv at HEAD, as a file of this clone's store.
function oldObject(repo: Repo): string {
  const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", "HEAD:data/d.csv"))![1];
  return join(repo.dir, ".git/lfs/objects", oid.slice(0, 2), oid.slice(2, 4), oid);
}

for (const lfs of [false, true]) {
  const kind = lfs ? "Git LFS objects, old object here (compare)" : "git blobs (hash)";
  const by = lfs ? "compare" : "hash";
  describe(`append proof, ${kind}`, () => {
    it.skipIf(lfs && missing("git-lfs"))(
      "proves a pure append, from git and from the work tree",
      () =>
        withRepo(async (repo) => {
          onRaw(repo, lfs);
          repo.write("data/d.csv", `${OLD}4,d\n5,e\n`);
          repo.git("add", "data/d.csv");
          for (const wt of [false, true]) {
            const proof = await prove(repo, wt);
            expect(proof).toMatchObject({
              kind: "append",
              by,
              oldSize: OLD.length,
              lastRecordKept: true,
            });
            if (proof.kind === "append") {
              expect(proof.tail?.toString()).toBe("4,d\n5,e\n");
              expect(proof.head.toString()).toBe("id,v\n");
            }
          }
        }),
    );

    for (const [what, now] of changes)
      it.skipIf(lfs && missing("git-lfs"))(`refuses ${what}`, () =>
        withRepo(async (repo) => {
          onRaw(repo, lfs);
          repo.write("data/d.csv", now);
          repo.git("add", "data/d.csv");
          const shorter = now.length < OLD.length;
          expect(await prove(repo)).toMatchObject({ kind: "edit", by: shorter ? "size" : by });
          const v = await runRule(repo, "append-only");
          expect(v.map((x) => x.rule)).toEqual(["append-only"]);
        }),
      );

    it.skipIf(lfs && missing("git-lfs"))("refuses a last line extended without a newline", () =>
      withRepo(async (repo) => {
        onRaw(repo, lfs, "id,v\n1,a\n2,b");
        repo.write("data/d.csv", "id,v\n1,a\n2,bb\n");
        repo.git("add", "data/d.csv");
        expect(await prove(repo)).toMatchObject({ kind: "append", by, lastRecordKept: false });
        const v = await runRule(repo, "append-only");
        expect(v.map((x) => x.message).join("\n")).toContain("no final newline");
      }),
    );

    it.skipIf(lfs && missing("git-lfs"))(
      "reads the staged version, not a work tree edited after git add",
      () =>
        withRepo(async (repo) => {
          onRaw(repo, lfs);
          repo.write("data/d.csv", "id,v\n9,z\n");
          repo.git("add", "data/d.csv");
          repo.write("data/d.csv", `${OLD}4,d\n`);
          expect((await prove(repo, true)).kind).toBe("edit");
        }),
    );
  });
}

describe("append proof, Git LFS objects that are not here", () => {
  it.skipIf(missing("git-lfs"))("needs no old object: an append is proven by the new one", () =>
    withRepo(async (repo) => {
      onRaw(repo, true);
      rmSync(join(repo.dir, ".git", "lfs", "objects"), { recursive: true, force: true });
      repo.write("data/d.csv", `${OLD}4,d\n`);
      repo.git("add", "data/d.csv");
      expect(await prove(repo)).toMatchObject({ kind: "append", by: "hash" });
      expect(await runRule(repo, "append-only")).toEqual([]);
      // An edit still is one: refused, with the LFS object named as what is missing to say more.
      repo.write("data/d.csv", `id,v\n1,A\n2,b\n3,c\n4,d\n`);
      repo.git("add", "data/d.csv");
      expect(await prove(repo)).toMatchObject({ kind: "edit", by: "hash" });
      expect((await runRule(repo, "append-only")).map((v) => v.rule)).toEqual(["append-only"]);
    }),
  );

  it.skipIf(missing("git-lfs"))("reports a missing new object as missing, never as an append", () =>
    withRepo(async (repo) => {
      onRaw(repo, true);
      repo.write("data/d.csv", `${OLD}4,d\n`);
      repo.git("add", "data/d.csv");
      rmSync(join(repo.dir, ".git", "lfs", "objects"), { recursive: true, force: true });
      expect((await prove(repo)).kind).toBe("missing");
      expect(await runRule(repo, "append-only")).toMatchObject([
        { message: expect.stringContaining("LFS object missing locally") },
      ]);
    }),
  );
});

describe("append proof, Git LFS objects in a local store that cannot be trusted or found", () => {
  for (const [what, now] of changes)
    it.skipIf(missing("git-lfs"))(`falls back to hashing without the old object: ${what}`, () =>
      withRepo(async (repo) => {
        onRaw(repo, true);
        rmSync(oldObject(repo));
        repo.write("data/d.csv", now);
        repo.git("add", "data/d.csv");
        const by = now.length < OLD.length ? "size" : "hash";
        expect(await prove(repo)).toMatchObject({ kind: "edit", by });
        expect((await runRule(repo, "append-only")).map((v) => v.rule)).toEqual(["append-only"]);
      }),
    );

  it.skipIf(missing("git-lfs"))("does not trust a stored old object of another size", () =>
    withRepo(async (repo) => {
      onRaw(repo, true);
      // A store file cut short (an interrupted copy): its name no longer vouches for its bytes.
      writeFileSync(oldObject(repo), OLD.slice(0, -1));
      repo.write("data/d.csv", `${OLD}4,d\n`);
      repo.git("add", "data/d.csv");
      expect(await prove(repo)).toMatchObject({ kind: "append", by: "hash" });
      expect(await runRule(repo, "append-only")).toEqual([]);
      repo.write("data/d.csv", `${OLD.slice(0, -1)}4,d\n`);
      repo.git("add", "data/d.csv");
      expect(await prove(repo)).toMatchObject({ kind: "edit", by: "hash" });
    }),
  );

  it.skipIf(missing("git-lfs"))("reports a stored new object of another size as missing", () =>
    withRepo(async (repo) => {
      onRaw(repo, true);
      repo.write("data/d.csv", `${OLD}4,d\n`);
      repo.git("add", "data/d.csv");
      const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", ":data/d.csv"))![1];
      const file = join(repo.dir, ".git/lfs/objects", oid.slice(0, 2), oid.slice(2, 4), oid);
      writeFileSync(file, OLD);
      expect(await prove(repo)).toMatchObject({
        kind: "missing",
        why: expect.stringContaining("its pointer says"),
      });
      expect((await runRule(repo, "append-only")).map((v) => v.rule)).toEqual(["append-only"]);
    }),
  );

  it.skipIf(missing("git-lfs"))("finds both objects in the store lfs.storage names", () =>
    withRepo(async (repo) => {
      onRaw(repo, true);
      repo.git("config", "lfs.storage", "lfs-elsewhere");
      renameSync(join(repo.dir, ".git/lfs"), join(repo.dir, ".git/lfs-elsewhere"));
      repo.write("data/d.csv", `${OLD}4,d\n`);
      repo.git("add", "data/d.csv");
      expect(await prove(repo)).toMatchObject({ kind: "append", by: "compare" });
      repo.write("data/d.csv", `${OLD.replace("2,b", "2,B")}4,d\n`);
      repo.git("add", "data/d.csv");
      expect(await prove(repo)).toMatchObject({ kind: "edit", by: "compare" });
      expect((await runRule(repo, "append-only")).map((v) => v.rule)).toEqual(["append-only"]);
    }),
  );

  it.skipIf(missing("git-lfs"))(
    "compares a stored old object with a new version that left LFS for a git blob of 17 MiB",
    () =>
      withRepo(async (repo) => {
        const row = "1234567890,abcdefghij,0.125\n";
        const big = `id,name,score\n${row.repeat(Math.ceil((17 * 1024 * 1024) / row.length))}`;
        onRaw(repo, true, big);
        expect(statSync(oldObject(repo)).size).toBe(big.length);
        repo.write(".gitattributes", "");
        repo.write("data/d.csv", `${big}9,z,1\n`);
        repo.git("add", ".gitattributes", "data/d.csv");
        expect(repo.git("cat-file", "-s", ":data/d.csv")).toBe(String(big.length + 6));
        expect(await prove(repo)).toMatchObject({ kind: "append", by: "compare" });
        // The first byte differs: git's stream is stopped there, and the edit is refused.
        repo.write("data/d.csv", `I${big.slice(1)}9,z,1\n`);
        repo.git("add", "data/d.csv");
        expect(await prove(repo)).toMatchObject({ kind: "edit", by: "compare" });
      }),
  );
});

describe("append proof through the rule, a file too big to hold", () => {
  it("streams a 17 MiB git blob: an append passes, a one-byte edit in the middle is refused", () =>
    withRepo(async (repo) => {
      const row = "1234567890,abcdefghij,0.125\n";
      const big = row.repeat(Math.ceil((17 * 1024 * 1024) / row.length));
      onRaw(repo, false, `id,name,score\n${big}`);
      repo.write("data/d.csv", `id,name,score\n${big}9,z,1\n`);
      repo.git("add", "data/d.csv");
      expect(await runRule(repo, "append-only")).toEqual([]);
      const mid = 14 + big.length / 2;
      const edited = `id,name,score\n${big}`;
      repo.write("data/d.csv", `${edited.slice(0, mid)}X${edited.slice(mid + 1)}9,z,1\n`);
      repo.git("add", "data/d.csv");
      expect((await runRule(repo, "append-only")).map((v) => v.rule)).toEqual(["append-only"]);
    }));
});

describe("append proof on a server, from the LFS store the admin named", () => {
  it.skipIf(missing("git-lfs"))("reads a Gitea-named object from mlbranch.lfsStore", () =>
    withRepo(async (repo) => {
      onRaw(repo, true);
      repo.write("data/d.csv", `${OLD}4,d\n`);
      repo.commit("more\n\nData-Source: vendor export of 2026-12-02");
      const p = {
        old: repo.git("rev-parse", "HEAD~1:data/d.csv"),
        now: repo.git("rev-parse", "HEAD:data/d.csv"),
        path: "data/d.csv",
      };
      const bare = `${repo.dir}/server.git`;
      const plain = `${repo.dir}/plain.git`;
      repo.git("clone", "-q", "--bare", repo.dir, bare);
      repo.git("clone", "-q", "--bare", repo.dir, plain);
      // Gitea keeps objects as ab/cd/<oid without its first 4 characters>, outside the repo.
      const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", p.now))![1];
      const store = `${repo.dir}/gitea-lfs`;
      mkdirSync(join(store, oid.slice(0, 2), oid.slice(2, 4)), { recursive: true });
      copyFileSync(
        join(repo.dir, ".git/lfs/objects", oid.slice(0, 2), oid.slice(2, 4), oid),
        join(store, oid.slice(0, 2), oid.slice(2, 4), oid.slice(4)),
      );
      const prove = async (dir: string) => {
        const blobs = new BlobReader(dir);
        await proveAppends(blobs, dir, [p]);
        const proof = blobs.proofs.get(proofKey(p.old, p.now))!;
        return proof.kind === "append" ? `append by ${proof.by}` : proof.kind;
      };
      execFileSync("git", ["config", "mlbranch.lfsStore", store], { cwd: bare });
      expect(await prove(plain)).toBe("missing");
      expect(await prove(bare)).toBe("append by hash");
      // With the old object in the store too, the prefix is compared, not hashed.
      const was = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", p.old))![1];
      mkdirSync(join(store, was.slice(0, 2), was.slice(2, 4)), { recursive: true });
      copyFileSync(
        join(repo.dir, ".git/lfs/objects", was.slice(0, 2), was.slice(2, 4), was),
        join(store, was.slice(0, 2), was.slice(2, 4), was.slice(4)),
      );
      expect(await prove(bare)).toBe("append by compare");
    }),
  );
});

describe("well-formed records of a proven append", () => {
  it.skipIf(missing("git-lfs"))(
    "judges only the appended lines of an LFS-kept CSV, against its header",
    () =>
      withRepo(async (repo) => {
        onRaw(repo, true);
        // As the installer leaves an LFS-tracked CSV: stored by LFS, merged by the csv driver.
        repo.write(".gitattributes", "data/*.csv filter=lfs diff=lfs merge=mlbranch-csv -text\n");
        repo.commit("attributes");
        repo.write("data/d.csv", `${OLD}4,d\n5,e,extra\n`);
        repo.git("add", "data/d.csv");
        const v = await runRule(repo, "records-well-formed");
        expect(v.map((x) => x.message).join("\n")).toContain(
          `line 2 of the records appended after byte ${OLD.length}`,
        );
        repo.write("data/d.csv", `${OLD}4,d\n5,"e, quoted"\n`);
        repo.git("add", "data/d.csv");
        expect(await runRule(repo, "records-well-formed")).toEqual([]);
      }),
  );
});

describe("the work tree file an append is read from", () => {
  it("is checked for changes since git add, even when another path staged the same blob", () =>
    withRepo(async (repo) => {
      repo.write("a.csv", OLD);
      repo.write("b.csv", OLD);
      repo.commit("two copies");
      const edited = OLD.replace("2,b", "2,EDITED");
      repo.write("a.csv", edited);
      repo.write("b.csv", edited);
      repo.git("add", "a.csv", "b.csv");
      // After `git add`, b.csv becomes a pure append of the old version in the work tree.
      repo.write("b.csv", `${OLD}4,d\n`);
      const old = repo.git("rev-parse", "HEAD:a.csv");
      const now = repo.git("rev-parse", ":a.csv");
      // As the engine maps a commit's new blobs to files: the last path with that blob wins.
      const worktree = new Map([[now, join(repo.dir, "b.csv")]]);
      const blobs = new BlobReader(repo.dir);
      await proveAppends(blobs, repo.dir, [{ old, now, path: "a.csv" }], { worktree });
      expect(blobs.proofs.get(proofKey(old, now))?.kind).toBe("edit");
    }));
});
