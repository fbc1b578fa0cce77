import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { driftReport } from "../../src/quality/drift/driftReport.js";
import { DEFAULT_THRESHOLDS } from "../../src/quality/drift/thresholds.js";
import { toColumns } from "../../src/records/columns/columns.js";
import { missing } from "../helpers/requires.js";
import { syntheticJsonl } from "../helpers/synthetic.js";
import { useLfs, withRepo } from "../helpers/withRepo.js";

describe("mlbranch drift (the built CLI)", () => {
  it("reads the reference from a revision, prints a table, and exits 1 only on drift", async () => {
    await withRepo((repo) => {
      repo.write("data/train.jsonl", syntheticJsonl(3000, 1));
      repo.commit("train");
      repo.git("tag", "model-1");
      repo.write("same.jsonl", syntheticJsonl(2000, 2));
      repo.write("shifted.jsonl", syntheticJsonl(2000, 3, { mean: 0.5, miscalibrate: 0.25 }));
      const ok = repo.mlbranch([
        "drift",
        "--reference",
        "model-1:data/train.jsonl",
        "--current",
        "same.jsonl",
      ]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^feature\s+type\s+PSI\s+\(limit\)\s+KS\s+\(limit\)\s+outliers/m);
      expect(ok.stdout).toContain("no drift past the thresholds.");
      const bad = repo.mlbranch([
        "drift",
        "--reference",
        "model-1:data/train.jsonl",
        "--current",
        "shifted.jsonl",
        "--json",
      ]);
      expect(bad.code).toBe(1);
      const json = JSON.parse(bad.stdout);
      expect(json.drift).toBe(true);
      expect(
        json.features
          .filter((f: { alerts: string[] }) => f.alerts.length)
          .map((f: { feature: string }) => f.feature),
      ).toEqual(["x"]);
      expect(json.calibration.alert).toBe(true);
      // Thresholds are options: loosened far enough, the same data passes.
      const loose = ["--ks", "0.5", "--psi", "5", "--ece", "0.5", "--features", "x,color"];
      const r = repo.mlbranch([
        "drift",
        "--reference",
        "data/train.jsonl",
        "--current",
        "shifted.jsonl",
        ...loose,
      ]);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).not.toMatch(/^income/m);
    });
  });

  it("reads CSV, and answers bad input with a message and exit 2", async () => {
    await withRepo((repo) => {
      repo.write("a.csv", "x,c\n1,a\n2,b\n3,a\n");
      repo.write("b.csv", 'x,c\n1,a\n2,"b\n');
      const same = repo.mlbranch(["drift", "--reference", "a.csv", "--current", "a.csv"]);
      expect(same.code, same.stderr).toBe(0);
      const broken = repo.mlbranch(["drift", "--reference", "a.csv", "--current", "b.csv"]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain("b.csv line 3: a quoted field is never closed");
      expect(
        repo.mlbranch(["drift", "--reference", "nope:x.jsonl", "--current", "a.csv"]).code,
      ).toBe(2);
      expect(
        repo.mlbranch(["drift", "--reference", "a.csv", "--current", "a.csv", "--psi", "abc"])
          .stderr,
      ).toContain("--psi must be a non-negative number");
      expect(
        repo.mlbranch(["drift", "--reference", "a.csv", "--current", "a.csv", "--features", "zz"])
          .stderr,
      ).toContain('no column "zz"');
      const help = repo.mlbranch(["drift", "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: mlbranch drift");
    });
  });

  it("gives the same report from its two threads as in one (inputs above 4 MB)", async () => {
    await withRepo((repo) => {
      const ref = syntheticJsonl(40000, 21);
      const cur = syntheticJsonl(40000, 22, { scale: 1.3, newCategory: 0.05 });
      expect(ref.length).toBeGreaterThan(4 << 20);
      repo.write("ref.jsonl", ref);
      repo.write("cur.jsonl", cur);
      const r = repo.mlbranch([
        "drift",
        "--reference",
        "ref.jsonl",
        "--current",
        "cur.jsonl",
        "--json",
      ]);
      expect(r.code, r.stderr).toBe(1);
      const want = driftReport(
        toColumns(ref, "jsonl", "ref.jsonl"),
        toColumns(cur, "jsonl", "cur.jsonl"),
        {
          probability: "probability",
          label: "label",
          exclude: ["id"],
          thresholds: DEFAULT_THRESHOLDS,
        },
      );
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(want)));
    });
  });

  it.skipIf(missing("git-lfs"))(
    "reads a large reference from git and from Git LFS as git writes it: the file's report",
    async () => {
      await withRepo((repo) => {
        useLfs(repo);
        const ref = syntheticJsonl(40000, 31);
        repo.write("ref.jsonl", ref);
        repo.write("lfs/ref.jsonl", ref);
        repo.write(".gitattributes", "lfs/*.jsonl filter=lfs diff=lfs merge=lfs -text\n");
        repo.write("cur.jsonl", syntheticJsonl(40000, 32, { mean: 0.3 }));
        repo.write("old.jsonl/part-1.jsonl", "{}\n");
        repo.write("bad.jsonl", `${'{"x":1}\n'.repeat(300)}{oops\n`);
        repo.commit("reference");
        repo.git("tag", "model-1");
        expect(repo.git("lfs", "ls-files", "--name-only")).toBe("lfs/ref.jsonl");
        const drift = (reference: string) =>
          repo.mlbranch(["drift", "--reference", reference, "--current", "cur.jsonl", "--json"]);
        const want = drift("ref.jsonl");
        expect(want.code, want.stderr).toBe(1);
        for (const reference of ["model-1:ref.jsonl", "model-1:lfs/ref.jsonl", "model-1:lfs/*"]) {
          const got = drift(reference);
          expect(got.code, got.stderr).toBe(1);
          expect(JSON.parse(got.stdout)).toEqual(JSON.parse(want.stdout));
        }
        // The LFS object gone from the local store (a fetch without LFS objects): say what to do.
        const oid = /oid sha256:([0-9a-f]{64})/.exec(
          repo.git("cat-file", "-p", "model-1:lfs/ref.jsonl"),
        )![1];
        repo.rm(join(".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid));
        const gone = drift("model-1:lfs/ref.jsonl");
        expect(gone.code).toBe(2);
        expect(gone.stderr).toContain(
          "model-1:lfs/ref.jsonl is a Git LFS pointer whose object is not here; run git lfs fetch",
        );
        // A bad line in a streamed blob is named by its line, as in a file.
        const bad = drift("model-1:bad.jsonl");
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("model-1:bad.jsonl line 301: not valid JSON");
        // A folder is not a table.
        const folder = drift("model-1:old.jsonl");
        expect(folder.code).toBe(2);
        expect(folder.stderr).toContain(
          "cannot read model-1:old.jsonl: that is a tree, not a file.",
        );
        const missing = drift("model-1:new.jsonl");
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain(
          "path 'new.jsonl' does not exist in 'model-1'. Give <rev>",
        );
      });
    },
  );
});
