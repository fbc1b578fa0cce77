import { execGit } from "../git/execGit.js";
import type { Stage } from "./lineageLevel.js";

const SQUASH = /^Squashed commit of the following:/;
// `git merge --squash` writes each squashed commit's message indented by four spaces.
const QUOTED = /^ {4}(Derived-From|Data-Source):\s*(\S.*)$/gim;

/**
 * Provenance a squash merge kept only in its message: `git merge --squash` quotes each squashed
 * commit's message, trailers included, indented, where git's trailer parser does not see them.
 * Files introduced by such a commit get the quoted Derived-From / Data-Source (one git call).
 */
export function addSquashedTrailers(root: string, stages: Stage[]): void {
  const files = stages
    .flatMap((s) => s.files)
    .filter(
      (f) =>
        f.commit && !f.derivedFrom.length && !f.dataSource.length && SQUASH.test(f.subject ?? ""),
    );
  if (!files.length) return;
  const commits = [...new Set(files.map((f) => f.commit as string))];
  const out = execGit(["log", "--no-walk=unsorted", "--format=%x1e%H%x1d%B", ...commits], {
    cwd: root,
  });
  const found = new Map<string, { derivedFrom: string[]; dataSource: string[] }>();
  for (const rec of out.split("\x1e")) {
    const [sha, body = ""] = rec.split("\x1d");
    if (!sha) continue;
    const t = { derivedFrom: [] as string[], dataSource: [] as string[] };
    for (const m of body.matchAll(QUOTED))
      (m[1].toLowerCase() === "derived-from" ? t.derivedFrom : t.dataSource).push(m[2].trim());
    found.set(sha.trim(), t);
  }
  for (const f of files) {
    const t = found.get(f.commit as string);
    if (!t) continue;
    f.derivedFrom = [...new Set(t.derivedFrom)];
    f.dataSource = [...new Set(t.dataSource)];
  }
}
