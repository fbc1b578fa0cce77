import type { Lineage } from "../src/workflow/lineage.js";
import { commit } from "./commit.js";
import { IRIS_HEADER, irisRows } from "./iris.js";
import type { Demo } from "./setup.js";

/** Monitoring data with predictions, then the lineage of acme-1, checked. */
export function endFlow(d: Demo): void {
  const { sh } = d;
  sh.section("monitoring: production queries and the predictions acme-2 made");
  sh.ml(["branch", "monitoring", "--from", "main"]);
  // Each query records the model tag that served it, so the monitor rule knows its reference.
  const queries = irisRows(99, 12, "q").map((r) => `${r.split(",").slice(0, 4).join(",")},acme-2`);
  sh.write(
    "data/queries.csv",
    `${IRIS_HEADER.split(",").slice(0, 4).join(",")},model_tag\n${queries.join("\n")}\n`,
    "today's queries from production, with the model tag that served each",
  );
  const predict =
    "mkdir -p monitoring && node ../tools/predict.mjs acme-2 data/queries.csv > monitoring/predictions.jsonl";
  sh.run("sh", ["-c", predict], { show: predict });
  sh.run("head", ["-3", "monitoring/predictions.jsonl"]);
  sh.git(["add", "data", "monitoring"]);
  commit(d, [
    "-m",
    "Queries and acme-2 predictions of 2026-11-27",
    "--trailer",
    "Model-Tag: acme-2",
  ]);

  sh.section("what was acme-1 trained on?");
  sh.ml(["lineage", "acme-1"], { maxLines: 80 });
  const l = JSON.parse(sh.ml(["lineage", "acme-1", "--json"], { quiet: true })) as Lineage;
  const types = l.stages.map((s) => s.type);
  sh.assert(
    l.models.some((m) => m.path === "models/model.json"),
    "lineage names models/model.json",
  );
  const trainedOn = l.stages[0].files.filter((f) => f.path.endsWith(".csv"));
  sh.assert(
    trainedOn.length === 2 &&
      trainedOn.every((f) => f.derivedFrom.some((v) => v.startsWith("clean@"))),
    "acme-1's train and test files come from split commits derived from clean",
  );
  sh.assert(
    ["clean", "raw"].every((t) => types.includes(t)),
    `lineage reaches clean and raw (got ${types.join(", ")})`,
  );
  const raw = l.stages.filter((s) => s.type === "raw").flatMap((s) => s.files);
  sh.assert(
    raw.length > 0 && raw.every((f) => f.dataSource.length > 0),
    "every raw file has its Data-Source",
  );
  const iris = raw.find((f) => f.path === "data/iris.csv");
  const deliveries = iris?.deliveries ?? [];
  sh.assert(
    deliveries.length === 2 &&
      deliveries.every((x) => x.dataSource.length > 0 && (x.rows ?? 0) > 0),
    `lineage lists both raw deliveries of data/iris.csv with rows and Data-Source (got ${deliveries.map((x) => `${x.rows} rows from ${x.dataSource}`).join("; ")})`,
  );
  sh.assert(
    l.stages[0].type === "split" && l.stages[0].branch === "split",
    `the tag's data level is named as split (got ${l.stages[0].branch} / ${l.stages[0].type})`,
  );
  sh.assert(
    l.code?.subject === "Linear regression on petal length",
    `the code came from the dev commit (got ${l.code?.subject})`,
  );
  sh.assert(
    l.tracking?.match === "tag" && l.tracking.record.tag === "acme-1",
    "acme-1's tracking record is found by its tag",
  );
}
