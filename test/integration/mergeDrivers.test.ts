import { describe, expect, it } from "vitest";
import { ATTRIBUTES, rec, registerDrivers } from "../helpers/mergeDrivers.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

const M = "tracking/metrics.jsonl";

// main holds two records; branches a and b each append their own from there.
function forked(repo: Repo, file = M, base = rec("r1") + rec("r2")) {
  registerDrivers(repo);
  repo.write(".gitattributes", `${ATTRIBUTES}\n`);
  repo.write(file, base);
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "a");
  return base;
}

describe("jsonl driver under real git", () => {
  it("merge: ours as is, then theirs' new records in theirs' order; both-added appears once", () =>
    withRepo((repo) => {
      const base = forked(repo);
      repo.write(M, base + rec("a1") + rec("both"));
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(M, base + rec("b1") + rec("both") + rec("b2"));
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("merge", "-q", "--no-edit", "b");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/mlbranch/);
      expect(repo.read(M)).toBe(base + rec("a1") + rec("both") + rec("b1") + rec("b2"));
    }));

  it("add/add: both branches create the file (empty %O), both sides' records kept", () =>
    withRepo((repo) => {
      registerDrivers(repo);
      repo.write(".gitattributes", `${ATTRIBUTES}\n`);
      repo.commit("attrs");
      repo.git("checkout", "-q", "-b", "a");
      repo.write(M, rec("a1") + rec("same"));
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(M, rec("same") + rec("b1"));
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read(M)).toBe(rec("a1") + rec("same") + rec("b1"));
    }));

  it("rebase: the upstream's records first, then the replayed commit's (ours/theirs swapped)", () =>
    withRepo((repo) => {
      const base = forked(repo);
      repo.write(M, base + rec("a1"));
      repo.commit("a");
      repo.git("checkout", "-q", "main");
      repo.write(M, base + rec("m1"));
      repo.commit("m");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("rebase", "main");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read(M)).toBe(base + rec("m1") + rec("a1"));
    }));

  it("cherry-pick appends the picked commit's records", () =>
    withRepo((repo) => {
      const base = forked(repo);
      repo.write(M, base + rec("a1"));
      const pick = repo.commit("a");
      repo.git("checkout", "-q", "main");
      repo.write(M, base + rec("m1"));
      repo.commit("m");
      const r = repo.tryGit("cherry-pick", pick);
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read(M)).toBe(base + rec("m1") + rec("a1"));
    }));

  it("stash pop merges the stashed records into a file that moved on", () =>
    withRepo((repo) => {
      const base = forked(repo);
      repo.write(M, base + rec("wip"));
      repo.git("stash", "-q");
      repo.write(M, base + rec("a1"));
      repo.commit("a");
      const r = repo.tryGit("stash", "pop");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read(M)).toBe(base + rec("a1") + rec("wip"));
    }));

  it("same key added with different content: conflict markers around that record only", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, files: { [M]: { key: ["run_id"] } } }),
      );
      const base = forked(repo);
      repo.write(M, base + rec("x", { loss: 0.1 }) + rec("a1"));
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(M, base + rec("x", { loss: 0.9 }) + rec("b1"));
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/key \["x"\] added on both sides/);
      expect(repo.read(M)).toBe(
        base +
          `<<<<<<< ours\n${rec("x", { loss: 0.1 })}=======\n${rec("x", { loss: 0.9 })}>>>>>>> theirs\n` +
          rec("a1") +
          rec("b1"),
      );
      expect(repo.git("diff", "--name-only", "--diff-filter=U")).toBe(M);
    }));

  it("onKeyConflict theirs and a CRLF file without a trailing newline keep their bytes", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          version: 1,
          files: { "*.jsonl": { key: ["run_id"], onKeyConflict: "theirs" } },
        }),
      );
      const base = '{"run_id":"r1", "n": 1.50}\r\n';
      forked(repo, M, base);
      repo.write(M, `${base}{"run_id":"x","v":1}\r\n{"run_id":"a"}`);
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(M, `${base}{"run_id":"x","v":2}\r\n`);
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      expect(repo.tryGit("merge", "--no-edit", "b").code).toBe(0);
      expect(repo.read(M)).toBe(`${base}{"run_id":"x","v":2}\r\n{"run_id":"a"}`);
    }));

  it("an invalid JSON line: exit non-zero, file and line named, a text merge with markers left", () =>
    withRepo((repo) => {
      const base = forked(repo);
      repo.write(M, `${base}{"run_id": oops}\n`);
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(M, base + rec("b1"));
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(
        /cannot merge tracking\/metrics\.jsonl[\s\S]*ours line 3: not valid JSON/,
      );
      const text = repo.read(M);
      expect(text).toContain('{"run_id": oops}');
      expect(text).toContain(rec("b1"));
      expect(text).toMatch(/^<<<<<<< ours$/m);
    }));

  it("criss-cross merges: the virtual ancestor is merged by the driver too", () =>
    withRepo((repo) => {
      const base = forked(repo);
      repo.write(M, base + rec("a1"));
      repo.commit("a1");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(M, base + rec("b1"));
      repo.commit("b1");
      repo.git("checkout", "-q", "a");
      repo.git("merge", "-q", "--no-edit", "b");
      repo.git("checkout", "-q", "b");
      repo.git("merge", "-q", "--no-edit", "a~1");
      repo.write(M, repo.read(M) + rec("b2"));
      repo.commit("b2");
      repo.git("checkout", "-q", "a");
      repo.write(M, repo.read(M) + rec("a2"));
      repo.commit("a2");
      const r = repo.tryGit("merge", "--no-edit", "-s", "recursive", "b");
      expect(r.code, r.stderr).toBe(0);
      const lines = repo.read(M).trim().split("\n");
      expect(new Set(lines).size).toBe(lines.length);
      for (const id of ["r1", "r2", "a1", "b1", "a2", "b2"])
        expect(repo.read(M)).toContain(rec(id));
    }));

  it("textconv shows one canonical record per line in git diff", () =>
    withRepo((repo) => {
      forked(repo, M, '{"b": 1,  "a": 2}\n');
      repo.write(M, '{"a":2,"b":1}\n{ "z" : [1, 2] }\n');
      const d = repo.git("diff", "--", M);
      expect(d).toContain('+{"z":[1,2]}');
      expect(d).not.toMatch(/^[-+]\{"a":2,"b":1\}/m);
    }));
});

