import { execGitBuffer } from "../../git/execGit.js";
import type { RuleContext } from "../types.js";

/** The blob ids of some paths in the judged tree: the index (staged) or the commit. */
export function pathOids(ctx: RuleContext, paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!paths.length) return out;
  const args = ctx.commit
    ? ["--literal-pathspecs", "ls-tree", "-z", "--full-tree", ctx.commit, "--", ...paths]
    : ["--literal-pathspecs", "ls-files", "-s", "-z", "--", ...paths];
  const buf = execGitBuffer(args, { cwd: ctx.cwd, env: ctx.env });
  for (const e of buf.toString("utf8").split("\0")) {
    if (!e) continue;
    const tab = e.indexOf("\t");
    const meta = e.slice(0, tab).split(" ");
    // ls-tree: "<mode> <type> <oid>"; ls-files -s: "<mode> <oid> <stage>" (stage 0 only).
    if (ctx.commit ? meta[1] === "blob" : meta[2] === "0")
      out.set(e.slice(tab + 1), ctx.commit ? meta[2] : meta[1]);
  }
  return out;
}
