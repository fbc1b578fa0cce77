import { P } from "./common.js";

/** How to fill the cache by hand, or point the check at a mirror. */
export const referenceFix = (repo: string, rev: string) =>
  `check access (git ls-remote ${repo} ${rev}) and commit again, or fill the cache now with \`mlbranch drift --reference '${repo}#${rev}:<path>' --current <file>\`; a server or CI without access uses a mirror: git config url.<mirror>.insteadOf ${repo}`;

/** Messages about references in another repository (monitor.reference with "<repository>#"). */
export const referenceMsg = {
  unreachable: (repo: string, rev: string, why: string) =>
    `${P} cannot fetch ${rev} from ${repo} (${why}) and it is not in the reference cache. Fix: ${referenceFix(repo, rev)}.`,
  noSuchRev: (repo: string, rev: string) =>
    `${P} the repository ${repo} has no ${rev} (no such tag or branch there). Check the tag the records name and monitor.reference in mlbranch.json; \`git ls-remote --tags ${repo}\` lists its tags.`,
  badRev: (rev: string) =>
    `${P} "${rev}" is not a valid tag or branch name to fetch; check the model tag the records name.`,
  badSpec: (spec: string, why: string) =>
    `${P} the reference "${spec}" ${why}. Write "<rev>:<path>" for this repository or "<repository>#<rev>:<path>" for another one (e.g. "git@host:team/model.git#model-3:data/train.*").`,
  notThere: (spec: string, why: string, rev: string) =>
    `${P} the reference "${spec}" ${why}. Check the path in monitor.reference of mlbranch.json (or --reference); \`git ls-tree -r --name-only ${rev}\` in the model's repository lists its files.`,
  lfsUnreachable: (repo: string, path: string, why: string) =>
    `${P} ${path} in ${repo} is a Git LFS pointer whose object cannot be fetched (${why}). Fix: check that ${repo} serves Git LFS to you (git lfs ls-files), then try again.`,
};
