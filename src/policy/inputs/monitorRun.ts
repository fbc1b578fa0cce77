import { parseReference, referenceFor } from "../../config/referenceSpec.js";
import { formatOf } from "../../data/format.js";
import type { Change } from "../../git/changes.js";
import { MlbranchError, ReferenceUnreachableError } from "../../io/errors.js";
import { cachedColumns } from "../../quality/drift/columnsCache.js";
import { type DriftReport, driftReport } from "../../quality/drift/driftReport.js";
import { readTable } from "../../quality/drift/loadTables.js";
import { tableColumns } from "../../quality/drift/tableColumns.js";
import { toColumns } from "../../records/columns/columns.js";
import type { Columns } from "../../records/columns/columnTypes.js";
import { groupRows, subsetColumns } from "../../records/columns/subset.js";
import type { RuleContext } from "../types.js";
import { addedRecords } from "./addedRecords.js";
import type { MonitorSettings } from "./monitorConfig.js";

/** The outcome for one monitoring file and one model tag it names. */
export type MonitorOutcome =
  | {
      kind: "report";
      path: string;
      blob: string;
      tag: string;
      reference: string;
      report: DriftReport;
    }
  | { kind: "problem"; path: string; why: string; fix: string }
  /** Another repository's reference could not be fetched and is not cached: not judged. */
  | {
      kind: "skipped";
      path: string;
      blob: string;
      tag: string;
      reference: string;
      repo: string;
      rev: string;
      why: string;
      rows: number;
    }
  | { kind: "small"; path: string; tag: string; rows: number };

// References parsed once per process (a range check replays many commits against one tag), and
// once per content across processes (cachedColumns: each commit is a new hook process).
const refCache = new Map<string, Columns>();

function reference(cwd: string, spec: string): Columns {
  // By repository too: one process may check several (tests do).
  const key = `${cwd}\0${spec}`;
  let t = refCache.get(key);
  if (!t) {
    const table = readTable(cwd, spec);
    t = cachedColumns(table, () => tableColumns(table));
    refCache.set(key, t);
  }
  return t;
}

/** Run the configured drift checks on the records one change adds, per model tag they name. */
export function monitorChange(ctx: RuleContext, c: Change, s: MonitorSettings): MonitorOutcome[] {
  const format = formatOf(c.path);
  if (!format || !c.newOid) return [];
  const problem = (why: string, fix: string): MonitorOutcome[] => [
    { kind: "problem", path: c.path, why, fix },
  ];
  const text = addedRecords(ctx, c, format !== "jsonl");
  if (text === null)
    return problem("its Git LFS content is not here", "run git lfs fetch, then commit again");
  let cur: Columns;
  try {
    cur = toColumns(text, format, c.path);
  } catch (e) {
    if (!(e instanceof MlbranchError)) throw e;
    return problem(e.message.replace(/^mlbranch: /, ""), "fix the records, then commit again");
  }
  if (!cur.rows) return [];
  const groups = groupRows(cur, s.tagField);
  const untagged = groups.get(null);
  if (untagged)
    return problem(
      `${untagged.length} of ${cur.rows} new records name no model tag in the "${s.tagField}" field`,
      `add "${s.tagField}": "<the model tag that served the request>" to every monitoring record (or set monitor.tagField in mlbranch.json)`,
    );
  const out: MonitorOutcome[] = [];
  const parsed = parseReference(s.reference);
  const repo = typeof parsed === "string" ? null : parsed.repo;
  for (const [tag, rows] of groups) {
    const spec = s.reference.replaceAll("{tag}", tag as string);
    // A tag the same push creates is not a ref on the receiver yet: read it by its object id.
    // (A reference in another repository never is: its tags live there.)
    const pushed = repo === null ? ctx.pushed.get(`refs/tags/${tag}`) : undefined;
    const read = pushed
      ? s.reference.replaceAll("refs/tags/{tag}", pushed).replaceAll("{tag}", pushed)
      : spec;
    let ref: Columns;
    try {
      ref = reference(ctx.cwd, read);
    } catch (e) {
      if (e instanceof ReferenceUnreachableError && repo !== null && typeof parsed !== "string") {
        out.push({
          kind: "skipped",
          path: c.path,
          blob: c.newOid,
          tag: tag as string,
          reference: spec,
          repo,
          rev: referenceFor(parsed, tag as string).rev,
          why: e.why,
          rows: rows.length,
        });
        continue;
      }
      if (!(e instanceof MlbranchError)) throw e;
      if (repo !== null) {
        out.push({
          kind: "problem",
          path: c.path,
          why: `the reference ${spec} for model tag "${tag}" cannot be read (${e.message.replace(/^mlbranch: /, "")})`,
          fix: `check the tag the records name against the tags of ${repo} (git ls-remote --tags ${repo}), and monitor.reference in mlbranch.json ("${s.reference}")`,
        });
        continue;
      }
      out.push({
        kind: "problem",
        path: c.path,
        why: `the reference ${spec} for model tag "${tag}" cannot be read (${e.message.replace(/^mlbranch: /, "")})`,
        // Staged, the tag is missing from this clone; in a push, from the receiver: push it along.
        fix: ctx.staged
          ? `make sure the tag exists here (git fetch --tags) and that monitor.reference in mlbranch.json ("${s.reference}") names its training data`
          : `push the tag with the branch (git push origin ${ctx.branch} ${tag}), and check that monitor.reference in mlbranch.json ("${s.reference}") names its training data`,
      });
      continue;
    }
    // Below minRows sampling noise alone crosses the default thresholds: say so, judge nothing.
    if (rows.length < s.minRows) {
      out.push({ kind: "small", path: c.path, tag: tag as string, rows: rows.length });
      continue;
    }
    const part = groups.size === 1 ? cur : subsetColumns(cur, rows);
    const report = driftReport(ref, part, {
      features: s.features,
      exclude: [...s.exclude, s.tagField],
      probability: s.probability,
      label: s.label,
      thresholds: {
        psi: s.psi,
        ks: s.ks,
        outliers: s.outliers,
        z: s.z,
        ece: s.ece,
        alpha: s.alpha,
      },
    });
    out.push({
      kind: "report",
      path: c.path,
      blob: c.newOid,
      tag: tag as string,
      reference: spec,
      report,
    });
  }
  return out;
}
