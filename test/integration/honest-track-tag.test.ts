import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI, type Repo, testEnv, withRepo } from "../helpers/withRepo.js";

// The CLI started without waiting, so two runs really overlap.
function start(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd, env: testEnv() });
    let stdout = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.on("close", (code) => res({ code: code ?? 128, stdout }));
  });
}

function twoRuns(repo: Repo): string {
  repo.write("README.md", "x\n");
  repo.commit("init");
  repo.git("branch", "stable/a");
  repo.git("branch", "stable/b");
  repo.git("switch", "-q", "stable/a");
  const b = `${repo.dir}-b`;
  repo.git("worktree", "add", "-q", b, "stable/b");
  return b;
}

describe("track keeps numbers as written; tag makes the name the run was given", () => {
  it("track writes 128-bit seeds, 64-bit ids, 1e309 and 1e-400 unchanged", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      repo.git("switch", "-q", "-c", "stable/model");
      const params = '{"seed":340282366920938463463374607431768211457,"user":9223372036854775807}';
      const r = repo.mlbranch([
        "track",
        "--params",
        params,
        "--metrics",
        '{"big":1e309,"tiny":1e-400,"rmse":0.10}',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const line = repo.read("tracking/runs.jsonl");
      expect(line).toContain('"seed":340282366920938463463374607431768211457');
      expect(line).toContain('"user":9223372036854775807');
      expect(line).toContain('"big":1e309');
      expect(line).toContain('"tiny":1e-400');
      expect(line).toContain('"rmse":0.10');
    });
  });

  it("--metrics '[0.1,0.2]' says it is not an object (exit 2), not 'no such file'", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      const r = repo.mlbranch(["track", "--metrics", "[0.1,0.2]"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("a JSON array, not an object");
      expect(r.stderr).not.toContain("no such file");
    });
  });

  it("two parallel runs get two names from --next; each tag is its run's name and record", async () => {
    await withRepo(async (repo) => {
      const b = twoRuns(repo);
      try {
        const [ra, rb] = await Promise.all([
          start(repo.dir, ["tag", "--prefix", "acme", "--next"]),
          start(b, ["tag", "--prefix", "acme", "--next"]),
        ]);
        expect([ra.code, rb.code]).toEqual([0, 0]);
        const [na, nb] = [ra.stdout.trim(), rb.stdout.trim()];
        expect(new Set([na, nb])).toEqual(new Set(["acme-1", "acme-2"]));
        // --next again on a branch gives the name it already holds.
        expect(repo.mlbranch(["tag", "--prefix", "acme", "--next"]).stdout.trim()).toBe(na);
        // A run cannot log the other run's name.
        const stolen = repo.mlbranch(["track", "--metrics", '{"m":1}', "--tag", nb]);
        expect(stolen.code).toBe(2);
        expect(stolen.stderr).toContain(`${nb} is held for the training run on stable/b`);
        expect(repo.git("status", "--porcelain")).toBe("");
        const train = (dir: string, name: string) => {
          const g = (...a: string[]) => {
            const r = spawnGit(dir, a);
            expect(r, a.join(" ")).toBe(0);
          };
          expect(runCli(dir, ["track", "--metrics", '{"m":1}', "--tag", name])).toBe(0);
          g("add", "-A");
          g("commit", "-q", "--no-verify", "-m", `train ${name}`);
        };
        repo.write("models/m.pt", "a\n");
        train(repo.dir, na);
        mkdirSync(`${b}/models`, { recursive: true });
        writeFileSync(`${b}/models/m.pt`, "b\n");
        train(b, nb);
        // b tags first: it still gets its own name, and a gets its own after it.
        const tb = await start(b, ["tag", "--prefix", "acme"]);
        const ta = await start(repo.dir, ["tag", "--prefix", "acme"]);
        expect([ta.stdout.trim(), tb.stdout.trim()]).toEqual([na, nb]);
        for (const name of [na, nb]) {
          const l = JSON.parse(repo.mlbranch(["lineage", name, "--json"]).stdout);
          expect(l.tracking).toMatchObject({ match: "tag", record: { tag: name } });
        }
      } finally {
        rmSync(b, { recursive: true, force: true });
      }
    });
  });

  it("a run whose logged name another run tagged meanwhile is refused (exit 2), not renumbered", async () => {
    await withRepo((repo) => {
      const b = twoRuns(repo);
      try {
        // Both logged acme-1 (e.g. made in two clones before reservations could meet).
        const log = (dir: string, id: string) =>
          writeFileSync(`${dir}/tracking/runs.jsonl`, `{"run_id":"${id}","tag":"acme-1"}\n`);
        for (const [dir, id] of [
          [repo.dir, "ra"],
          [b, "rb"],
        ]) {
          mkdirSync(`${dir}/tracking`, { recursive: true });
          log(dir, id);
          expect(spawnGit(dir, ["add", "-A"])).toBe(0);
          expect(spawnGit(dir, ["commit", "-q", "--no-verify", "-m", `train ${id}`])).toBe(0);
        }
        expect(repo.mlbranch(["tag", "--prefix", "acme"]).stdout.trim()).toBe("acme-1");
        const second = spawnSync(process.execPath, [CLI, "tag", "--prefix", "acme"], {
          cwd: b,
          env: testEnv(),
          encoding: "utf8",
        });
        expect(second.status).toBe(2);
        expect(second.stderr).toContain("this run logged its tag as acme-1");
        expect(spawnGit(b, ["rev-parse", "-q", "--verify", "refs/tags/acme-2"])).not.toBe(0);
      } finally {
        rmSync(b, { recursive: true, force: true });
      }
    });
  });

  it("lineage of a tag made without a fresh track never shows the previous model's record", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      repo.git("switch", "-q", "-c", "stable/model");
      repo.write("models/m.pt", "1\n");
      expect(repo.mlbranch(["track", "--metrics", '{"m":1}', "--tag", "acme-1"]).code).toBe(0);
      repo.commit("train 1");
      expect(repo.mlbranch(["tag", "--prefix", "acme"]).stdout.trim()).toBe("acme-1");
      repo.write("models/m.pt", "2\n");
      repo.commit("train 2, not tracked");
      expect(repo.mlbranch(["tag"]).stdout.trim()).toBe("acme-2");
      const l = JSON.parse(repo.mlbranch(["lineage", "acme-2", "--json"]).stdout);
      expect(l.tracking).toBeNull();
    });
  });
});

function spawnGit(cwd: string, args: string[]): number | null {
  return spawnSync("git", args, { cwd, env: testEnv() }).status;
}
function runCli(cwd: string, args: string[]): number | null {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env: testEnv() }).status;
}
