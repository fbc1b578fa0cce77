import type { Config } from "../config/types.js";
import { execGit, runGit } from "../git/execGit.js";
import { resolveBranchType } from "../policy/branchType.js";

interface Candidate {
  ref: string;
  branch: string;
  type: string | null;
  score: number;
}

// Every branch with its score: a split type 4, a type that denies models (data) 2, local 1.
function candidates(root: string, config: Config): Candidate[] {
  const out: Candidate[] = [];
  const models = config.globs.models ?? [];
  const refs = execGit(["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes"], {
    cwd: root,
  });
  for (const ref of refs.split("\n").filter(Boolean)) {
    const local = ref.startsWith("refs/heads/");
    const branch = local
      ? ref.slice("refs/heads/".length)
      : ref.slice("refs/remotes/".length).replace(/^[^/]+\//, "");
    if (!branch || branch === "HEAD") continue;
    const t = resolveBranchType(config, branch);
    // deny arrives expanded ("@models" -> the models globs): a data type denies every one.
    const deny = t?.type.deny ?? [];
    const denies = models.length > 0 && models.every((g) => deny.includes(g));
    const score = (t?.type.split ? 4 : 0) + (denies ? 2 : 0) + (local ? 1 : 0);
    out.push({ ref, branch, type: t?.name ?? null, score });
  }
  return out;
}

// Refs per `for-each-ref` call, by bytes: tens of thousands of branches (one per experiment)
// would pass the system's argument limit (2 MiB on Linux, less elsewhere) in one call.
const ARG_BYTES = 128 * 1024;

function byArgBytes(level: Candidate[]): Candidate[][] {
  const out: Candidate[][] = [];
  let bytes = ARG_BYTES;
  for (const c of level) {
    if (bytes + c.ref.length + 1 > ARG_BYTES) {
      out.push([]);
      bytes = 0;
    }
    out[out.length - 1].push(c);
    bytes += c.ref.length + 1;
  }
  return out;
}

/**
 * The branch a snapshot's data came from: a branch that holds the commits that introduced the
 * data files, preferring a type with a split rule, then a type that denies models (a data
 * type), then any; local branches before remote-tracking ones. Null when none holds them.
 */
export function dataBranch(
  root: string,
  config: Config,
  introducers: string[],
): { branch: string; type: string | null } | null {
  // The commits that introduced most files are enough (at most three).
  const count = new Map<string, number>();
  for (const c of introducers) count.set(c, (count.get(c) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1]).slice(0, 3);
  if (!top.length) return null;
  const all = candidates(root, config);
  // Best score first, and only that score's branches asked whether they contain the commit:
  // `--contains` over every branch walks the whole history (seconds at 100k commits), while
  // the split branch that holds a split commit answers at once.
  for (const score of [...new Set(all.map((c) => c.score))].sort((a, b) => b - a)) {
    const level = all.filter((c) => c.score === score);
    for (const [c] of top)
      for (const part of byArgBytes(level)) {
        const r = runGit(
          ["for-each-ref", "--format=%(refname)", "--contains", c, ...part.map((l) => l.ref)],
          { cwd: root, okCodes: [129] },
        );
        if (r.code !== 0) break;
        const holds = new Set(r.stdout.toString("utf8").split("\n").filter(Boolean));
        const hit = part.find((l) => holds.has(l.ref));
        if (hit) return { branch: hit.branch, type: hit.type };
      }
  }
  return null;
}
