import { P } from "./common.js";
import { referenceFix } from "./references.js";

type IdSummary = { count: number; groups: string[]; first: string[] };

const ids = (s: IdSummary, what: string) =>
  `${s.count} id${s.count === 1 ? "" : "s"} ${what} (${s.groups.join(", ")}); first: ${s.first.map((i) => JSON.stringify(i)).join(", ")}`;

/** Messages of the split rule (issue 7). */
const splitMsg = {
  splitDuplicate: (s: IdSummary) => ({
    text: `records leak between splits: ${ids(s, "in more than one split file")}.`,
    fix: "regenerate the split files with `mlbranch split <input> --key <id>` (one salted hash per id), or remove each id from all but one split",
  }),
  splitMoved: (s: IdSummary, again: string | null) => ({
    text: `records would move split: ${ids(s, "already committed in one split now in another")}. A model trained on one split would be tested on its own training records.`,
    fix: again
      ? `keep the committed assignment: re-run \`${again}\` (the key, salt and ratios recorded with the split files; new records then land without moving old ones), or drop these records from the new split`
      : "keep the committed assignment: re-run `mlbranch split` with the same --key, --salt and --ratios as before (new records then land without moving old ones), or drop these records from the new split",
  }),
  splitUnreadable: (
    path: string,
    why: string,
    key?: { key: string[]; from: string | null },
    sidecar = ".mlbranch-split.json",
  ) => ({
    text: `${path} is a split file, but the split rule cannot read its record ids: ${why}${key ? ` (the rule reads ids by ${key.key.map((k) => `"${k}"`).join(", ")}, ${key.from ? `the key ${key.from} records` : `split.key of mlbranch.json: no ${sidecar} is beside the file`})` : ""}.`,
    fix: key?.from
      ? `split again with the record id field: \`mlbranch split <input> --key <field> --out <dir>\` rewrites the files and ${key.from} together`
      : key
        ? `make the split with \`mlbranch split <input> --key <field> --out <dir>\`: it records the key (and salt) in ${sidecar} beside the split files, and the rule reads it from there; or set split.key in mlbranch.json on the default branch`
        : "store splits as JSONL or CSV with the id field of the split's key, or change the split globs in mlbranch.json",
  }),
  splitRecipeBad: (path: string, why: string) => ({
    text: `${path} records how the split files beside it were made, but it cannot be read: ${why}.`,
    fix: "let `mlbranch split <input> --key <field> --out <dir>` write it again, or delete it (the rule then reads ids by split.key of mlbranch.json)",
  }),
};

/** Messages of the monitor rule (issue 7). */
const monitorMsg = {
  monitorProblem: (path: string, why: string, fix: string) => ({
    text: `${path} holds monitoring data, but it cannot be checked for drift: ${why}.`,
    fix,
  }),
  monitorSkipped: (
    o: { path: string; tag: string; repo: string; rev: string; why: string },
    block: boolean,
    log: string,
  ) => ({
    text: `${o.path}: drift against model ${o.tag} was NOT checked: its reference data is in ${o.repo}, which cannot be reached (${o.why}), and the reference cache does not hold it.`,
    fix: `${block ? "monitor.block is true, so this is refused until the check can run; " : `nothing blocks this commit (${log} records the skipped check); `}${referenceFix(o.repo, o.rev)}`,
  }),
  monitorSmall: (path: string, tag: string, rows: number, min: number) => ({
    text: `${path} adds ${rows} records for model ${tag}, fewer than monitor.minRows (${min}); drift is not judged on so few (sampling noise alone crosses the thresholds).`,
    fix: `commit monitoring data in larger batches, or lower monitor.minRows in mlbranch.json; \`mlbranch drift\` compares any two files by hand`,
  }),
  monitorBlocked: (table: string, path: string) => ({
    text: `monitoring data drifted past the thresholds and monitor.block is true:\n${table}`,
    fix: `investigate the drift (retrain, or fix the data source) and keep these records out of the branch meanwhile: git restore --staged -- '${path}' (your file keeps them); to record drifting data anyway, set monitor.block to false in mlbranch.json on the default branch so such commits alert instead, or raise the thresholds there`,
  }),
  monitorAlert: (table: string, log: string) => ({
    text: `ALERT: monitoring data drifted past the thresholds:\n${table}`,
    fix: `nothing blocks this commit; an alert record was added to ${log} in it. Investigate the drift (retrain, or fix the data source)`,
  }),
  monitorUnlogged: (table: string, log: string) => ({
    text: `monitoring data in this commit drifted past the thresholds, and ${log} has no alert record for it (was the commit made without the hook?):\n${table}`,
    fix: `add the alert by hand if it matters (mlbranch drift --json shows the numbers); new commits made with the hook log alerts in ${log}`,
  }),
};

