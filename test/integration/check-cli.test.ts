import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testEnv, withRepo } from "../helpers/withRepo.js";

describe("mlbranch.json errors", () => {
  it("names each error by path and exits 2", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          unknownBranch: "maybe",
          types: { raw: { match: ["raw"], maxFileSize: -1, deny: ["@nope"] } },
        }),
      );
      repo.write("a.txt", "a\n");
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("mlbranch.json is not a valid mlbranch config (2 problems)");
      expect(r.stderr).toContain('unknownBranch: must be one of "allow", "warn", "deny"');
      expect(r.stderr).toContain("types.raw.maxFileSize: must be >= 1");
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }));

  it("reports invalid JSON with the file name and no stack trace", () =>
    withRepo((repo) => {
      repo.write("mlbranch.json", '{"types": {');
      const r = repo.mlbranch(["explain"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /mlbranch\.json is not a valid mlbranch config \(1 problem\):\n {2}\(root\): not valid JSON/,
      );
      expect(r.stderr).not.toContain("    at ");
    }));

  it("reads the config from a revision with --config-rev", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({ types: { main: { match: ["main"], deny: ["*.log"] } } }),
      );
      repo.commit("strict config");
      repo.write("mlbranch.json", JSON.stringify({ types: { main: { match: ["main"] } } }));
      repo.write("x.log", "x\n");
      repo.commit("loosen and break in one go");
      expect(repo.mlbranch(["check", "--range", "HEAD~1..HEAD"]).code).toBe(0);
      const r = repo.mlbranch(["check", "--range", "HEAD~1..HEAD", "--config-rev", "HEAD~1"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("x.log may not be committed on main");
    }));
});

describe("unknown branches", () => {
  for (const [mode, code, word] of [
    ["allow", 0, null],
    ["warn", 0, "warning [unknown-branch]"],
    ["deny", 1, "error [unknown-branch]"],
  ] as const) {
    it(`unknownBranch: ${mode}`, () =>
      withRepo((repo) => {
        repo.write("mlbranch.json", JSON.stringify({ unknownBranch: mode }));
        repo.commit("config");
        repo.git("checkout", "-q", "-b", "feature/x");
        repo.write("a.txt", "a\n");
        repo.git("add", "-A");
        const r = repo.mlbranch(["check", "--staged"]);
        expect(r.code).toBe(code);
        if (word) {
          expect(r.stderr).toContain(word);
          expect(r.stderr).toContain('branch "feature/x" matches no branch type');
        } else expect(r.stderr).toBe("");
      }));
  }
});

