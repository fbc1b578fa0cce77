import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commit, merge } from "./commit.js";
import { TRAIN_LINEAR1, TRAIN_MEAN } from "./scripts.js";
import type { Demo } from "./setup.js";

/** dev/model (mean baseline, then linear regression), stable/model training acme-1, promote. */
export function modelFlow(d: Demo): void {
  const { sh } = d;
  sh.section("dev/model: code, tried on a sample");
  sh.ml(["branch", "dev", "model", "--from", "main"]);
  const train = sh.git(["show", "split:data/train.csv"], { quiet: true }).split("\n");
  sh.write(
    "sample/train.csv",
    `${train.slice(0, 31).join("\n")}\n`,
    "a 30-row sample of the training split to develop on",
  );
  sh.write("train.mjs", TRAIN_MEAN, "train.mjs: a mean baseline first");
  sh.run("node", ["train.mjs", "sample/train.csv"]);
  sh.git(["add", "train.mjs", "sample/train.csv"]);
  commit(d, ["-m", "Mean baseline"]);
  sh.write("train.mjs", TRAIN_LINEAR1, "then least squares on petal length");
  sh.run("node", ["train.mjs", "sample/train.csv"]);
  commit(d, ["-am", "Linear regression on petal length"]);

  sh.section("stable/model: a training run, tagged acme-1");
  sh.say("stable starts from main; code and data arrive only by merges (so pre-push and CI agree)");
  sh.ml(["branch", "stable", "model", "--from", "main"]);
  merge(d, ["-q", "--no-ff", "--no-edit", "dev/model"]);
  merge(d, ["-q", "-m", "Merge the split data for training", "split"]);
  const tag = sh.ml(["tag", "--prefix", "acme", "--next"]);
  sh.assert(tag === "acme-1", `the first tag is acme-1 (got ${tag})`);
  trainRun(
    d,
    tag,
    '{"model":"linear","features":["petal_length"]}',
    "linear regression on petal length",
  );
  sh.ml(["tag", "--prefix", "acme"]);
  sh.git(["tag", "-n20", "acme-1"]);

  sh.say("no code is written on stable: a hand edit of train.mjs is refused");
  const file = join(d.repo, "train.mjs");
  const code = readFileSync(file, "utf8");
  writeFileSync(
    file,
    code.replace("Linear regression on petal length", "Linear regression, tuned on stable"),
  );
  sh.ml(["tag"], { expect: "fail" });
  commit(d, ["-am", "Tune the model right here"], "fail");
  sh.git(["restore", "--staged", "--worktree", "train.mjs"]);

  sh.section("promote: only the tracking record goes to main");
  sh.ml(["promote", "stable/model"]);
  sh.git(["log", "-1", "--format=%h %s%n%(trailers)", "main"]);
  const onMain = sh.git(["show", "main:tracking/runs.jsonl"]);
  sh.assert(
    onMain.split("\n").length === 1 && onMain.includes('"tag":"acme-1"'),
    "main has the acme-1 record",
  );
  sh.ml(["promote", "stable/model"]);
}

/** A training run on stable: train into models/, track it under its tag, commit both. */
export function trainRun(d: Demo, tag: string, params: string, what: string): void {
  const { sh } = d;
  sh.run("node", ["train.mjs", "data/train.csv", "data/test.csv", "--save", "models"]);
  // --mlflow: the same run in MLflow's file store (mlruns/0/<run>/), tagged with the model tag.
  sh.ml([
    "track",
    "--metrics",
    "models/metrics.json",
    "--params",
    params,
    "--tag",
    tag,
    "--mlflow",
  ]);
  sh.git(["add", "models"]);
  commit(d, ["-m", `Train ${tag}: ${what}`]);
}
