import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Comparison } from "../src/quality/ab/compare.js";
import type { Lineage } from "../src/workflow/lineage.js";
import { commit } from "./commit.js";
import { prng } from "./iris.js";
import type { Demo } from "./setup.js";

/** A/B records: 99% served by the current model, 1% by the candidate, each right or not. */
function abRecords(n: number): string {
  const rand = prng(2026);
  const species = ["setosa", "versicolor", "virginica"];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const candidate = i % 100 === 42;
    const truth = species[i % 3];
    const right = rand() < (candidate ? 0.97 : 0.94);
    const predicted = right ? truth : species[(i + 1) % 3];
    const tag = candidate ? "acme-2" : "acme-1";
    lines.push(JSON.stringify({ id: `q${i}`, model_tag: tag, species: truth, predicted }));
  }
  return `${lines.join("\n")}\n`;
}

/** What issue 14 added (the split recipe is in dataFlow): A/B tests, drift pictures, MLflow lineage, Mermaid graphs. */
export function essayFlow(d: Demo): void {
  const { sh } = d;

  sh.section("analysis: an A/B test by model tag (forward test, 1% to the candidate)");
  sh.say("a type is found by its branch prefix too: ds -> analysis");
  sh.ml(["branch", "ds", "ab-test", "--from", "monitoring"]);
  sh.write("data/ab.jsonl", abRecords(6000), "a week of queries, each with the tag that served it");
  const compare = [
    "compare",
    "data/ab.jsonl",
    "--by",
    "model_tag",
    "--label",
    "species",
    "--prediction",
    "predicted",
    "--expect",
    "0.99,0.01",
  ];
  const ab = sh.run("mlbranch", compare);
  sh.assert(ab.code === 0, "the candidate is not significantly worse (exit 0)");
  const c = JSON.parse(sh.ml([...compare, "--json"], { quiet: true })) as Comparison;
  sh.assert(
    c.groups[0].tag === "acme-1" &&
      c.comparisons[0].diff.test === "two-proportion z" &&
      c.srm?.mismatch === false,
    "compare names acme-1 the baseline, tests the rates with a z test, and the split matches 99/1",
  );
  sh.git(["add", "data/ab.jsonl"]);
  commit(d, ["-m", "A/B test data: acme-1 vs acme-2"]);

  sh.section("drift as a picture, with limits from the sample sizes");
  const drift = sh.run(
    "mlbranch",
    [
      "drift",
      "--reference",
      "acme-1:data/train.csv",
      "--current",
      "data/queries.csv",
      "--html",
      "../drift.html",
    ],
    { expect: "any" },
  );
  sh.assert(drift.code <= 1, "drift ran");
  sh.assert(
    /warning: the reference has only \d+ rows/.test(drift.stdout),
    "a small reference is named, with the smallest shift it can see",
  );
  const page = join(sh.cwd, "..", "drift.html");
  sh.assert(
    existsSync(page) && (readFileSync(page, "utf8").match(/<svg /g) ?? []).length === 3,
    "drift.html holds a histogram per feature",
  );
  sh.say(`open ${page} in a browser: one self-contained page`);

  sh.section("pictures: the lineage of acme-1 and the branch types, as Mermaid");
  sh.ml(["lineage", "acme-1", "--format", "mermaid"], { maxLines: 30 });
  const l = JSON.parse(sh.ml(["lineage", "acme-1", "--json"], { quiet: true })) as Lineage;
  sh.assert(
    l.mlflow?.store === "file" && Object.keys(l.mlflow.metrics).length > 0,
    "lineage finds acme-1's MLflow run by its model tag",
  );
  sh.ml(["explain", "--format", "mermaid"], { maxLines: 30 });
}
