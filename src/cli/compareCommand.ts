import { EXIT, UsageError } from "../io/errors.js";
import { abMsg, qualityCmdMsg } from "../io/messages/quality.js";
import { collect, compareGroups, METRICS, type MetricName } from "../quality/ab/compare.js";
import { formatCompare } from "../quality/ab/formatCompare.js";
import { readTable } from "../quality/drift/loadTables.js";
import { tableColumns } from "../quality/drift/tableColumns.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch compare <file>... --by <column> [options]

An A/B test (a forward test: 99% of traffic to the current model, 1% to a candidate; or a back
test) on monitoring data that carries the model tag: per tag the row count, the metric with a
confidence interval, each candidate's difference from the baseline with its significance, and a
sample-ratio-mismatch test against the expected split. JSONL or CSV files (or <rev>:<path>),
read together.

  --by <column>         the column naming the variant (e.g. model_tag)
  --metric <m>          accuracy (default; label = prediction) or error_rate: two-proportion z
                        rate: share of 1s (or true) in --value: two-proportion z
                        mean: mean of --value; mae, mse: of prediction - label: Welch's t
                        rmse, median (of --value): percentile bootstrap
  --label <col>         the true value (default label)
  --prediction <col>    the model's output (default prediction)
  --value <col>         the column of rate, mean and median (default value)
  --baseline <tag>      the variant the others are compared with (default: the largest group,
                        the current model of a forward test); every other tag is a candidate
  --expect <shares>     expected traffic split: 0.99,0.01 (the baseline first, then the
                        candidates by name) or acme-1=0.99,acme-2=0.01; adds a chi-square
                        sample-ratio-mismatch test
  --alpha <x>           significance level of the tests and 1 - confidence of the intervals
                        (default 0.05)
  --srm-alpha <x>       p-value below which the split mismatches (default 0.001)
  --lower-is-better     for --metric mean or median when smaller is better (latency, cost);
                        error_rate, mae, mse and rmse are lower-is-better already
  --resamples <n>       bootstrap resamples (default 1000; fixed seed, reproducible)
  --json                the comparison as JSON
  -h, --help            this help

Exit codes: 0 no candidate significantly worse, 1 a candidate is significantly worse than the
baseline (p < alpha, in the worse direction) or the split mismatches --expect, 2 usage or input
error.

Examples:
  mlbranch compare monitoring/predictions.jsonl --by model_tag --label species --prediction predicted --expect 0.99,0.01
  mlbranch compare a.csv b.csv --by model_tag --metric mean --value revenue --baseline acme-1 --json`;

function numberOpt(v: unknown, name: string, dflt: number, ok: (x: number) => boolean): number {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !ok(x))
    throw new UsageError(abMsg.badOption(name, String(v)));
  return x;
}

/** `mlbranch compare`: A/B test of model tags in monitoring data. */
export const compareCommand: Command = {
  name: "compare",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      {
        by: { type: "string" },
        metric: { type: "string" },
        label: { type: "string" },
        prediction: { type: "string" },
        value: { type: "string" },
        baseline: { type: "string" },
        expect: { type: "string" },
        alpha: { type: "string" },
        "srm-alpha": { type: "string" },
        "lower-is-better": { type: "boolean" },
        resamples: { type: "string" },
        json: { type: "boolean" },
      },
      help,
    );
    if (!positionals.length || !values.by) throw new UsageError(qualityCmdMsg.compareUsage(help));
    const metric = (values.metric ?? "accuracy") as MetricName;
    if (!Object.hasOwn(METRICS, metric))
      throw new UsageError(abMsg.badMetric(Object.keys(METRICS), metric));
    const prob = (x: number) => x > 0 && x < 1;
    const o = {
      by: values.by,
      metric,
      label: values.label ?? "label",
      prediction: values.prediction ?? "prediction",
      value: values.value ?? "value",
      baseline: values.baseline,
      expect: values.expect,
      alpha: numberOpt(values.alpha, "alpha", 0.05, prob),
      srmAlpha: numberOpt(values["srm-alpha"], "srm-alpha", 0.001, prob),
      lowerIsBetter: values["lower-is-better"] ? true : undefined,
      resamples: numberOpt(
        values.resamples,
        "resamples",
        1000,
        (x) => Number.isInteger(x) && x >= 100,
      ),
    };
    const only = new Set([o.by, o.label, o.prediction, o.value]);
    const tables = positionals.map((spec) => ({
      t: tableColumns(readTable(io.cwd, spec), only),
      source: spec,
    }));
    const c = compareGroups(collect(tables, o), o);
    io.out(values.json ? JSON.stringify(c, null, 2) : formatCompare(c));
    return c.fail ? EXIT.violation : EXIT.ok;
  },
};
