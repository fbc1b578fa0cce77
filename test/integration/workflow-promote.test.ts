import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// Every file under the repository (the git dir included for the index), path -> bytes.
function snapshot(dir: string, rel = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(join(dir, rel))) {
    const p = rel ? `${rel}/${name}` : name;
    if (p === ".git") continue;
    const full = join(dir, p);
    if (statSync(full).isDirectory()) for (const [k, v] of snapshot(dir, p)) out.set(k, v);
    else out.set(p, readFileSync(full));
  }
  return out;
}

function setup(repo: Repo): void {
  repo.write("README.md", "x\n");
  repo.write("tracking/runs.jsonl", '{"run_id":"r0","tag":null}\n');
  repo.commit("main with one record");
  repo.git("switch", "-q", "-c", "stable/model");
  repo.write("models/m.pt", "w\n");
  repo.write(
    "tracking/runs.jsonl",
    '{"run_id":"r0","tag":null}\n{"run_id":"r1","tag":"acme-1"}\n{"run_id":"r2","tag":"acme-2"}\n',
  );
  repo.commit("two runs");
}

describe("mlbranch promote", () => {
  it("commits only the new records on main and leaves working tree and index byte-identical", async () => {
    await withRepo((repo) => {
      setup(repo);
      const oldMain = repo.git("rev-parse", "main");
      const stable = repo.git("rev-parse", "stable/model");
      // A work in progress: staged, unstaged and untracked changes must all survive untouched.
      repo.write("models/m.pt", "staged\n");
      repo.git("add", "models/m.pt");
      repo.write("models/m.pt", "unstaged\n");
      repo.write("tracking/runs.jsonl", `${repo.read("tracking/runs.jsonl")}{"run_id":"wip"}\n`);
      repo.write("notes.txt", "untracked\n");
      const files = snapshot(repo.dir);
      const index = readFileSync(join(repo.dir, ".git", "index"));
      const head = repo.git("symbolic-ref", "HEAD");

      const r = repo.mlbranch(["promote", "stable/model", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.records.map((x: { run_id: string }) => x.run_id)).toEqual(["r1", "r2"]);

      expect(snapshot(repo.dir)).toEqual(files);
      expect(readFileSync(join(repo.dir, ".git", "index")).equals(index)).toBe(true);
      expect(repo.git("symbolic-ref", "HEAD")).toBe(head);

      const newMain = repo.git("rev-parse", "main");
      expect(newMain).toBe(out.commit);
      expect(repo.git("rev-parse", "main^")).toBe(oldMain);
      expect(repo.git("show", "main:tracking/runs.jsonl")).toBe(
        '{"run_id":"r0","tag":null}\n{"run_id":"r1","tag":"acme-1"}\n{"run_id":"r2","tag":"acme-2"}',
      );
      expect(
        repo.git("log", "-1", "--format=%(trailers:key=Promoted-From,valueonly)", "main"),
      ).toBe(`stable/model@${stable}`);
      // Only the tracking file changed on main.
      expect(repo.git("diff", "--name-only", oldMain, "main")).toBe("tracking/runs.jsonl");
      expect(repo.git("reflog", "-1", "--format=%gs", "main")).toContain("Promote 2 tracking");
    });
  });

  it("makes no commit when main already has every record", async () => {
    await withRepo((repo) => {
      setup(repo);
      expect(repo.mlbranch(["promote", "stable/model"]).code).toBe(0);
      const main = repo.git("rev-parse", "main");
      const again = repo.mlbranch(["promote", "stable/model", "--to", "main"]);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain("no commit made");
      expect(repo.git("rev-parse", "main")).toBe(main);
    });
  });

  it("creates the tracking file on a target that has none", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "stable/m");
      repo.write("tracking/runs.jsonl", '{"run_id":"a"}');
      repo.commit("run");
      expect(repo.mlbranch(["promote", "stable/m"]).code).toBe(0);
      expect(repo.git("show", "main:tracking/runs.jsonl")).toBe('{"run_id":"a"}');
      expect(repo.git("show", "main:README.md")).toBe("x");
    });
  });

  it("refuses a checked-out target, a branch of the wrong type and an unknown branch", async () => {
    await withRepo((repo) => {
      setup(repo);
      repo.git("switch", "-q", "main");
      const main = repo.git("rev-parse", "main");
      const out = repo.mlbranch(["promote", "stable/model"]);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain("main is checked out");
      expect(repo.git("rev-parse", "main")).toBe(main);
      repo.git("switch", "-q", "-c", "dev/x");
      const wrong = repo.mlbranch(["promote", "dev/x"]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain("has type dev");
      expect(repo.mlbranch(["promote", "stable/none"]).code).toBe(2);
      expect(repo.git("rev-parse", "main")).toBe(main);
    });
  });

  it("names the file and line of a broken record", async () => {
    await withRepo((repo) => {
      setup(repo);
      repo.git("switch", "-q", "-c", "stable/broken");
      repo.write("tracking/runs.jsonl", `${repo.read("tracking/runs.jsonl")}{oops\n`);
      repo.commit("broken");
      const r = repo.mlbranch(["promote", "stable/broken"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("stable/broken:tracking/runs.jsonl line 4 is not valid JSON");
    });
  });
});
