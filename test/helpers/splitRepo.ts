import type { Repo } from "./withRepo.js";

/** JSONL records r<from>..r<to-1>, one per line. */
export const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => JSON.stringify({ id: `r${from + i}`, v: i })).join(
    "\n",
  ) + "\n";

/** A repo on branch `split` (the default config's split type); returns main's first commit. */
export function onSplitBranch(repo: Repo): string {
  repo.write("README.md", "# project\n");
  const base = repo.commit("init");
  repo.git("checkout", "-q", "-b", "split");
  return base;
}

/** A split commit's message, derived from `sha` on main. */
export const trailer = (sha: string) => `split data\n\nDerived-From: main@${sha.slice(0, 10)}`;
