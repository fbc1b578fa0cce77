import { execGit, execGitBuffer, runGit } from "../git/execGit.js";

/**
 * Tag names held for a training run between `tag --next` (or `track --tag`) and `tag`: one ref
 * each, refs/mlbranch/reserved/<name>, pointing at a blob naming the branch that holds it.
 * Creating a ref that must not exist is atomic in git, so two runs never hold one name.
 */
const NS = "refs/mlbranch/reserved/";

/** Every reserved name and the branch holding it. */
export function reservations(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const list = execGit(["for-each-ref", "--format=%(refname) %(objectname)", NS], { cwd: root });
  const rows = list
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "));
  if (!rows.length) return out;
  const text = execGitBuffer(["cat-file", "--batch"], {
    cwd: root,
    input: `${rows.map((r) => r[1]).join("\n")}\n`,
  }).toString("utf8");
  // "<oid> blob <size>\n<content>\n" per object; the content is "branch <name>\n".
  const branches = [...text.matchAll(/^branch (.+)$/gm)].map((m) => m[1]);
  rows.forEach((r, i) => {
    out.set(r[0].slice(NS.length), branches[i] ?? "");
  });
  return out;
}

/**
 * Hold `name` for `branch`. True when it is now held by this branch (newly or already), false
 * when another branch holds it.
 */
export function reserve(root: string, name: string, branch: string): boolean {
  const held = reservations(root).get(name);
  if (held !== undefined) return held === branch;
  const blob = execGit(["hash-object", "-w", "--stdin"], {
    cwd: root,
    input: `branch ${branch}\n`,
  });
  // The empty old value makes the update fail when another run created the ref first.
  const r = runGit(["update-ref", `${NS}${name}`, blob, ""], { cwd: root, okCodes: [1, 128] });
  if (r.code === 0) return true;
  return reservations(root).get(name) === branch;
}

/** Give a name back once it is a tag (or when its run is abandoned). */
export function release(root: string, name: string): void {
  runGit(["update-ref", "-d", `${NS}${name}`], { cwd: root, okCodes: [1, 128] });
}