describe("csv, lines, json and theirs drivers under real git", () => {
  it("csv rows append behind one header; quoted separators and newlines survive", () =>
    withRepo((repo) => {
      const base = 'id,text\n1,"a, b"\n';
      forked(repo, "data/train.csv", base);
      repo.write("data/train.csv", `${base}2,"two\nlines"\n`);
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write("data/train.csv", `${base}3,"say ""hi"""\n`);
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      expect(repo.tryGit("merge", "--no-edit", "b").code).toBe(0);
      expect(repo.read("data/train.csv")).toBe(`${base}2,"two\nlines"\n3,"say ""hi"""\n`);
    }));

  it("csv: a column added on one side with a value in a base row: that row is a conflict", () =>
    withRepo((repo) => {
      // Append-only set for the path (branches a and b have no type that makes it so).
      const files = { "data/x.csv": { appendOnly: true } };
      repo.write("mlbranch.json", JSON.stringify({ version: 1, files }));
      forked(repo, "data/x.csv", "id,v\n1,a\n");
      repo.write("data/x.csv", "id,v,w\n1,a,z\n");
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write("data/x.csv", "id,v\n1,a\n2,b\n");
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/data\/x\.csv[\s\S]*line 2 of base: removed on ours/);
      const out = repo.read("data/x.csv");
      expect(out).toMatch(/^id,v,w\n/);
      expect(out).toContain("1,a,z");
      expect(out).toContain("2,b,\n");
    }));

  it("lines: MLflow metric files append with duplicates removed", () =>
    withRepo((repo) => {
      const f = "mlruns/0/abc/metrics/loss";
      forked(repo, f, "1700000000 0.9 0\n");
      repo.write(f, "1700000000 0.9 0\n1700000001 0.8 1\n");
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(f, "1700000000 0.9 0\n1700000002 0.7 2\n1700000001 0.8 1\n");
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      expect(repo.tryGit("merge", "--no-edit", "b").code).toBe(0);
      expect(repo.read(f)).toBe("1700000000 0.9 0\n1700000001 0.8 1\n1700000002 0.7 2\n");
    }));

  it("json: objects merge key by key; the same key changed twice is an editable conflict", () =>
    withRepo((repo) => {
      const f = "config/params.json";
      forked(repo, f, '{\n  "lr": 0.1,\n  "epochs": 3\n}\n');
      repo.write(f, '{\n  "lr": 0.2,\n  "epochs": 3,\n  "seed": 1\n}\n');
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write(f, '{\n  "lr": 0.3,\n  "epochs": 4\n}\n');
      repo.commit("b");
      repo.git("checkout", "-q", "a");
      expect(repo.tryGit("merge", "--no-edit", "b").code).not.toBe(0);
      expect(repo.read(f)).toBe(
        '{\n<<<<<<< ours\n  "lr": 0.2,\n=======\n  "lr": 0.3,\n>>>>>>> theirs\n  "epochs": 4,\n  "seed": 1\n}\n',
      );
    }));

  it("theirs: the incoming model wins and one stderr line names the commit", () =>
    withRepo((repo) => {
      forked(repo, "models/m.pt", Buffer.from([0, 1, 2]));
      repo.write("models/m.pt", Buffer.from([0, 1, 3]));
      repo.commit("a");
      repo.git("checkout", "-q", "-b", "b", "main");
      repo.write("models/m.pt", Buffer.from([0, 1, 4]));
      const sha = repo.commit("b");
      repo.git("checkout", "-q", "a");
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code, r.stderr).toBe(0);
      expect([...Buffer.from(repo.read("models/m.pt"), "utf8")]).toEqual([0, 1, 4]);
      const line = r.stderr.split("\n").filter((l) => l.includes("mlbranch:"));
      expect(line).toHaveLength(1);
      expect(line[0]).toContain("models/m.pt");
      expect(line[0]).toContain(sha.slice(0, 12));
    }));
});
