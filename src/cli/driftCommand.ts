import { resolve } from "node:path";
import { atomicWrite } from "../io/atomicWrite.js";
import { EXIT, UsageError } from "../io/errors.js";
import { qualityCmdMsg } from "../io/messages/quality.js";
import { driftGuard } from "../io/messages/workflowGuards.js";
import { driftHtml } from "../quality/drift/driftHtml.js";
import { formatDrift } from "../quality/drift/formatDrift.js";
import { driftOfTables, readTable } from "../quality/drift/loadTables.js";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../quality/drift/thresholds.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const d = DEFAULT_THRESHOLDS;
const help = `Usage: mlbranch drift --reference [<repository>#]<rev>:<path> --current <path> [options]

Compare current data (e.g. production records) with reference data (e.g. the training set of
the model that served them), feature by feature. JSONL or CSV, read as the merge drivers read
them: RFC 4180 quoting (a quoted field may span lines), every row as wide as the header, bytes
that are not UTF-8 (Latin-1) kept one character per byte.

  --reference <spec>   <rev>:<path> of a committed file (e.g. model-3:data/train.jsonl), or a path;
                       <repository>#<rev>:<path> reads it from another repository (any git URL
                       or path), fetched once (that commit's trees and the one file) into a cache
                       under .git/mlbranch/references and read from there afterwards
  --current <spec>     a path, or <rev>:<path>
  --features <a,b>     the columns to compare (default: every column in both, minus --exclude,
                       the probability and the label column)
  --exclude <a,b>      columns never compared by default (default: id)
  --psi <x>            smallest population stability index that counts as drift (default ${d.psi});
                       10 reference decile bins for numbers, one bin per category for strings;
                       raised to the noise floor (1/n + 1/m) * chi2(1 - alpha, bins - 1)
  --ks <x>             smallest two-sample Kolmogorov-Smirnov D that counts as drift for numbers
                       (default ${d.ks}); raised to the critical value c(alpha) * sqrt((n+m)/(n*m))
  --alpha <x>          significance level of those sample-size limits: the false-alarm rate per
                       test on same-distribution data (default ${d.alpha})
  --outliers <x>       alert when the current outlier share exceeds the reference's own share by
                       more than x (default ${d.outliers}); an outlier is outside the reference range,
                       or beyond --z robust z-scores, or a category the reference never had
  --z <x>              robust z limit: |x - median| / (1.4826 * MAD) (default ${d.z})
  --missing-values <a,b>  texts that are missing values, not categories (default: empty, NA,
                       N/A, n/a, null, NaN; JSON null is always missing); an empty item (",NA")
                       is the empty text
  --missing <x>        alert when a feature's current missing share exceeds the reference's by
                       more than x plus sampling noise (default 0.1); a feature all missing, or
                       absent from the current data, is always drift
  --probability <col>  probability column for calibration (default probability)
  --label <col>        0/1 label column; with both present the expected calibration error is
                       computed over 10 equal-width bins (default label)
  --ece <x>            calibration error threshold (default ${d.ece})
  --json               print the report as JSON on stdout
  --html <file>        also write one self-contained page (inline SVG and CSS, no external
                       asset) with each feature's reference and current histograms, the
                       statistics and the alert
  -h, --help           this help

Exit codes: 0 no drift past a threshold, 1 drift, 2 usage or input error.

Examples:
  mlbranch drift --reference model-3:data/train.jsonl --current monitoring/2026-11.jsonl
  mlbranch drift --reference split:data/train.csv --current prod.csv --features age,income --psi 0.1
  mlbranch drift --reference model-3:data/train.jsonl --current prod.jsonl --html drift.html
  mlbranch drift --reference 'git@host:team/model.git#model-3:data/train.*' --current prod.jsonl`;

const list = (s: unknown) =>
  typeof s === "string"
    ? s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

function num(values: Record<string, unknown>, name: keyof Thresholds): number {
  const v = values[name];
  if (v === undefined) return DEFAULT_THRESHOLDS[name];
  const x = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(x) || x < 0)
    throw new UsageError(qualityCmdMsg.notNonNegative(name, String(v)));
  return x;
}