/** Messages of the split and monitor rules, together. */
export const dataMsg = { ...splitMsg, ...monitorMsg };

/** Messages of `mlbranch compare` (A/B tests by model tag). */
export const abMsg = {
  noGroupColumn: (source: string, by: string) =>
    `mlbranch: ${source} has no column "${by}" to group by; check --by.`,
  noMetricColumn: (source: string, col: string, metric: string, option: string) =>
    `mlbranch: ${source} has no column "${col}" for --metric ${metric}; name it with --${option}.`,
  badExpect: (order: string[], given: string) =>
    `mlbranch: --expect must give one share per tag (${order.join(", ")}): numbers like 0.99,0.01 (the baseline first, then the candidates by name) or tag=share pairs (got "${given}").`,
  tooFewGroups: (by: string, found: string[]) =>
    `mlbranch: compare needs at least two values of "${by}"; found ${found.length ? found.map((k) => `"${k}"`).join(", ") : "none"}.`,
  noBaseline: (baseline: string, by: string, values: string[]) =>
    `mlbranch: --baseline ${baseline} is not a value of "${by}" (values: ${values.join(", ")}).`,
  noValues: (by: string, tag: string, metric: string, needs: string) =>
    `mlbranch: no row of ${by} "${tag}" has the values --metric ${metric} needs (${needs}).`,
  badOption: (name: string, value: string) =>
    `mlbranch: --${name} got "${value}"; see mlbranch compare --help.`,
  badMetric: (metrics: string[], given: string) =>
    `mlbranch: --metric must be one of ${metrics.join(", ")} (got "${given}").`,
};

/** Messages of the drift, split and compare commands. */
export const qualityCmdMsg = {
  notNonNegative: (name: string, v: string) =>
    `${P} --${name} must be a non-negative number (got "${v}").`,
  needsBothSides: (help: string) => `${P} give both --reference and --current.\n\n${help}`,
  badAlpha: (alpha: number) => `${P} --alpha must be between 0 and 1 (got ${alpha}).`,
  noSuchFeature: (features: string[], reference: string) =>
    `${P} no column ${features.map((f) => `"${f}"`).join(", ")} in ${reference}; check --features.`,
  nothingInCommon: (current: string, reference: string, why: string) =>
    `${P} ${current} and ${reference} have no column in common to compare${why ? ` (${why})` : ""}; check that both files hold the same kind of records, or name the columns with --features.`,
  cannotWrite: (file: string, why: string) =>
    `${P} cannot write ${file}: ${why}. Give a path in a directory that exists.`,
  wroteHtml: (file: string) => `${P} wrote ${file} (open it in a browser).`,
  badRatios: (s: string) =>
    `${P} --ratios must be two or more positive numbers summing to 1, like 0.8,0.1,0.1 (got "${s}").`,
  splitUsage: (help: string) => `${P} give one input file and --key <field>.\n\n${help}`,
  badNames: (n: number) =>
    `${P} --names must give ${n} distinct file-name-safe names, one per ratio.`,
  noSuchInput: (input: string) => `${P} cannot read ${input}: no such file.`,
  wouldOverwrite: (input: string, name: string) =>
    `${P} ${input} would be overwritten by the ${name} split; pass --out.`,
  compareUsage: (help: string) => `${P} give one or more files and --by <column>.\n\n${help}`,
};
