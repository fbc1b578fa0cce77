import type { Config } from "../config/types.js";
import { isLfsPointer } from "../git/blobs.js";
import { execGit, execGitBuffer, runGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { EXIT, InputError, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { resolveBranchType } from "../policy/branchType.js";
import { type BranchFile, commitFilesOnBranch } from "./commitFile.js";
import { parseLsTree } from "./fingerprints.js";
import { mlflowSettings } from "./mlflow/mlflowSettings.js";
import { promoteDbRuns } from "./mlflow/promoteDb.js";
import { newRunEntries, type PromotedRun } from "./mlflow/promoteRuns.js";
import { parseJsonl, recordKey, withFinalNewline } from "./records.js";
import { checkedOutBranches, readAt } from "./worktree.js";

/** What promote did: the records copied and the new commit on the target (null: nothing new). */
export interface PromoteResult {
  from: string;
  fromSha: string;
  to: string;
  commit: string | null;
  records: Record<string, unknown>[];
  /** MLflow file-store runs copied (mlruns/<experiment>/<run>/). */
  mlflowRuns: PromotedRun[];
  /** Runs copied from the MLflow SQLite store (mlflow.db), by run_uuid. */
  mlflowDbRuns: string[];
}

function blobAt(cwd: string, rev: string, path: string): Buffer | null {
  const r = runGit(["cat-file", "blob", `${rev}:${path}`], { cwd, okCodes: [128] });
  return r.code === 0 ? r.stdout : null;
}

function modeAt(cwd: string, rev: string, path: string): string | undefined {
  const out = execGit(["ls-tree", "--full-tree", rev, "--", path], { cwd });
  return out ? out.split(" ")[0] : undefined;
}

/** Copy the tracking records a stable branch has and the target lacks into a new target commit. */
export function promote(opts: {
  root: string;
  config: Config;
  branch: string;
  to?: string;
}): PromoteResult {
  const { root, config } = opts;
  const from = opts.branch.replace(/^refs\/heads\//, "");
  const to = (opts.to ?? config.defaultBranch).replace(/^refs\/heads\//, "");
  const fromSha = resolveRev(root, `refs/heads/${from}`);
  if (!fromSha) throw new UsageError(wfMsg.noSuchBranch(from));
  const t = resolveBranchType(config, from);
  if (!t?.type.tagPattern)
    throw new MlbranchError(wfMsg.promoteWrongType(from, t?.name ?? null), EXIT.violation);
  const toRef = `refs/heads/${to}`;
  const toSha = resolveRev(root, toRef);
  if (!toSha) throw new UsageError(wfMsg.noSuchBranch(to));
  if (checkedOutBranches(root).includes(toRef))
    throw new MlbranchError(wfMsg.promoteCheckedOut(to), EXIT.violation);
  const file = config.tracking.file;
  const key = config.files[file]?.key ?? ["run_id"];
  const srcText = readAt(root, fromSha, file) ?? "";
  const dstText = readAt(root, toSha, file) ?? "";
  const have = new Set(parseJsonl(dstText, `${to}:${file}`).map((r) => recordKey(r, key)));
  const fresh = parseJsonl(srcText, `${from}:${file}`).filter((r) => !have.has(recordKey(r, key)));
  const result: PromoteResult = {
    from,
    fromSha,
    to,
    commit: null,
    records: [],
    mlflowRuns: [],
    mlflowDbRuns: [],
  };
  const files: BranchFile[] = [];
  const lines: string[] = [];
  if (fresh.length) {
    result.records = fresh.map((r) => r.value);
    const content = withFinalNewline(dstText) + fresh.map((r) => `${r.line}\n`).join("");
    files.push({ path: file, content, mode: modeAt(root, toSha, file) });
    lines.push(
      ...fresh.map(
        (r) => `- ${String(r.value.run_id ?? "?")}${r.value.tag ? ` (${r.value.tag})` : ""}`,
      ),
    );
  }
  // MLflow's file store: new runs' folders, blob for blob (no file is read or rewritten).
  const ml = mlflowSettings(config);
  const under = (rev: string) =>
    parseLsTree(
      execGitBuffer(["ls-tree", "-r", "-z", "--full-tree", rev, "--", `:(literal)${ml.dir}`], {
        cwd: root,
      }),
    );
  const srcTree = under(fromSha);
  if (srcTree.length) {
    const dstTree = under(toSha);
    const n = newRunEntries(ml, srcTree, dstTree);
    files.push(...n.entries.map((f) => ({ path: f.path, oid: f.oid, mode: f.mode })));
    result.mlflowRuns = n.runs;
    lines.push(...n.runs.map((r) => `- MLflow run ${r.run} (experiment ${r.experiment})`));
    lines.push(...n.others.map((r) => `- MLflow ${r.run} (experiment ${r.experiment})`));
  }
  // MLflow's SQLite store: new runs' rows.
  const srcDb = blobAt(root, fromSha, ml.db);
  if (srcDb && !isLfsPointer(srcDb)) {
    const dstDb = blobAt(root, toSha, ml.db);
    let merged: ReturnType<typeof promoteDbRuns> = null;
    try {
      merged = dstDb && isLfsPointer(dstDb) ? null : promoteDbRuns(srcDb, dstDb);
    } catch (e) {
      // Not an MLflow store (no runs table), or a damaged file: say which, change nothing.
      throw new InputError(wfMsg.promoteDbUnreadable(`${from}:${ml.db}`, (e as Error).message));
    }
    if (merged) {
      files.push({ path: ml.db, content: merged.bytes, mode: modeAt(root, toSha, ml.db) });
      result.mlflowDbRuns = merged.runs;
      lines.push(...merged.runs.map((r) => `- MLflow run ${r} (${ml.db})`));
    }
  }
  if (!files.length) return result;
  const parts = [
    fresh.length ? `${fresh.length} tracking record${fresh.length === 1 ? "" : "s"}` : "",
    result.mlflowRuns.length + result.mlflowDbRuns.length
      ? `${result.mlflowRuns.length + result.mlflowDbRuns.length} MLflow run${result.mlflowRuns.length + result.mlflowDbRuns.length === 1 ? "" : "s"}`
      : "",
  ].filter(Boolean);
  const what = parts.length ? parts.join(" and ") : "MLflow experiment metadata";
  const message =
    `Promote ${what} from ${from}\n\n${lines.join("\n")}${lines.length ? "\n\n" : ""}` +
    `Promoted-From: ${from}@${fromSha}\n`;
  result.commit = commitFilesOnBranch({ cwd: root, ref: toRef, oldSha: toSha, files, message });
  return result;
}
