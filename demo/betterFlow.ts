import { commit, merge } from "./commit.js";
import { trainRun } from "./modelFlow.js";
import { TRAIN_LINEAR3 } from "./scripts.js";
import type { Demo } from "./setup.js";

// The installer registered the JSON Lines driver; the metrics merge below depends on it.
function jsonlDriver(d: Demo): void {
  const { sh } = d;
  const registered = sh.run("git", ["config", "merge.mlbranch-jsonl.driver"], {
    quiet: true,
    expect: "any",
  });
  sh.assert(registered.code === 0, "install-ml-hooks registered the JSON Lines merge driver");
  sh.say("install-ml-hooks registered the JSON Lines merge driver (merge.mlbranch-jsonl)");
}

/** A better model from dev as acme-2, a colleague's experiment, and their metrics merging. */
export function betterFlow(d: Demo): void {
  const { sh } = d;
  sh.section("a better model on dev/model, merged and trained as acme-2");
  sh.git(["switch", "-q", "dev/model"]);
  sh.write(
    "train.mjs",
    TRAIN_LINEAR3,
    "least squares on all three measurements (and an optional ridge penalty)",
  );
  sh.run("node", ["train.mjs", "sample/train.csv"]);
  commit(d, ["-am", "Linear regression on all three measurements"]);
  sh.git(["switch", "-q", "stable/model"]);
  merge(d, ["-q", "--no-ff", "--no-edit", "dev/model"]);

  sh.say("meanwhile a colleague tries a ridge penalty on a stable branch of their own");
  sh.ml(["branch", "stable", "ridge"]);
  sh.run("node", [
    "train.mjs",
    "data/train.csv",
    "data/test.csv",
    "--ridge",
    "5",
    "--save",
    "models/ridge",
  ]);
  sh.ml([
    "track",
    "--metrics",
    "models/ridge/metrics.json",
    "--params",
    '{"model":"ridge","ridge":5}',
    "--mlflow",
  ]);
  sh.git(["add", "models"]);
  commit(d, ["-m", "Ridge experiment"]);

  sh.git(["switch", "-q", "stable/model"]);
  const tag = sh.ml(["tag", "--next"]);
  sh.assert(tag === "acme-2", `the next tag is acme-2 (got ${tag})`);
  trainRun(d, tag, '{"model":"linear","features":3}', "linear regression on three measurements");
  sh.ml(["tag"]);

  sh.section("two branches' metrics merge cleanly");
  jsonlDriver(d);
  merge(d, ["--no-edit", "stable/ridge"]);
  const runs = sh.git(["show", "HEAD:tracking/runs.jsonl"]).split("\n");
  sh.assert(
    runs.length === 3 && runs.some((r) => r.includes('"ridge":5')),
    "both branches' records are kept",
  );
  const mlruns = sh.git(["ls-tree", "-r", "--name-only", "HEAD", "mlruns"], { quiet: true });
  sh.assert(
    mlruns.split("\n").filter((p) => /^mlruns\/0\/[0-9a-f]{32}\/meta\.yaml$/.test(p)).length === 3,
    "both branches' MLflow runs are kept, and mlruns/0/meta.yaml (added on both) merged without a conflict",
  );
  const promoted = sh.run("mlbranch", ["promote", "stable/model"]).stderr;
  sh.assert(
    /and 2 MLflow runs/.test(promoted),
    `promote copies the new MLflow runs to main too (got: ${promoted.trim()})`,
  );
  sh.ml(["status"]);
}
