import type { BranchType, Config } from "../config/types.js";
import { checkMsg } from "../io/messages/rules.js";
import { resolveBranchType } from "./branchType.js";

const list = (g: string[]) => g.join(", ");

const HYGIENE = {
  keep: "kept",
  strip: "stripped from the staged copy at commit",
  refuse: "refused",
};

// Every type refuses a broken notebook; what else it asks of notebooks, in one line.
function notebookLine(t: BranchType): string {
  const n = t.notebooks ?? {};
  const outputs = HYGIENE[n.outputs ?? "keep"];
  const counts = HYGIENE[n.executionCounts ?? "keep"];
  const limit = n.maxOutputSize
    ? `, at most ${checkMsg.humanSize(n.maxOutputSize)} of outputs`
    : "";
  return `  notebooks (*.ipynb): must be valid nbformat 4 with no merge conflict left; outputs ${outputs}, execution counts ${counts}${limit}`;
}

/** A branch type's rules in words, one line each. */
export function describeType(name: string, t: BranchType): string[] {
  const out = [
    `type ${name}${t.description ? `: ${t.description}` : ""}`,
    `  branches: ${list(t.match)}`,
  ];
  if (t.allow?.length) out.push(`  may touch only: ${list(t.allow)}`);
  if (t.deny?.length) out.push(`  may not touch: ${list(t.deny)}`);
  if (t.appendOnly?.length)
    out.push(
      `  append-only (never edited, deleted, renamed; line files grow at the end): ${list(t.appendOnly)}`,
    );
  if (t.codeOnlyByMerge?.length)
    out.push(
      `  code, changed only by merges and only to a parent's version, from a ${(t.codeFrom ?? ["dev"]).join(" or ")} branch: ${list(t.codeOnlyByMerge)}`,
    );
  for (const tr of t.trailers ?? []) {
    out.push(
      `  ${tr.required === false ? "optional" : "required"} trailer "${tr.key}:"${tr.paths ? ` on commits touching ${list(tr.paths)}` : ""}${tr.pattern ? ` matching /${tr.pattern}/` : ""}${tr.example ? ` (e.g. ${tr.key}: ${tr.example})` : ""}`,
    );
  }
  if (t.maxFileSize)
    out.push(`  files above ${checkMsg.humanSize(t.maxFileSize)} must be stored with Git LFS`);
  if (t.requireLfsObjects)
    out.push("  Git LFS pointers must name an object that exists (here or on the remote)");
  out.push(notebookLine(t));
  if (t.protected) out.push("  protected: no force-push, no deletion");
  if (t.tagPattern) out.push(`  tags: ${t.tagPattern}`);
  return out;
}

/** What `mlbranch explain [branch]` prints: one branch's type, or every type. */
export function explain(config: Config, branch?: string): { text: string; type: string | null } {
  const head = `config: ${config.source}`;
  if (branch) {
    const r = resolveBranchType(config, branch);
    if (!r) {
      return {
        text: `${head}\nbranch ${branch} matches no type; unknownBranch is "${config.unknownBranch}".\ntypes: ${Object.keys(config.types).join(", ")}`,
        type: null,
      };
    }
    return {
      text: [head, `branch ${branch} has`, ...describeType(r.name, r.type)].join("\n"),
      type: r.name,
    };
  }
  const all = Object.entries(config.types).flatMap(([n, t]) => [...describeType(n, t), ""]);
  return {
    text: [head, `unknown branches: ${config.unknownBranch}`, "", ...all].join("\n").trimEnd(),
    type: null,
  };
}