describe("odd inputs", () => {
  it("handles paths with spaces, quotes, newlines and non-ASCII, binary files and symlinks", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "raw/main");
      const names = [
        "data/with space.csv",
        "data/q\"uote's.csv",
        "data/new\nline.csv",
        "data/naïve-日本.csv",
      ];
      for (const n of names) repo.write(n, "id\n1\n");
      repo.write("data/bin.dat", Buffer.from([0, 255, 0, 1]));
      repo.git("add", "-A");
      repo.git("commit", "-q", "-m", "data\n\nData-Source: vendor drop 7");
      for (const n of names) repo.write(n, "id\n2\n");
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged", "--json"]);
      expect(r.code).toBe(1);
      const paths = JSON.parse(r.stdout).violations.map((v: { path: string }) => v.path);
      expect(paths.sort()).toEqual([...names].sort());
      repo.git("reset", "-q", "--hard");
      repo.git("rm", "-q", "data/bin.dat");
      const del = repo.mlbranch(["check", "--staged", "--json"]);
      expect(JSON.parse(del.stdout).violations[0].path).toBe("data/bin.dat");
    }));

  it("reports a detached HEAD instead of crashing, and accepts --branch", () =>
    withRepo((repo) => {
      repo.write("a.txt", "a\n");
      repo.commit("a");
      repo.git("checkout", "-q", "--detach");
      repo.write("b.txt", "b\n");
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("HEAD is detached");
      expect(repo.mlbranch(["check", "--staged", "--branch", "dev/x"]).code).toBe(0);
    }));

  it("checks the first commit of a repository", () =>
    withRepo((repo) => {
      repo.write("models/m.pt", "w");
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("models/m.pt may not be committed on main");
    }));

  it("gives usage errors with help, exit 2", () =>
    withRepo((repo) => {
      let r = repo.mlbranch(["check"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("give one of --staged, --range, --message or --ci");
      r = repo.mlbranch(["check", "--ci", "jenkins"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--ci is github, gitlab or bitbucket (got "jenkins")');
      r = repo.mlbranch(["check", "--frobnicate"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Unknown option '--frobnicate'");
      r = repo.mlbranch(["check", "--range", "nope..HEAD"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot read the range "nope..HEAD"');
      r = repo.mlbranch(["check", "--message", "no-such-file"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("cannot read the commit message file no-such-file");
      expect(repo.mlbranch(["check", "--help"]).stdout).toContain("Usage: mlbranch check");
      expect(repo.mlbranch(["nope"]).code).toBe(2);
    }));
});

describe("--range over a history with merges", () => {
  it("judges first-parent commits and what merges bring, not the merged branch's own commits", () =>
    withRepo((repo) => {
      repo.write("train.py", "v1\n");
      repo.commit("code");
      repo.git("checkout", "-q", "-b", "dev/m");
      repo.write("train.py", "v2\n");
      repo.commit("dev work 1");
      repo.write("train.py", "v3\n");
      repo.commit("dev work 2");
      repo.git("checkout", "-q", "main");
      repo.git("checkout", "-q", "-b", "stable/m");
      repo.write("models/a.onnx", "1");
      repo.commit("run 1");
      repo.git("merge", "-q", "--no-ff", "--no-edit", "dev/m");
      repo.write("models/a.onnx", "2");
      repo.commit("run 2");
      const ok = repo.mlbranch(["check", "--range", "main..stable/m", "--json"]);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        ok: true,
        commits: 3,
        branch: "stable/m",
        type: "stable",
      });
      repo.write("train.py", "hotfix\n");
      const bad = repo.commit("hotfix on stable");
      repo.write("models/a.onnx", "3");
      repo.commit("run 3");
      const r = repo.mlbranch(["check", "--range", "main..stable/m", "--json"]);
      const out = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(out.commits).toBe(5);
      expect(out.violations).toHaveLength(1);
      expect(out.violations[0]).toMatchObject({
        rule: "code-only-by-merge",
        path: "train.py",
        commit: bad,
      });
      // A whole history, and a range whose start is the all-zero sha (a new branch in pre-push).
      expect(
        JSON.parse(repo.mlbranch(["check", "--range", "stable/m", "--json"]).stdout).commits,
      ).toBe(6);
      expect(repo.mlbranch(["check", "--range", `${"0".repeat(40)}..stable/m`]).code).toBe(1);
      // The branch name comes from --branch when the tip is a sha.
      const sha = repo.git("rev-parse", "stable/m");
      expect(repo.mlbranch(["check", "--range", `main..${sha}`]).stderr).toContain("pass --branch");
      expect(
        repo.mlbranch(["check", "--range", `main..${sha}`, "--branch", "refs/heads/dev/x"]).code,
      ).toBe(0);
    }));
});

describe("explain", () => {
  it("says a branch's type and rules in words", () =>
    withRepo((repo) => {
      const r = repo.mlbranch(["explain", "stable/model"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("type stable");
      expect(r.stdout).toContain("code, changed only by merges and only to a parent's version");
      expect(r.stdout).toContain(
        "tables with a Table Schema (files[glob].tableSchema in mlbranch.json): refused when they break it",
      );
      expect(repo.mlbranch(["explain", "dev/x"]).stdout).not.toContain("Table Schema");
      const j = JSON.parse(repo.mlbranch(["explain", "raw/x", "--json"]).stdout);
      expect(j.type).toBe("raw");
      expect(j.rules.appendOnly).toEqual(["data/**"]);
      expect(repo.mlbranch(["explain", "whatever"]).stdout).toContain("matches no type");
      expect(repo.mlbranch(["explain", "--all"]).stdout).toContain("type analysis");
    }));

  it("draws the branch types and what flows between them as Mermaid", () =>
    withRepo((repo) => {
      const r = repo.mlbranch(["explain", "--format", "mermaid"]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split("\n");
      expect(lines[0]).toBe("flowchart LR");
      expect(lines).toContain(
        '  t_raw["raw: raw, raw/**<br/>append-only data; trailers: Data-Source, Data-License; no models, code"]',
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          '  t_raw -->|"pull-data: new records (Derived-From)"| t_clean',
          '  t_split -->|"merge: train / validation / test"| t_stable',
          '  t_dev -->|"merge: code"| t_stable',
          '  t_stable -->|"promote: tracking records, MLflow runs"| t_main',
        ]),
      );
      // A renamed type keeps its node; flows are drawn only between types that exist.
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, types: { lab: { match: ["lab/**"] } } }),
      );
      const custom = repo.mlbranch(["explain", "--format", "mermaid"]);
      expect(custom.stdout).toContain('t_lab["lab: lab/**"]');
      expect(repo.mlbranch(["explain", "--format", "dot"]).code).toBe(2);
    }));
});

describe("the index being committed", () => {
  it("honours GIT_INDEX_FILE (git commit <path> uses a temporary index)", () =>
    withRepo((repo) => {
      repo.write("a.txt", "a\n");
      repo.commit("a");
      repo.git("read-tree", "--index-output=.git/alt-index", "HEAD");
      repo.write("models/m.pt", "w");
      const env = { GIT_INDEX_FILE: join(repo.dir, ".git/alt-index") };
      const add = repo.tryGit("update-index", "--add", "models/m.pt");
      expect(add.code).toBe(0);
      // The default index holds the model; the alternate one does not.
      expect(repo.mlbranch(["check", "--staged"]).code).toBe(1);
      expect(repo.mlbranch(["check", "--staged"], { env: testEnv(env) }).code).toBe(0);
    }));
});

// The rules themselves are tested in-process in test/rules/; here, what the command prints.
describe("the report", () => {
  const SOURCE = "Data-Source: s3://vendor/export-2026-11.csv";

  it("prints one block per violation on stderr with rule, file, branch and fix, exit 1", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "raw");
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n");
      repo.commit(`add iris\n\n${SOURCE}`);
      repo.write("data/iris.csv", "id,sepal\n1,5.2\n2,4.9\n");
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("mlbranch: error [append-only] data/iris.csv is append-only");
      expect(r.stderr).toContain("file:   data/iris.csv");
      expect(r.stderr).toContain("branch: raw (type raw)");
      expect(r.stderr).toContain("fix:    keep the file as committed");
      expect(r.stderr).toContain("1 rule violation on raw (type raw); commit refused.");
      // A passing staged check is silent; a range says what it judged, on stdout.
      repo.git("reset", "-q", "--hard");
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n3,4.7\n");
      repo.git("add", "-A");
      expect(repo.mlbranch(["check", "--staged"])).toMatchObject({
        code: 0,
        stdout: "",
        stderr: "",
      });
      repo.commit(`more\n\n${SOURCE}`);
      const range = repo.mlbranch(["check", "--range", "HEAD~1..raw"]);
      expect(range).toMatchObject({ code: 0, stderr: "" });
      expect(range.stdout).toContain("ok: 1 commit on raw (type raw) follow the rules.");
      const old = repo.mlbranch(["check", "--range", "raw"]);
      expect(old.stdout).toContain("ok: 2 commits on raw");
    }));

  it("--message alone runs only the trailer rules; with --staged, every rule", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "raw");
      repo.write("data/a.csv", "id\n1\n");
      repo.write("train.py", "x\n");
      repo.git("add", "-A");
      repo.write(".git/MSG", "add data\n");
      const msg = repo.mlbranch(["check", "--message", ".git/MSG", "--json"]);
      expect(msg.code).toBe(1);
      expect(JSON.parse(msg.stdout).violations.map((v: { rule: string }) => v.rule)).toEqual([
        "trailers",
      ]);
      repo.write(".git/MSG", `add data\n\n${SOURCE}\n`);
      expect(repo.mlbranch(["check", "--message", ".git/MSG"]).code).toBe(0);
      const both = repo.mlbranch(["check", "--message", ".git/MSG", "--staged", "--json"]);
      expect(both.code).toBe(1);
      expect(JSON.parse(both.stdout).violations.map((v: { rule: string }) => v.rule)).toEqual([
        "deny",
      ]);
    }));
});
