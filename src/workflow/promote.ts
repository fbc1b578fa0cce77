import type { Config } from "../config/types.js";
import { execGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { EXIT, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { resolveBranchType } from "../policy/branchType.js";
import { commitFileOnBranch } from "./commitFile.js";
import { parseJsonl, recordKey, withFinalNewline } from "./records.js";
import { checkedOutBranches, readAt } from "./worktree.js";

/** What promote did: the records copied and the new commit on the target (null: nothing new). */
export interface PromoteResult {
  from: string;
  fromSha: string;
  to: string;
  commit: string | null;
  records: Record<string, unknown>[];
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
  const result: PromoteResult = { from, fromSha, to, commit: null, records: [] };
  if (!fresh.length) return result;
  result.records = fresh.map((r) => r.value);
  const content = withFinalNewline(dstText) + fresh.map((r) => `${r.line}\n`).join("");
  const ids = fresh.map(
    (r) => `- ${String(r.value.run_id ?? "?")}${r.value.tag ? ` (${r.value.tag})` : ""}`,
  );
  const n = fresh.length;
  const message =
    `Promote ${n} tracking record${n === 1 ? "" : "s"} from ${from}\n\n${ids.join("\n")}\n\n` +
    `Promoted-From: ${from}@${fromSha}\n`;
  result.commit = commitFileOnBranch({
    cwd: root,
    ref: toRef,
    oldSha: toSha,
    path: file,
    content,
    mode: modeAt(root, toSha, file),
    message,
  });
  return result;
}
