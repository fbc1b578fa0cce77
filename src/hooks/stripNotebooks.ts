import type { BranchType } from "../config/types.js";
import { isLfsPointer } from "../git/blobs.js";
import type { Change } from "../git/changes.js";
import { execGit, execGitBuffer } from "../git/execGit.js";
import type { Io } from "../io/io.js";
import { notebookRuleMsg } from "../io/messages/notebooks.js";
import { notebookIndent, writeNotebook } from "../merge/notebook/writeNotebook.js";
import { NOTEBOOK_FILE, parseNotebook } from "../records/notebook.js";
import { stripNotebook } from "../records/notebookHygiene.js";

/**
 * Strip outputs and/or execution counts from the staged notebooks when the branch's type says
 * "strip", as lint-staged fixers do but on the index only: the blob is rewritten and staged in
 * place, the user's notebook in the work tree (open in Jupyter) is never touched. Returns the
 * changes with the new blob ids. LFS-tracked notebooks are left as they are.
 */
export function stripStagedNotebooks(
  root: string,
  type: BranchType | undefined,
  changes: Change[],
  io: Io,
): Change[] {
  const h = type?.notebooks;
  const outputs = h?.outputs === "strip";
  const executionCounts = h?.executionCounts === "strip";
  if (!outputs && !executionCounts) return changes;
  const stripped: string[] = [];
  const out = changes.map((c) => {
    if (!NOTEBOOK_FILE.test(c.path) || !c.newOid || c.status === "D") return c;
    if (c.newMode !== "100644" && c.newMode !== "100755") return c;
    const bytes = execGitBuffer(["cat-file", "blob", c.newOid], { cwd: root, env: io.env });
    if (isLfsPointer(bytes)) return c;
    const text = bytes.toString("utf8");
    const p = parseNotebook(text, { lenient: true });
    if (!p.nb) return c; // the notebooks rule names what is wrong with it
    const nb = stripNotebook(p.nb, { outputs, executionCounts });
    if (!nb) return c;
    // --no-filters: these are the bytes to commit (a clean filter already ran at `git add`).
    const oid = execGit(["hash-object", "-w", "--no-filters", "--stdin"], {
      cwd: root,
      env: io.env,
      input: writeNotebook(nb, notebookIndent(text)),
    });
    execGit(["update-index", "--cacheinfo", `${c.newMode},${oid},${c.path}`], {
      cwd: root,
      env: io.env,
    });
    stripped.push(c.path);
    return { ...c, newOid: oid };
  });
  if (stripped.length) {
    const what = [outputs && "outputs", executionCounts && "execution counts"].filter(Boolean);
    io.err(notebookRuleMsg.stripped(stripped, what.join(" and ")));
  }
  return out;
}
