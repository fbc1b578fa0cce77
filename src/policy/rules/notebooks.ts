import { isLfsPointer } from "../../git/blobs.js";
import { lfsContent } from "../../git/lfs.js";
import { size } from "../../io/messages/common.js";
import { notebookRuleMsg } from "../../io/messages/notebooks.js";
import { notebookConflicts } from "../../merge/notebook/conflicts.js";
import { NOTEBOOK_FILE, parseNotebook } from "../../records/notebook.js";
import { outputStats } from "../../records/notebookHygiene.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

const ID = "notebooks";

const notebooksOf = (ctx: RuleContext) =>
  ctx.changes.filter(
    (c) =>
      NOTEBOOK_FILE.test(c.path) &&
      c.newOid &&
      c.status !== "D" &&
      c.newMode !== "120000" &&
      c.newMode !== "160000",
  );

// "strip" is done to the staged copy at commit; a notebook that reaches a check judged after
// the commit (pre-push, CI, the server) still carrying them bypassed that, so it is refused.
const refused = (mode: string | undefined, staged: boolean) =>
  mode === "refuse" || (mode === "strip" && !staged);

/**
 * notebooks: on every branch type a notebook must be one Jupyter opens (JSON, nbformat 4) with no
 * merge conflict left in its cells; each type's `notebooks` setting may refuse outputs or
 * execution counts and limit the outputs' size.
 */
export const notebooks: Rule = {
  id: ID,
  prefetch: (ctx) => ({ blobs: notebooksOf(ctx).map((c) => c.newOid!) }),
  check(ctx) {
    const out: Violation[] = [];
    const h = ctx.type.notebooks ?? {};
    for (const c of notebooksOf(ctx)) {
      let bytes = ctx.blobs.read(c.newOid!);
      if (isLfsPointer(bytes)) {
        // Judged where its object is at hand; lfs-objects says when it is nowhere.
        const real = ctx.staged ? lfsContent(ctx.cwd, bytes, c.path) : null;
        if (!real) continue;
        bytes = real;
      }
      const p = parseNotebook(bytes);
      if (!p.nb) {
        out.push(violation(ctx, ID, c.path, notebookRuleMsg.invalid(c.path, p.problems)));
        continue;
      }
      const left = notebookConflicts(p.nb).length;
      if (left) out.push(violation(ctx, ID, c.path, notebookRuleMsg.conflicts(c.path, left)));
      const s = outputStats(p.nb);
      const what: string[] = [];
      if (refused(h.outputs, ctx.staged) && s.cellsWithOutputs)
        what.push(`outputs in ${s.cellsWithOutputs} cell${s.cellsWithOutputs === 1 ? "" : "s"}`);
      if (refused(h.executionCounts, ctx.staged) && s.counts)
        what.push(`${s.counts} execution count${s.counts === 1 ? "" : "s"}`);
      if (what.length)
        out.push(
          violation(
            ctx,
            ID,
            c.path,
            notebookRuleMsg.outputs(
              c.path,
              what.join(" and "),
              ctx.typeName,
              !ctx.staged && (h.outputs === "strip" || h.executionCounts === "strip"),
            ),
          ),
        );
      if (h.maxOutputSize && s.outputBytes > h.maxOutputSize)
        out.push(
          violation(
            ctx,
            ID,
            c.path,
            notebookRuleMsg.tooLarge(
              c.path,
              size(s.outputBytes),
              size(h.maxOutputSize),
              ctx.typeName,
            ),
          ),
        );
    }
    return out;
  },
};