function share(v: unknown): number {
  const x = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !(x >= 0 && x <= 1))
    throw new UsageError(driftGuard.badMissingShare(String(v)));
  return x;
}

/** `mlbranch drift`: PSI, KS, outliers and calibration between two tables. */
export const driftCommand: Command = {
  name: "drift",
  help,
  async run(args, io) {
    const { values } = parseArgs(
      args,
      {
        reference: { type: "string" },
        current: { type: "string" },
        features: { type: "string" },
        exclude: { type: "string" },
        psi: { type: "string" },
        ks: { type: "string" },
        outliers: { type: "string" },
        z: { type: "string" },
        ece: { type: "string" },
        alpha: { type: "string" },
        "missing-values": { type: "string" },
        missing: { type: "string" },
        probability: { type: "string" },
        label: { type: "string" },
        json: { type: "boolean" },
        html: { type: "string" },
      },
      help,
      false,
    );
    if (!values.reference || !values.current)
      throw new UsageError(qualityCmdMsg.needsBothSides(help));
    const thresholds: Thresholds = {
      psi: num(values, "psi"),
      ks: num(values, "ks"),
      outliers: num(values, "outliers"),
      z: num(values, "z"),
      ece: num(values, "ece"),
      alpha: num(values, "alpha"),
    };
    if (!(thresholds.alpha > 0 && thresholds.alpha < 1))
      throw new UsageError(qualityCmdMsg.badAlpha(thresholds.alpha));
    const features = list(values.features);
    const missingValues =
      typeof values["missing-values"] === "string"
        ? values["missing-values"].split(",").map((x) => x.trim())
        : undefined;
    const missingShare = values.missing === undefined ? undefined : share(values.missing);
    const probability = (values.probability as string | undefined) ?? "probability";
    const label = (values.label as string | undefined) ?? "label";
    const ref = readTable(io.cwd, values.reference);
    const cur = readTable(io.cwd, values.current);
    const only = features ? [...features, probability, label] : undefined;
    const report = await driftOfTables(
      ref,
      cur,
      {
        features,
        exclude: list(values.exclude) ?? ["id"],
        probability,
        label,
        thresholds,
        missingValues,
        missingShare,
        histograms: values.html !== undefined,
      },
      only,
    );
    // No rows is not "no drift": the batch a broken pipeline delivers is exactly this.
    if (report.currentRows === 0 || report.referenceRows === 0)
      throw new UsageError(
        driftGuard.emptyTable(
          report.currentRows === 0 ? "current" : "reference",
          (report.currentRows === 0 ? values.current : values.reference) as string,
        ),
      );
    // A requested feature the reference lacks is a typo more often than not: say so.
    const missing = report.features.filter((f) => f.note === "not in the reference data");
    if (features && missing.length)
      throw new UsageError(
        qualityCmdMsg.noSuchFeature(
          missing.map((m) => m.feature),
          values.reference as string,
        ),
      );
    // Nothing compared is not "no drift": the files share no column (or only skipped ones).
    if (report.calibration === null && report.features.every((f) => f.kind === "skipped"))
      throw new UsageError(
        qualityCmdMsg.nothingInCommon(
          values.current as string,
          values.reference as string,
          report.features.map((f) => `${f.feature}: ${f.note ?? "skipped"}`).join("; "),
        ),
      );
    if (values.html !== undefined) {
      const file = resolve(io.cwd, values.html);
      try {
        atomicWrite(
          file,
          driftHtml(report, `drift of ${values.current} against ${values.reference}`),
        );
      } catch (e) {
        throw new UsageError(
          qualityCmdMsg.cannotWrite(values.html as string, (e as Error).message),
        );
      }
      // The picture carries the histograms; the printed report stays as it was.
      for (const f of report.features) delete f.histogram;
      io.err(qualityCmdMsg.wroteHtml(values.html as string));
    }
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else io.out(formatDrift(report, `drift of ${values.current} against ${values.reference}`));
    return report.drift ? EXIT.violation : EXIT.ok;
  },
};
