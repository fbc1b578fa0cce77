import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildPipeline, commitWith } from "../helpers/pipeline.js";
import { withRepo } from "../helpers/withRepo.js";

interface File {
  path: string;
  blob: string;
  commit: string | null;
  dataSource: string[];
  derivedFrom: string[];
}
interface Stage {
  label: string;
  commit: string;
  type: string | null;
  files: File[];
}

const byPath = (s: Stage) => Object.fromEntries(s.files.map((f) => [f.path, f]));

describe("mlbranch lineage", () => {
  it("names the data branch among 70,000 branches of its type (more than one argument list holds)", async () => {
    await withRepo((repo) => {
      buildPipeline(repo);
      repo.git("branch", "-m", "split", "split/zz-final");
      // One branch per experiment, sorted before the real one and not holding the split commit.
      const at = repo.git("rev-parse", "main");
      let refs = "";
      for (let i = 0; i < 70_000; i++)
        refs += `${at} refs/heads/split/exp-${String(i).padStart(6, "0")}-tuned-learning-rate\n`;
      appendFileSync(join(repo.dir, ".git", "packed-refs"), refs);
      const r = repo.mlbranch(["lineage", "acme-1", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).stages[0]).toMatchObject({
        branch: "split/zz-final",
        type: "split",
      });
    });
  }, 120_000);

  it("follows a tag's data back through split and clean to raw, with code and tracking", async () => {
    await withRepo((repo) => {
      const p = buildPipeline(repo);
      // Later history on stable must not change the answer for the tag.
      repo.write("models/model.pt", "weights-2\n");
      repo.commit("train again");
      const r = repo.mlbranch(["lineage", "acme-1", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const l = JSON.parse(r.stdout);
      expect(l.commit).toBe(p.trained);
      expect(l.tag).toBe("acme-1");
      expect(l.models).toEqual([
        { path: "models/model.pt", blob: repo.git("rev-parse", "acme-1:models/model.pt") },
      ]);
      expect(l.code).toMatchObject({ commit: p.dev, subject: "dev: train.py", name: "dev/model" });
      expect(l.tracking).toEqual({
        match: "tag",
        record: { run_id: "r1", tag: "acme-1", metrics: { rmse: 0.5 } },
      });
      const [top, clean, raw, ...rest] = l.stages as Stage[];
      expect(rest).toEqual([]);
      expect(byPath(top)["data/train.csv"]).toEqual({
        path: "data/train.csv",
        blob: repo.git("rev-parse", "acme-1:data/train.csv"),
        commit: p.split,
        subject: "split",
        dataSource: [],
        derivedFrom: [`clean@${p.clean}`],
      });
      expect(byPath(top)["data/test.csv"].commit).toBe(p.split);
      // The tag's data level is named by the branch it came from.
      expect(top).toMatchObject({ label: "acme-1", branch: "split", type: "split" });
      expect(clean).toMatchObject({ commit: p.clean, type: "clean", branch: "clean" });
      expect(byPath(clean)["data/iris.csv"]).toMatchObject({
        commit: p.clean,
        derivedFrom: [`raw@${p.raw2}`],
      });
      expect(raw).toMatchObject({ commit: p.raw2, type: "raw" });
      expect(byPath(raw)["data/iris.csv"]).toMatchObject({
        commit: p.raw2,
        dataSource: ["s3://a/2.csv"],
        blob: repo.git("rev-parse", `${p.raw2}:data/iris.csv`),
      });
      expect(byPath(raw)["data/labels.jsonl"].commit).toBe(p.raw2);
      // Every delivery of an append-only raw file, with its rows (a CSV header is not a row).
      expect(byPath(raw)["data/iris.csv"].deliveries).toEqual([
        { commit: p.raw2, subject: "raw 2", rows: 1, dataSource: ["s3://a/2.csv"] },
        { commit: p.raw1, subject: "raw 1", rows: 3, dataSource: ["s3://a/1.csv"] },
      ]);
      expect(byPath(raw)["data/labels.jsonl"].deliveries).toEqual([
        { commit: p.raw2, subject: "raw 2", rows: 1, dataSource: ["s3://a/2.csv"] },
      ]);
      // Files of clean and split are rewritten, not appended: no deliveries there.
      expect(byPath(clean)["data/iris.csv"].deliveries).toBeUndefined();
      // Files in nested directories are listed too.
      expect(byPath(raw)["data/vendor/2026/extra.csv"]).toMatchObject({
        commit: p.raw2,
        blob: repo.git("rev-parse", `${p.raw2}:data/vendor/2026/extra.csv`),
      });

      const text = repo.mlbranch(["lineage", "acme-1"]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("Data-Source: s3://a/2.csv");
      expect(text.stdout).toContain(`Derived-From: clean@${p.clean}`);
      expect(text.stdout).toContain("data in acme-1 on split (type split):");
      expect(text.stdout).toMatch(
        /2 deliveries, 4 rows:\n.*"raw 2" {2}1 row {2}Data-Source: s3:\/\/a\/2\.csv\n.*"raw 1" {2}3 rows {2}Data-Source: s3:\/\/a\/1\.csv/,
      );
    });
  });

  it("credits a merge that made a new blob, and the source commit for blobs a merge took", async () => {
    await withRepo((repo) => {
      const p = buildPipeline(repo);
      repo.git("switch", "-q", "split");
      repo.write("data/train.csv", "id,x,y\n1,1,2\n4,4,8\n5,5,10\n");
      repo.write("data/extra.csv", "id\n9\n");
      const split2 = commitWith(repo, "split 2", [`Derived-From: clean@${p.clean}`]);
      repo.git("switch", "-q", "stable/model");
      repo.write("data/train.csv", "id,x,y\n1,1,2\n4,4,8\n6,6,12\n");
      commitWith(repo, "hand-added row");
      for (let i = 0; i < 25; i++) {
        repo.write("notes.md", `note ${i}\n`);
        repo.commit(`note ${i}`);
      }
      expect(repo.tryGit("merge", "-q", "--no-edit", "split").code).not.toBe(0);
      repo.write("data/train.csv", "id,x,y\n1,1,2\n4,4,8\n5,5,10\n6,6,12\n");
      repo.git("add", "data/train.csv");
      repo.git("commit", "-q", "--no-edit");
      const merge = repo.git("rev-parse", "HEAD");
      const r = repo.mlbranch(["lineage", "HEAD", "models/model.pt", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const l = JSON.parse(r.stdout);
      expect(l.tag).toBeNull();
      expect(l.models.map((m: { path: string }) => m.path)).toEqual(["models/model.pt"]);
      const top = byPath(l.stages[0]);
      expect(top["data/train.csv"].commit).toBe(merge);
      expect(top["data/extra.csv"].commit).toBe(split2);
      expect(top["data/test.csv"].commit).toBe(p.split);
      expect(l.stages.map((s: Stage) => s.type)).toEqual(["split", "clean", "raw"]);
    });
  });

  it("draws the lineage as Mermaid and DOT: sources -> raw -> clean -> split -> model", async () => {
    await withRepo((repo) => {
      const p = buildPipeline(repo);
      const m = repo.mlbranch(["lineage", "acme-1", "--format", "mermaid"]);
      expect(m.code, m.stderr).toBe(0);
      const lines = m.stdout.split("\n");
      expect(lines[0]).toBe("flowchart LR");
      expect(m.stdout).toContain(
        `model("model acme-1 @ ${p.trained.slice(0, 10)}<br/>models/model.pt")`,
      );
      expect(m.stdout).toContain(
        `s0[("split (split) @ ${p.trained.slice(0, 10)}<br/>data/test.csv<br/>data/train.csv")]`,
      );
      expect(m.stdout).toContain(`s2[("raw (raw) @ ${p.raw2.slice(0, 10)}`);
      expect(lines).toEqual(
        expect.arrayContaining([
          '  s0 -->|"trained on"| model',
          '  s1 -->|"Derived-From"| s0',
          '  s2 -->|"Derived-From"| s1',
          '  d0 -->|"data/iris.csv +1 rows"| s2',
          '  d1 -->|"data/iris.csv +3 rows"| s2',
          '  code -->|"merged"| model',
        ]),
      );
      expect(lines).toContain('  d1["s3://a/1.csv"]');
      const d = repo.mlbranch(["lineage", "acme-1", "--format", "dot"]);
      expect(d.code).toBe(0);
      expect(d.stdout).toMatch(/^digraph lineage \{\n {2}rankdir=LR;/);
      expect(d.stdout).toContain('  s1 -> s0 [label="Derived-From"];');
      expect(d.stdout).toContain('  d1 [label="s3://a/1.csv"];');
      expect(d.stdout.trim().endsWith("}")).toBe(true);
      const bad = repo.mlbranch(["lineage", "acme-1", "--format", "svg"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--format is text, json, mermaid or dot");
    });
  });

  it("lists model cards and metrics beside the model as such", async () => {
    await withRepo((repo) => {
      buildPipeline(repo);
      repo.write("models/model_card.md", "# card\n");
      repo.write("models/metrics.json", '{"rmse":0.5}\n');
      repo.write("reports/metrics.yaml", "rmse: 0.5\n");
      repo.commit("card and metrics");
      repo.git("tag", "acme-2");
      const l = JSON.parse(repo.mlbranch(["lineage", "acme-2", "--json"]).stdout);
      expect(l.models.map((m: File) => m.path)).toEqual(["models/model.pt"]);
      expect(l.cards.map((m: File) => m.path)).toEqual(["models/model_card.md"]);
      expect(l.metrics.map((m: File) => m.path).sort()).toEqual([
        "models/metrics.json",
        "reports/metrics.yaml",
      ]);
      const text = repo.mlbranch(["lineage", "acme-2"]).stdout;
      expect(text).toMatch(/model cards:\n {2}models\/model_card\.md/);
      expect(text).toMatch(/metrics:\n {2}models\/metrics\.json/);
    });
  });

  it("refuses an unknown revision and a model path the snapshot lacks", async () => {
    await withRepo((repo) => {
      buildPipeline(repo);
      const bad = repo.mlbranch(["lineage", "acme-9"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('"acme-9" is not a revision');
      const noModel = repo.mlbranch(["lineage", "acme-1", "models/none.pt"]);
      expect(noModel.code).toBe(2);
      expect(noModel.stderr).toContain("models/none.pt is not a file in acme-1");
    });
  });
});
